import t from 'tap';
import { ConferenceModerator } from '../moderation/index.js';
import { roomSummaryFor, rosterEntryFor } from './live-state.js';

const facts = (callId: string, callerId?: string) => ({
  callId,
  ...(callerId === undefined ? {} : { callerId }),
  joinedAt: '2026-11-23T01:00:00.000Z',
  codec: 'PCMU',
  lossPct: 2,
  jitterMs: 7,
  isTalking: false,
});

t.test('roster lines take names, mute and hands from the moderator', async (t) => {
  const m = new ConferenceModerator();
  m.join({ id: 'h', role: 'host', displayName: 'Hannah' });
  m.join({ id: 'g1', role: 'guest', hasRecordedName: true });
  m.join({ id: 'g2', role: 'guest' });
  m.handle('g2', 'toggle-hand');
  m.handle('g1', 'toggle-hand');
  m.handle('h', 'toggle-mute-all');
  t.same(rosterEntryFor(m, facts('h', '+4930123456789')), {
    callId: 'h', displayName: 'Hannah', hasRecordedName: false, callerId: '+4930123456789', role: 'host', isMuted: false,
    isTalking: false, joinedAt: '2026-11-23T01:00:00.000Z', codec: 'PCMU', lossPct: 2, jitterMs: 7,
  });
  t.match(rosterEntryFor(m, facts('g1')), { hasRecordedName: true, role: 'guest', isMuted: true, handPosition: 2 });
  t.equal(rosterEntryFor(m, facts('g1'))?.callerId, undefined, 'anonymous');
  t.match(rosterEntryFor(m, facts('g2')), { handPosition: 1 });
  m.leave('g2');
  t.equal(rosterEntryFor(m, facts('g2')), undefined);
});

t.test('room lines carry the moderator flags', async (t) => {
  const m = new ConferenceModerator();
  m.join({ id: 'h', role: 'host' });
  m.handle('h', 'toggle-lock');
  m.handle('h', 'toggle-lecture-mode');
  t.same(roomSummaryFor({ roomId: '583920417', state: 'active', participantCount: 1, hasHost: true }, m), {
    roomId: '583920417', state: 'active', participantCount: 1, hasHost: true, isLocked: true, isMuteAll: false, isLectureMode: true, isRecording: false,
  });
});
