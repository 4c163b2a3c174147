import t from 'tap';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock.js';
import { PinAttemptPolicy } from './pin-attempt-policy.js';
import type { AttemptTicket, BeginAttemptResult } from './pin-attempt-policy.js';
import { POLICY_DEFAULTS } from './policy-config.js';
import type { PolicyConfig } from './policy-config.js';
import { InMemoryAlertSink, InMemoryAuditSink, InMemoryBlockList } from './policy-ports.js';
import { InMemoryPolicyState } from './policy-state.js';
import type { RolePath } from './policy-state.js';
import { sourceKeysFor } from './source-keys.js';
import type { SourceKey } from './source-keys.js';

function setup(config: PolicyConfig = POLICY_DEFAULTS) {
  const alerts = new InMemoryAlertSink();
  const audit = new InMemoryAuditSink();
  const blockList = new InMemoryBlockList();
  const policy = new PinAttemptPolicy({ config, state: new InMemoryPolicyState(), alerts, audit, blockList });
  return { policy, alerts, audit, blockList };
}

const caller = (n: number): readonly SourceKey[] => sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'carrier', callerId: `+4930${1000000 + n}`, isAnonymous: false });

function ticketOf(r: BeginAttemptResult): AttemptTicket {
  if (r.action !== 'proceed') throw new Error(`expected proceed, got ${r.reason}`);
  return r.ticket;
}

/** One failed entry; returns the refusal reason or 'failed'. */
function fail(policy: PinAttemptPolicy, keys: readonly SourceKey[], roomId: string, nowMs: number, rolePath: RolePath = 'participant', verified = false): string {
  const r = policy.beginAttempt({ sourceKeys: keys, roomId, rolePath, verified, nowMs });
  if (r.action === 'refuse') return r.reason;
  policy.completeAttempt(r.ticket, { success: false, nowMs });
  return 'failed';
}

function succeed(policy: PinAttemptPolicy, keys: readonly SourceKey[], roomId: string, nowMs: number, rolePath: RolePath = 'participant', verified = false): string {
  const r = policy.beginAttempt({ sourceKeys: keys, roomId, rolePath, verified, nowMs });
  if (r.action === 'refuse') return r.reason;
  const done = policy.completeAttempt(r.ticket, { success: true, nowMs });
  return done.ok ? `refunded ${done.value.refunded}` : 'error';
}

t.test('ladder: 5 failures lock 1 min, then 2, 4, 8 … capped at 24 h', async (t) => {
  const { policy } = setup();
  const keys = caller(1);
  let now = 0;
  const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440, 1440];
  for (const minutes of expected) {
    for (let i = 0; i < 4; i++) t.equal(fail(policy, keys, `room${minutes}-${i}`, now), 'failed');
    const r = policy.beginAttempt({ sourceKeys: keys, roomId: `roomX${minutes}`, rolePath: 'participant', verified: false, nowMs: now });
    const done = policy.completeAttempt(ticketOf(r), { success: false, nowMs: now });
    t.ok(done.ok && done.value.lockedUntilMs === now + minutes * MINUTE_MS, `lock of ${minutes} min`);
    const check = policy.checkSource(keys, now + minutes * MINUTE_MS - 1);
    t.equal(check.locked, true);
    t.equal(fail(policy, keys, 'room0', now + minutes * MINUTE_MS - 1), 'source-locked');
    now += minutes * MINUTE_MS;
    t.same(policy.checkSource(keys, now), { locked: false });
    now += 1; // also keeps the global bucket topped up between rounds
    now += HOUR_MS;
  }
});

t.test('ladder level is kept for 30 days, then forgotten', async (t) => {
  const { policy } = setup();
  const keys = caller(2);
  for (let i = 0; i < 5; i++) fail(policy, keys, 'r', 0);
  for (let i = 0; i < 5; i++) fail(policy, keys, 'r2', 2 * HOUR_MS);
  t.equal(policy.checkSource(keys, 2 * HOUR_MS + 2 * MINUTE_MS - 1).locked, true, 'second lock is 2 min');
  const t1 = 2 * HOUR_MS + 29 * DAY_MS;
  for (let i = 0; i < 5; i++) fail(policy, keys, `q${i}`, t1);
  const c1 = policy.checkSource(keys, t1);
  t.ok(c1.locked && c1.untilMs === t1 + 4 * MINUTE_MS, 'within 30 d the ladder continues at 4 min');
  const t2 = t1 + 31 * DAY_MS;
  for (let i = 0; i < 5; i++) fail(policy, keys, `z${i}`, t2);
  const c2 = policy.checkSource(keys, t2);
  t.ok(c2.locked && c2.untilMs === t2 + MINUTE_MS && c2.firstLock, 'after 30 d quiet it restarts at 1 min');
});

t.test('three failures, call back: two more tries before the first 1-minute lock', async (t) => {
  const { policy } = setup();
  const keys = caller(3);
  for (let i = 0; i < 3; i++) t.equal(fail(policy, keys, 'r', i * 3000), 'failed');
  t.equal(fail(policy, keys, 'r', 60_000), 'failed');
  t.equal(policy.checkSource(keys, 60_000).locked, false);
  t.equal(fail(policy, keys, 'r', 63_000), 'failed');
  const c = policy.checkSource(keys, 63_000);
  t.ok(c.locked && c.firstLock && c.untilMs === 63_000 + MINUTE_MS);
});

t.test('refunds: same source, same room and role, within 15 min only', async (t) => {
  const { policy } = setup();
  const keys = caller(4);
  fail(policy, keys, 'A', 0);
  fail(policy, keys, 'A', 1000);
  t.equal(succeed(policy, keys, 'A', 2000), 'refunded 3', 'two failures plus the success charge');
  fail(policy, keys, 'A', 10_000);
  fail(policy, keys, 'A', 11_000);
  t.equal(succeed(policy, keys, 'B', 12_000), 'refunded 1', 'success on another room refunds only its own charge');
  fail(policy, keys, 'A', 13_000);
  fail(policy, keys, 'A', 14_000);
  // 4 unredeemed failures on A now; one more locks.
  t.equal(fail(policy, keys, 'A', 15_000), 'failed');
  t.equal(policy.checkSource(keys, 15_000).locked, true, 'success elsewhere did not reset the ladder');

  const later = setup();
  fail(later.policy, keys, 'A', 0);
  t.equal(succeed(later.policy, keys, 'A', 15 * MINUTE_MS + 1), 'refunded 1', 'a failure older than 15 min is not refunded');
  const other = caller(5);
  fail(later.policy, keys, 'A', 20 * MINUTE_MS);
  t.equal(succeed(later.policy, other, 'A', 20 * MINUTE_MS + 1), 'refunded 1', "another source's success refunds nothing of ours");
  t.equal(succeed(later.policy, keys, 'A', 20 * MINUTE_MS + 2, 'host'), 'refunded 1', 'host path success does not refund participant failures');
});

t.test('refund restores global tokens and the room budget', async (t) => {
  const { policy } = setup();
  const keys = caller(6);
  fail(policy, keys, 'A', 0);
  fail(policy, keys, 'A', 0);
  t.equal(policy.globalTokens(0), 48);
  succeed(policy, keys, 'A', 0);
  t.equal(policy.globalTokens(0), 50);
});

t.test('room budget (participant): alert at 5/h, lock unverified at 10/24 h, disable at 100', async (t) => {
  const { policy, alerts } = setup();
  let n = 100;
  for (let i = 0; i < 4; i++) fail(policy, caller(n++), 'R', i);
  t.equal(alerts.alerts.filter((a) => a.cause === 'room-failures').length, 0);
  fail(policy, caller(n++), 'R', 10);
  t.equal(alerts.alerts.filter((a) => a.cause === 'room-failures').length, 1, 'fifth failure in the hour alerts');
  for (let i = 0; i < 5; i++) t.equal(fail(policy, caller(n++), 'R', 20 + i), 'failed');
  t.equal(fail(policy, caller(n++), 'R', 30), 'room-locked', 'eleventh unverified entry refused');
  t.ok(alerts.alerts.some((a) => a.cause === 'room-locked'));
  t.equal(fail(policy, caller(n++), 'R', DAY_MS - 1), 'room-locked', 'still locked just before 24 h');
  t.equal(fail(policy, caller(n++), 'R', DAY_MS + 30), 'failed', 'unlocks after 24 h');
  // owner action lifts the lock immediately
  for (let i = 0; i < 9; i++) fail(policy, caller(n++), 'R', DAY_MS + 40 + i);
  t.equal(fail(policy, caller(n++), 'R', DAY_MS + 60), 'room-locked');
  policy.unlockRoom('R', 'participant', DAY_MS + 61);
  t.equal(fail(policy, caller(n++), 'R', DAY_MS + 62), 'failed', 'owner unlock');
  // keep going day by day until 100 since set → disabled
  let now = 2 * DAY_MS;
  let disabledAt = -1;
  for (let day = 0; day < 20 && disabledAt < 0; day++) {
    for (let i = 0; i < 10; i++) {
      const r = fail(policy, caller(n++), 'R', now + i);
      if (r === 'pin-disabled') { disabledAt = policy.counters().pinsDisabled; break; }
    }
    now += DAY_MS + 100;
  }
  t.equal(disabledAt, 1, 'PIN disabled');
  t.ok(alerts.alerts.some((a) => a.cause === 'pin-disabled'));
  t.equal(succeed(policy, caller(n++), 'R', now), 'pin-disabled', 'even a right PIN is refused until rotation');
  policy.pinRotated('R', 'participant');
  t.equal(succeed(policy, caller(n++), 'R', now), 'refunded 1', 'rotation re-enables the PIN');
});

t.test('room budget (host): alert at 3, lock at 5, disable at 50; separate from participant', async (t) => {
  const { policy, alerts } = setup();
  let n = 1000;
  for (let i = 0; i < 3; i++) fail(policy, caller(n++), 'H', i, 'host');
  t.equal(alerts.alerts.filter((a) => a.cause === 'room-failures' && a.rolePath === 'host').length, 1);
  for (let i = 0; i < 2; i++) t.equal(fail(policy, caller(n++), 'H', 10 + i, 'host'), 'failed');
  t.equal(fail(policy, caller(n++), 'H', 20, 'host'), 'room-locked');
  t.equal(fail(policy, caller(n++), 'H', 21, 'participant'), 'failed', 'participant path has its own budget');
  let now = DAY_MS + 100;
  let disabled = false;
  for (let day = 0; day < 12 && !disabled; day++) {
    for (let i = 0; i < 5; i++) if (fail(policy, caller(n++), 'H', now + i, 'host') === 'pin-disabled') disabled = true;
    now += DAY_MS + 100;
  }
  t.ok(disabled);
  t.equal(policy.counters().pinsDisabled, 1);
});

t.test('verified sources skip room locks and the global budget, not per-source limits', async (t) => {
  const { policy } = setup();
  const sip = (ip: string) => sourceKeysFor({ transport: 'direct', sourceIp: ip, fromUser: 'alice', isAnonymous: false });
  const alice = sip('192.0.2.10');
  t.equal(succeed(policy, alice, 'R', 0, 'participant', true), 'refunded 1', 'first join');
  let n = 2000;
  for (let i = 0; i < 10; i++) fail(policy, caller(n++), 'R', 10 + i);
  t.equal(fail(policy, caller(n++), 'R', 100), 'room-locked');
  t.equal(fail(policy, alice, 'R', 200, 'participant', false), 'room-locked', 'unauthenticated identity is not verified by default');
  t.equal(fail(policy, alice, 'R', 300, 'participant', true), 'failed', 'verified passes the room lock');
  // drain the global bucket
  for (let i = 0; i < 60; i++) fail(policy, caller(n++), `x${i}`, 400);
  t.equal(fail(policy, caller(n++), 'y', 400), 'global-budget');
  t.equal(succeed(policy, alice, 'R', 500, 'participant', true), 'refunded 2', 'verified joins with the bucket empty');
  for (let i = 0; i < 5; i++) fail(policy, alice, 'R', 600 + i, 'participant', true);
  t.equal(fail(policy, alice, 'R', 700, 'participant', true), 'source-locked', 'per-source ladder still applies');
});

t.test('global bucket: 50 burst, 50/h refill, refusal before the PIN prompt alerts ops', async (t) => {
  const { policy, alerts } = setup();
  for (let i = 0; i < 50; i++) t.equal(fail(policy, caller(3000 + i), `g${i}`, 0), 'failed');
  t.equal(fail(policy, caller(4000), 'g', 0), 'global-budget');
  const pre = policy.checkEntry({ sourceKeys: caller(4001), roomId: 'g', verified: false, nowMs: 0 });
  t.ok(pre.action === 'refuse' && pre.reason === 'global-budget' && pre.retryAfterMs === 72_000, 'one token per 72 s');
  t.ok(alerts.alerts.some((a) => a.cause === 'global-budget-empty'));
  t.equal(fail(policy, caller(4002), 'g', 72_000), 'failed');
  t.equal(fail(policy, caller(4003), 'g', 72_001), 'global-budget');
  t.equal(policy.globalTokens(HOUR_MS * 5), 50, 'capped at burst');
});

t.test('anonymous callers share one bucket per trunk: 20/h then 1 h lock', async (t) => {
  const { policy } = setup();
  const anon = (trunk: string) => sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk, isAnonymous: true });
  for (let i = 0; i < 19; i++) t.equal(fail(policy, anon('a'), `r${i}`, i * 1000), 'failed');
  t.equal(policy.checkSource(anon('a'), 19_000).locked, false, 'not locked at 19');
  t.equal(fail(policy, anon('a'), 'r', 20_000), 'failed');
  const c = policy.checkSource(anon('a'), 20_000);
  t.ok(c.locked && c.untilMs === 20_000 + HOUR_MS && c.reason === 'anonymous');
  t.equal(policy.checkSource(anon('b'), 20_000).locked, false, 'other trunk unaffected');
  t.equal(policy.checkSource(anon('a'), 20_000 + HOUR_MS).locked, false);
  const old = setup();
  for (let i = 0; i < 19; i++) fail(old.policy, anon('a'), `r${i}`, 0);
  t.equal(fail(old.policy, anon('a'), 'r', HOUR_MS + 1), 'failed');
  t.equal(old.policy.checkSource(anon('a'), HOUR_MS + 1).locked, false, 'failures older than 1 h do not count');
});

t.test('unknown room IDs: 3 distinct in 10 min lock on the ladder and cost global tokens', async (t) => {
  const { policy } = setup();
  const keys = caller(5000);
  t.same(policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '111111111', nowMs: 0 }), { locked: false });
  t.same(policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '111111111', nowMs: 1 }), { locked: false }, 'repeat is not distinct');
  t.same(policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '222222222', nowMs: 2 }), { locked: false });
  t.same(policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '333333333', nowMs: 3 }), { locked: true, untilMs: 3 + MINUTE_MS });
  t.equal(policy.globalTokens(3), 46);
  const spaced = setup();
  spaced.policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '1', nowMs: 0 });
  spaced.policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '2', nowMs: 1 });
  t.same(spaced.policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '3', nowMs: 10 * MINUTE_MS + 1 }), { locked: false }, 'outside the 10 min window');
});

t.test('concurrency: 50 simultaneous entries on one room never exceed its budget', async (t) => {
  const { policy } = setup();
  const results = Array.from({ length: 50 }, (_, i) => policy.beginAttempt({ sourceKeys: caller(6000 + i), roomId: 'C', rolePath: 'participant', verified: false, nowMs: 0 }));
  const proceeded = results.filter((r) => r.action === 'proceed');
  t.equal(proceeded.length, 10, 'exactly the room budget');
  for (const r of proceeded) if (r.action === 'proceed') policy.completeAttempt(r.ticket, { success: false, nowMs: 1 });
  t.equal(fail(policy, caller(7000), 'C', 2), 'room-locked');
  const same = setup();
  const burst = Array.from({ length: 50 }, () => same.policy.beginAttempt({ sourceKeys: caller(1), roomId: `D`, rolePath: 'participant', verified: false, nowMs: 0 }));
  t.equal(burst.filter((r) => r.action === 'proceed').length, 5, 'one source cannot run past its 5');
});

t.test('completeAttempt twice is an error, blocklist refuses', async (t) => {
  const { policy, blockList } = setup();
  const ticket = ticketOf(policy.beginAttempt({ sourceKeys: caller(1), roomId: 'A', rolePath: 'participant', verified: false, nowMs: 0 }));
  t.equal(policy.completeAttempt(ticket, { success: false, nowMs: 0 }).ok, true);
  const again = policy.completeAttempt(ticket, { success: false, nowMs: 0 });
  t.ok(!again.ok && again.error.code === 'unknown-ticket');
  blockList.add('pstn:carrier|+49301000009');
  t.equal(fail(policy, caller(9), 'A', 0), 'blocked');
});
