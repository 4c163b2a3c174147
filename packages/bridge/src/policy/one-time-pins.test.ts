import t from 'tap';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock.js';
import { InMemoryOneTimePinStore, OneTimePins } from './one-time-pins.js';
import { PinAttemptPolicy } from './pin-attempt-policy.js';
import { POLICY_DEFAULTS } from './policy-config.js';
import { InMemoryPolicyState } from './policy-state.js';
import { dueForRotation, isScheduleActive } from './room-schedule.js';
import { sourceKeysFor } from './source-keys.js';

// 2026-11-23T10:00:00Z = Monday.
const MONDAY_10 = Date.UTC(2026, 10, 23, 10, 0, 0);

t.test('one-time PIN: window −30 min … end +30 min, one use, then dead', async (t) => {
  const otp = new OneTimePins({ config: POLICY_DEFAULTS, store: new InMemoryOneTimePinStore() });
  const meeting = { startMs: MONDAY_10, endMs: MONDAY_10 + HOUR_MS };
  otp.mint({ id: 'a', roomId: 'R', pinHash: 'h-a', label: 'Dana', meeting });
  const match = (h: string) => (x: string) => x === h;
  t.same(otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10 - 31 * MINUTE_MS, matches: match('h-a') }), { redeemed: false }, 'too early');
  t.equal(otp.list('R', MONDAY_10 - 31 * MINUTE_MS)[0]?.status, 'pending');
  t.same(otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10, matches: match('wrong') }), { redeemed: false });
  const r = otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10 - 30 * MINUTE_MS, matches: match('h-a') });
  t.ok(r.redeemed && r.pin.uses === 1 && r.pin.label === 'Dana');
  t.same(otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10, matches: match('h-a') }), { redeemed: false }, 'second use refused');
  t.equal(otp.list('R', MONDAY_10)[0]?.status, 'used-up');
  otp.mint({ id: 'b', roomId: 'R', pinHash: 'h-b', meeting, maxUses: 3 });
  t.ok(otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10 + 90 * MINUTE_MS, matches: match('h-b') }).redeemed, 'end +30 min still valid');
  t.notOk(otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10 + 90 * MINUTE_MS + 1, matches: match('h-b') }).redeemed, 'expired after');
  t.equal(otp.list('R', MONDAY_10 + 2 * HOUR_MS).find((x) => x.pin.id === 'b')?.status, 'expired');
  otp.mint({ id: 'c', roomId: 'R', pinHash: 'h-c', meeting });
  t.ok(otp.revoke('c'));
  t.notOk(otp.revoke('zzz'));
  t.notOk(otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: MONDAY_10, matches: match('h-c') }).redeemed, 'revoked');
  t.notOk(otp.redeem({ roomId: 'R', rolePath: 'host', nowMs: MONDAY_10, matches: match('h-b') }).redeemed, 'role path must match');
});

t.test('one-time PIN verification goes through charge-before-compare', async (t) => {
  const policy = new PinAttemptPolicy({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState() });
  const otp = new OneTimePins({ config: POLICY_DEFAULTS, store: new InMemoryOneTimePinStore() });
  otp.mint({ id: 'a', roomId: 'R', pinHash: 'h', meeting: { startMs: 0, endMs: HOUR_MS } });
  const keys = sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'c', callerId: '+4930111', isAnonymous: false });
  let fails = 0;
  for (let i = 0; i < 6; i++) {
    const begun = policy.beginAttempt({ sourceKeys: keys, roomId: 'R', rolePath: 'participant', verified: false, nowMs: i });
    if (begun.action === 'refuse') break;
    const result = otp.redeem({ roomId: 'R', rolePath: 'participant', nowMs: i, matches: (x) => x === 'guess' });
    policy.completeAttempt(begun.ticket, { success: result.redeemed, nowMs: i });
    fails++;
  }
  t.equal(fails, 5, 'guessing one-time PINs hits the same ladder');
});

t.test('schedules: windows and weekly slots', async (t) => {
  t.ok(isScheduleActive({ kind: 'always' }, 0));
  const w = { kind: 'windows' as const, windows: [{ startMs: MONDAY_10, endMs: MONDAY_10 + HOUR_MS }], earlyJoinMs: 30 * MINUTE_MS, lateJoinMs: 30 * MINUTE_MS };
  t.notOk(isScheduleActive(w, MONDAY_10 - 31 * MINUTE_MS));
  t.ok(isScheduleActive(w, MONDAY_10 - 30 * MINUTE_MS));
  t.ok(isScheduleActive(w, MONDAY_10 + 90 * MINUTE_MS));
  t.notOk(isScheduleActive(w, MONDAY_10 + 91 * MINUTE_MS));
  // Mondays 09:00–17:00 in UTC+1 = 08:00–16:00 UTC.
  const weekly = { kind: 'weekly' as const, slots: [{ dayOfWeek: 1, startMinute: 540, endMinute: 1020 }], utcOffsetMinutes: 60 };
  t.ok(isScheduleActive(weekly, MONDAY_10), 'Monday 11:00 local');
  t.notOk(isScheduleActive(weekly, Date.UTC(2026, 10, 23, 7, 59)), '08:59 local');
  t.ok(isScheduleActive(weekly, Date.UTC(2026, 10, 23, 8, 0)), '09:00 local');
  t.notOk(isScheduleActive(weekly, Date.UTC(2026, 10, 23, 16, 0)), '17:00 local is the end');
  t.notOk(isScheduleActive(weekly, Date.UTC(2026, 10, 24, 10, 0)), 'Tuesday');
  // Friday 22:00 → Saturday 02:00 UTC.
  const night = { kind: 'weekly' as const, slots: [{ dayOfWeek: 5, startMinute: 1320, endMinute: 1560 }], utcOffsetMinutes: 0 };
  t.ok(isScheduleActive(night, Date.UTC(2026, 10, 28, 1, 0)), 'Saturday 01:00 inside the Friday slot');
  t.notOk(isScheduleActive(night, Date.UTC(2026, 10, 28, 2, 0)));
});

t.test('rotation: due after the interval', async (t) => {
  t.notOk(dueForRotation({ pinSetAtMs: 0 }, 30 * DAY_MS - 1, POLICY_DEFAULTS.rotation.intervalMs));
  t.ok(dueForRotation({ pinSetAtMs: 0 }, 30 * DAY_MS, POLICY_DEFAULTS.rotation.intervalMs));
  t.notOk(dueForRotation({ pinSetAtMs: 0, rotationIntervalMs: 90 * DAY_MS }, 60 * DAY_MS, POLICY_DEFAULTS.rotation.intervalMs));
});
