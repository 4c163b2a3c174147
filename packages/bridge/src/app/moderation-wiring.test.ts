import t from 'tap';
import { callerIdOf, callerKeyOf, leaveReasonOf, recordingFileName } from './moderation-wiring.js';

t.test("a caller's own hang-up is a caller-bye leave", async (t) => {
  t.same(['remote-bye', 'cancel', 'rtp-timeout', 'media-lost', 'SIGTERM', 'answer-failed', undefined].map(leaveReasonOf), ['caller-bye', 'caller-bye', 'rtp-timeout', 'rtp-timeout', 'shutdown', 'hangup', 'hangup']);
});

t.test('recordings are named by room and UTC time, sortable and without colons', async (t) => {
  t.equal(recordingFileName('583920417', new Date('2026-11-23T00:45:07.123Z')), '583920417-20261123T004507Z.wav');
});

t.test('the identity a ban applies to', async (t) => {
  const trunk = { kind: 'trunk', trunk: 'carrier', sourceAddress: '203.0.113.5', callerId: '+15551234567', sourceKey: 'trunk:carrier:+15551234567' } as const;
  t.equal(callerKeyOf(trunk), 'carrier:+15551234567', 'a trunk caller by its number (never the trunk IP)');
  t.equal(callerKeyOf({ ...trunk, callerId: undefined, sourceKey: 'trunk:carrier:anonymous' }), undefined, 'anonymous trunk callers cannot be banned');
  const direct = { kind: 'direct', sourceAddress: '192.0.2.7', fromUser: 'alice', sourceKey: 'ip:192.0.2.7' } as const;
  t.equal(callerKeyOf(direct), 'alice@192.0.2.7');
  t.equal(callerIdOf(direct), 'alice');
  t.equal(callerIdOf(trunk), '+15551234567');
});
