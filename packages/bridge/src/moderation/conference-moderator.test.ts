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
