import t from 'tap';
import { ConferenceRoom, type RoomEffect } from './conference-room.js';
import { countPrompts } from './count-prompts.js';

const room = (waitForHost = true, maxParticipants = 10) => new ConferenceRoom({ roomId: '123456789', waitForHost, maxParticipants });
const kinds = (effects: RoomEffect[]) =>
  effects.map((e) => {
    switch (e.kind) {
      case 'play-caller':
        return `play ${e.participantId} ${e.items.map((i) => (i.kind === 'prompt' ? i.name : i.kind)).join('+')}${e.loop ? ' loop' : ''} then ${e.then}`;
      case 'play-room':
        return `room ${e.items.map((i) => (i.kind === 'tone' ? i.name : i.kind === 'prompt' ? i.name : i.kind)).join('+')}`;
      case 'stop-caller-playback':
        return `stop ${e.participantId}`;
      case 'bridge':
        return `bridge ${e.participantId}${e.isMuted ? ' muted' : ''}`;
      case 'unbridge':
        return `unbridge ${e.participantId}`;
      case 'set-mute':
        return `mute ${e.participantId} ${e.isMuted}`;
      case 'hangup':
        return `hangup ${e.participantId} ${e.reason}`;
      case 'moderation':
        return `moderation ${e.effect.kind}`;
      case 'closed':
        return 'closed';
      default: {
        const never: never = e;
        return String(never);
      }
    }
  });

t.test('count prompts', async (t) => {
  t.same(countPrompts(0), ['first-participant']);
  t.same(countPrompts(1), ['one-other']);
  t.same(countPrompts(12), ['there-are', '1', '2', 'other-participants']);
});

t.test('guests wait on looped music until the host arrives, then everyone is bridged', async (t) => {
  const r = room();
  t.same(kinds(r.join('g1', 'guest')), ['play g1 wait-for-host+music loop then nothing']);
  t.equal(r.state, 'waiting-for-host');
  t.same(kinds(r.join('g2', 'guest')), ['play g2 wait-for-host+music loop then nothing']);
  t.same(kinds(r.join('h', 'host')), [
    'play h there-are+2+other-participants then bridge',
    'stop g1',
    'bridge g1',
    'stop g2',
    'bridge g2',
  ]);
  t.equal(r.state, 'active');
  t.same(kinds(r.playbackDone('h', 'bridge')), ['bridge h']);
  t.same(kinds(r.playbackDone('h', 'bridge')), [], 'bridging twice is impossible');
});

t.test('the first host hears "first participant"; later joiners hear the count and the others an entry tone', async (t) => {
  const r = room();
  t.same(kinds(r.join('h', 'host')), ['play h first-participant then bridge']);
  r.playbackDone('h', 'bridge');
  t.same(kinds(r.join('g1', 'guest')), ['room entry', 'play g1 one-other then bridge']);
  r.playbackDone('g1', 'bridge');
  t.same(kinds(r.leave('g1')), ['unbridge g1', 'room exit']);
  t.same(kinds(r.leave('h')), ['unbridge h', 'closed']);
  t.equal(r.state, 'closed');
});

t.test('without wait-for-host the first guest is bridged at once', async (t) => {
  const r = room(false);
  t.same(kinds(r.join('g1', 'guest')), ['play g1 first-participant then bridge']);
  t.equal(r.state, 'active');
});

t.test('a full room refuses the joiner with a message and never adds it', async (t) => {
  const r = room(false, 2);
  r.join('a', 'guest');
  r.join('b', 'guest');
  t.same(kinds(r.join('c', 'guest')), ['play c conference-full+goodbye then hangup']);
  t.equal(r.size, 2);
  t.same(kinds(r.playbackDone('c', 'hangup')), ['hangup c refused']);
});

t.test('the room closes when the last waiting guest leaves', async (t) => {
  const r = room();
  r.join('g1', 'guest');
  t.same(kinds(r.leave('g1')), ['closed']);
  t.same(r.leave('g1'), [], 'leaving twice is harmless');
});

t.test('host ends: everyone hears the end message, then is hung up', async (t) => {
  const r = room();
  r.join('g1', 'guest');
  r.join('h', 'host');
  r.playbackDone('h', 'bridge');
  t.same(kinds(r.handle('h', 'end-conference')), ['play g1 host-ended then hangup', 'play h host-ended then hangup']);
  t.same(kinds(r.playbackDone('g1', 'hangup')), ['hangup g1 ended']);
});

t.test('moderation hooks: lock refuses guests but not hosts; mute-all mutes later joiners', async (t) => {
  const r = room(false);
  r.join('h', 'host');
  t.same(kinds(r.handle('h', 'toggle-lock')), ['room locked']);
  t.same(kinds(r.join('g', 'guest')), ['play g conference-locked+goodbye then hangup']);
  t.same(kinds(r.join('h2', 'host')), ['play h2 one-other then bridge']);
  r.handle('h', 'toggle-lock');
  r.handle('h', 'toggle-mute-all');
  const joined = kinds(r.join('g2', 'guest'));
  t.notOk(joined.includes('mute g2 true'), 'a joiner is not in the mix yet: its bridge carries the mute');
  t.same(kinds(r.playbackDone('g2', 'bridge')), ['bridge g2 muted']);
  t.same(kinds(r.handle('nobody', 'toggle-lock')), [], 'strangers cannot act');
});

t.test('issue 7 joins: banned callers are refused, later joiners hear the recording notice, names announce entry and exit', async (t) => {
  const seen: string[] = [];
  const r = new ConferenceRoom({
    roomId: '123456789',
    waitForHost: false,
    maxParticipants: 10,
    announce: 'name',
    namePrompt: (id) => `name-of-${id}`,
    onModerationEffects: (effects) => seen.push(...effects.map((e) => e.kind)),
  });
  r.join('h', 'host');
  r.playbackDone('h', 'bridge');
  t.same(kinds(r.join('g1', 'guest', { callerKey: 'alice@127.0.0.1', hasRecordedName: true })), ['room name-of-g1+has-joined', 'play g1 one-other then bridge']);
  r.playbackDone('g1', 'bridge');
  t.same(kinds(r.join('g2', 'guest', { callerKey: 'bob@127.0.0.1' })), ['room entry', 'play g2 there-are+2+other-participants then bridge'], 'no recorded name: the tone');
  r.playbackDone('g2', 'bridge');
  t.same(kinds(r.handle('h', 'remove-last-guest')), ['moderation ban', 'play g2 removed then hangup']);
  r.leave('g2');
  t.same(kinds(r.join('g3', 'guest', { callerKey: 'BOB@127.0.0.1' })), ['play g3 removed+goodbye then hangup'], 'the removed caller cannot rejoin');
  t.same(kinds(r.handle('h', 'toggle-recording')), ['moderation recording', 'room recording-started']);
  t.same(kinds(r.join('g4', 'guest', { callerKey: 'carol@127.0.0.1' })), ['room entry', 'play g4 recording-started+there-are+2+other-participants then bridge']);
  r.playbackDone('g4', 'bridge');
  t.same(kinds(r.leave('g1')), ['unbridge g1', 'room name-of-g1+has-left']);
  t.same(kinds(r.remove('g4', ['goodbye'])), ['play g4 goodbye then hangup'], 'remove: one caller hears the prompts, then BYE');
  t.ok(seen.includes('ban') && seen.includes('recording'), 'moderation effects are reported for live events');
});

t.test('auto-lock and auto-record on the first host come after the holders are bridged', async (t) => {
  const r = new ConferenceRoom({ roomId: '123456789', waitForHost: true, maxParticipants: 10, moderator: { autoLockOnHost: true, autoRecordOnHost: true } });
  r.join('g1', 'guest');
  t.same(kinds(r.join('h', 'host')), [
    'play h recording-started+one-other then bridge',
    'stop g1',
    'bridge g1',
    'room locked',
    'moderation recording',
    'room recording-started',
  ]);
  t.same(kinds(r.join('g2', 'guest')), ['play g2 conference-locked+goodbye then hangup']);
});
