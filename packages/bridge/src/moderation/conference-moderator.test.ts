import t from 'tap';
import { ConferenceModerator, type ModerationEffect } from './conference-moderator.js';

function room() {
  const m = new ConferenceModerator();
  m.join({ id: 'host', role: 'host', displayName: 'Hannah' });
  m.join({ id: 'g1', role: 'guest', hasRecordedName: true });
  m.join({ id: 'g2', role: 'guest', displayName: 'Gus' });
  return m;
}
const mutes = (effects: ModerationEffect[]) =>
  effects.filter((e) => e.kind === 'set-mute').map((e) => (e.kind === 'set-mute' ? `${e.participantId}:${e.isMuted}` : ''));

t.test('*6 toggles self mute with a confirmation prompt', async (t) => {
  const m = room();
  t.same(m.handle('g1', 'toggle-self-mute'), [
    { kind: 'set-mute', participantId: 'g1', isMuted: true },
    { kind: 'prompt-caller', participantId: 'g1', prompts: ['muted'] },
  ]);
  t.same(m.handle('g1', 'toggle-self-mute'), [
    { kind: 'set-mute', participantId: 'g1', isMuted: false },
    { kind: 'prompt-caller', participantId: 'g1', prompts: ['unmuted'] },
  ]);
});

t.test('*9 tells the place in line; *1 gives the floor to the first hand', async (t) => {
  const m = room();
  t.same(m.handle('g2', 'toggle-hand'), [{ kind: 'prompt-caller', participantId: 'g2', prompts: ['hand-raised', 'in-line-first'] }]);
  t.same(m.handle('g1', 'toggle-hand'), [{ kind: 'prompt-caller', participantId: 'g1', prompts: ['hand-raised', 'in-line-second'] }]);
  t.same(m.snapshot().raisedHands, ['g2', 'g1']);
  m.handle('host', 'toggle-lecture-mode');
  t.equal(m.participant('g2')?.isMuted, true, 'lecture mode mutes guests');
  const floor = m.handle('host', 'give-floor');
  t.same(mutes(floor), ['g2:false']);
  t.same(floor.at(-1), { kind: 'prompt-caller', participantId: 'g2', prompts: ['you-have-the-floor'] });
  t.same(m.snapshot().raisedHands, ['g1']);
  t.equal(m.participant('g1')?.isMuted, true, 'others stay muted in lecture mode');
});

t.test('*1 with no raised hand plays the error tone', async (t) => {
  t.same(room().handle('host', 'give-floor'), [{ kind: 'error-tone', participantId: 'host' }]);
});

t.test('*5 mutes every guest, not hosts, and later joiners start muted', async (t) => {
  const m = room();
  const effects = m.handle('host', 'toggle-mute-all');
  t.same(mutes(effects), ['g1:true', 'g2:true']);
  t.same(effects.at(-1), { kind: 'announce-room', prompts: ['all-muted'] });
  t.same(m.join({ id: 'g3', role: 'guest' }), [{ kind: 'set-mute', participantId: 'g3', isMuted: true }]);
  t.same(m.join({ id: 'h2', role: 'host' }), []);
  t.same(mutes(m.handle('host', 'toggle-mute-all')), ['g1:false', 'g2:false', 'g3:false']);
});

t.test('a self-muted guest stays muted when mute-all ends', async (t) => {
  const m = room();
  m.handle('g1', 'toggle-self-mute');
  m.handle('host', 'toggle-mute-all');
  m.handle('host', 'toggle-mute-all');
  t.equal(m.participant('g1')?.isMuted, true);
  t.equal(m.participant('g2')?.isMuted, false);
});

t.test('*7 locks and unlocks with a room announcement', async (t) => {
  const m = room();
  t.same(m.handle('host', 'toggle-lock'), [{ kind: 'announce-room', prompts: ['locked'] }]);
  t.ok(m.locked);
  t.same(m.handle('host', 'toggle-lock'), [{ kind: 'announce-room', prompts: ['unlocked'] }]);
  t.same(m.setLocked(false), [], 'no announcement when nothing changes');
});

t.test('*3 bans the removed caller identity for the rest of the meeting', async (t) => {
  const m = new ConferenceModerator();
  m.join({ id: 'host', role: 'host' });
  m.join({ id: 'eve', role: 'guest', callerKey: '+15551234567' });
  t.same(m.handle('host', 'remove-last-guest')[0], { kind: 'ban', participantId: 'eve' });
  m.leave('eve');
  t.equal(m.isBanned('+15551234567'), true);
  t.equal(m.isBanned('+15557654321'), false);
});

t.test('kick from the API, with and without ban', async (t) => {
  const m = new ConferenceModerator();
  m.join({ id: 'g1', role: 'guest', callerKey: 'sip:a@example.com' });
  m.join({ id: 'g2', role: 'guest', callerKey: 'sip:b@example.com' });
  t.same(m.kick('g1', { ban: false }), [{ kind: 'disconnect', participantId: 'g1', reason: 'removed', prompts: ['removed'] }]);
  t.equal(m.isBanned('sip:a@example.com'), false);
  t.same(m.kick('g2', { ban: true }), [
    { kind: 'ban', participantId: 'g2' },
    { kind: 'disconnect', participantId: 'g2', reason: 'removed', prompts: ['removed'] },
  ]);
  t.equal(m.isBanned('sip:b@example.com'), true);
  t.same(m.kick('nobody', { ban: true }), []);
});

t.test('auto-lock and auto-record on the first host join only', async (t) => {
  const m = new ConferenceModerator({ autoLockOnHost: true, autoRecordOnHost: true });
  t.same(m.join({ id: 'g1', role: 'guest' }), []);
  t.same(m.joinNotices(), []);
  t.same(m.join({ id: 'h1', role: 'host' }), [
    { kind: 'announce-room', prompts: ['locked'] },
    { kind: 'recording', isRecording: true },
    { kind: 'announce-room', prompts: ['recording-started'] },
  ]);
  t.ok(m.locked);
  t.same(m.joinNotices(), ['recording-started'], 'later joiners hear the recording notice');
  m.setLocked(false);
  m.leave('h1');
  t.same(m.join({ id: 'h2', role: 'host' }), [], 'a later host does not lock again');
  t.notOk(m.locked);
  const plain = new ConferenceModerator();
  t.same(plain.join({ id: 'h1', role: 'host' }), [], 'off by default');
});

t.test('*3 bans and removes the last guest who joined', async (t) => {
  const m = room();
  t.same(m.handle('host', 'remove-last-guest'), [
    { kind: 'ban', participantId: 'g2' },
    { kind: 'disconnect', participantId: 'g2', reason: 'removed', prompts: ['removed'] },
  ]);
  m.leave('g2');
  t.equal(m.handle('host', 'remove-last-guest')[0]?.kind, 'ban');
  m.leave('g1');
  t.same(m.handle('host', 'remove-last-guest'), [{ kind: 'error-tone', participantId: 'host' }]);
});

t.test('*2 toggles recording with a notice to the room', async (t) => {
  const m = room();
  t.same(m.handle('host', 'toggle-recording'), [
    { kind: 'recording', isRecording: true },
    { kind: 'announce-room', prompts: ['recording-started'] },
  ]);
  t.equal(m.snapshot().isRecording, true);
  t.same(m.handle('host', 'toggle-recording')[1], { kind: 'announce-room', prompts: ['recording-stopped'] });
});

t.test('## disconnects everyone with the end message', async (t) => {
  const effects = room().handle('host', 'end-conference');
  t.same(effects.map((e) => (e.kind === 'disconnect' ? `${e.participantId}:${e.reason}` : e.kind)), ['host:ended', 'g1:ended', 'g2:ended']);
});

t.test('*8 lists everyone present with names where known', async (t) => {
  const [effect] = room().handle('host', 'roll-call');
  t.same(effect, {
    kind: 'roll-call',
    participantId: 'host',
    names: [
      { participantId: 'host', hasRecordedName: false, displayName: 'Hannah' },
      { participantId: 'g1', hasRecordedName: true },
      { participantId: 'g2', hasRecordedName: false, displayName: 'Gus' },
    ],
  });
});

t.test('*0 reads the menu for the role', async (t) => {
  const m = room();
  t.same(m.handle('g1', 'help'), [{ kind: 'prompt-caller', participantId: 'g1', prompts: ['help-guest'] }]);
  t.same(m.handle('host', 'help'), [{ kind: 'prompt-caller', participantId: 'host', prompts: ['help-host'] }]);
});

t.test('unknown actors get nothing', async (t) => {
  t.same(room().handle('nobody', 'toggle-lock'), []);
});
