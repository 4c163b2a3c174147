import t from 'tap';
import { ManualClock } from './clock.js';
import { createAbusePolicy } from './abuse-policy.js';
import { InMemoryBlockList } from './policy-ports.js';
import { sourceKeysFor } from './source-keys.js';

t.test('createAbusePolicy wires attempts, admission and IVR caps over one state', async (t) => {
  const clock = new ManualClock(1000);
  const blockList = new InMemoryBlockList();
  blockList.add('203.0.113.99');
  const policy = createAbusePolicy({ clock, blockList });
  t.same(policy.admission.check({ sourceIp: '203.0.113.99', isTrunk: false, requestUser: 'x', method: 'INVITE', nowMs: 1000 }), { action: 'drop', reason: 'banned' }, 'block list shared');
  t.same(policy.admission.check({ sourceIp: '203.0.113.1', isTrunk: false, requestUser: 'x', method: 'INVITE', nowMs: 1000 }), { action: 'accept' });
  const keys = sourceKeysFor({ transport: 'direct', sourceIp: '203.0.113.1', fromUser: 'bob', isAnonymous: false });
  t.ok(policy.ivrSessions.tryOpen(keys[0]?.id ?? ''));
  const begun = policy.attempts.beginAttempt({ sourceKeys: keys, roomId: 'R', rolePath: 'participant', verified: false, nowMs: 1000 });
  t.equal(begun.action, 'proceed');
  const c = policy.counters();
  t.equal(c.attempts.attemptsBegun, 1);
  t.equal(c.admission.accepted, 1);
  t.equal(c.admission.droppedBanned, 1);
  t.equal(c.ivrSessionsOpen, 1);
  t.ok(c.stateEntries >= 3, 'admission, source and room records share the state');
});
