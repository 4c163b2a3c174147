import t from 'tap';
import { ConferenceModerator } from '../moderation/index.js';
import { moderationEvents } from './moderation-events.js';

const AT = '2026-11-23T01:00:00.000Z';
const ROOM = '583920417';

function room(): ConferenceModerator {
  const m = new ConferenceModerator();
  m.join({ id: 'h', role: 'host' });
  m.join({ id: 'g1', role: 'guest' });
  m.join({ id: 'g2', role: 'guest' });
  return m;
}

t.test('keypad actions become the live events a dashboard shows', async (t) => {
  const m = room();
  t.same(moderationEvents(ROOM, m.handle('h', 'toggle-lock'), AT), [{ type: 'lock', at: AT, roomId: ROOM, isLocked: true }]);
  t.same(moderationEvents(ROOM, m.handle('g2', 'toggle-hand'), AT), [{ type: 'hand', at: AT, roomId: ROOM, callId: 'g2', isRaised: true }]);
  t.same(moderationEvents(ROOM, m.handle('h', 'toggle-lecture-mode'), AT), [
    { type: 'mute', at: AT, roomId: ROOM, callId: 'g1', isMuted: true },
    { type: 'mute', at: AT, roomId: ROOM, callId: 'g2', isMuted: true },
    { type: 'mode', at: AT, roomId: ROOM, mode: 'lecture' },
  ]);
  t.same(moderationEvents(ROOM, m.handle('h', 'give-floor'), AT), [
    { type: 'mute', at: AT, roomId: ROOM, callId: 'g2', isMuted: false },
    { type: 'floor', at: AT, roomId: ROOM, callId: 'g2' },
  ]);
  t.same(moderationEvents(ROOM, m.handle('h', 'toggle-recording'), AT), [{ type: 'recording', at: AT, roomId: ROOM, isRecording: true }]);
  t.same(moderationEvents(ROOM, m.handle('h', 'roll-call'), AT), [], 'a roll call concerns the host only');
  t.same(moderationEvents(ROOM, m.handle('h', 'end-conference'), AT), [{ type: 'ended', at: AT, roomId: ROOM, reason: 'host-ended' }], 'one event for everyone');
});
