import t from 'tap';
import { InMemoryPolicyState } from './policy-state.js';
import { PinAttemptPolicy } from './pin-attempt-policy.js';
import { POLICY_DEFAULTS, checkGlobalBudgetSafety, parsePolicyConfig } from './policy-config.js';
import { sourceKeysFor } from './source-keys.js';

t.test('LRU bound evicts the least recently used, keeps pinned bans', async (t) => {
  const state = new InMemoryPolicyState(3);
  const rec = () => ({ kind: 'success' as const, atMs: 0 });
  state.set('ban', rec(), { expiresAtMs: 1000, isPinned: true });
  state.set('a', rec(), { expiresAtMs: 1000, isPinned: false });
  state.set('b', rec(), { expiresAtMs: 1000, isPinned: false });
  t.ok(state.get('a', 0), 'touch a');
  state.set('c', rec(), { expiresAtMs: 1000, isPinned: false });
  t.equal(state.get('b', 0), undefined, 'b was least recent');
  for (let i = 0; i < 100; i++) state.set(`x${i}`, rec(), { expiresAtMs: 1000, isPinned: false });
  t.ok(state.get('ban', 0), 'ban kept');
  t.equal(state.size(), 3);
  t.equal(state.get('ban', 1000), undefined, 'expired ban is gone');
});

t.test('policy under a 100-entry bound: locked sources survive a spray', async (t) => {
  const policy = new PinAttemptPolicy({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState(100) });
  const victim = sourceKeysFor({ transport: 'direct', sourceIp: '203.0.113.1', fromUser: 'x', isAnonymous: false });
  for (let i = 0; i < 5; i++) {
    const r = policy.beginAttempt({ sourceKeys: victim, roomId: `r${i}`, rolePath: 'participant', verified: false, nowMs: 0 });
    if (r.action === 'proceed') policy.completeAttempt(r.ticket, { success: false, nowMs: 0 });
  }
  t.equal(policy.checkSource(victim, 1).locked, true);
  for (let i = 0; i < 1000; i++) {
    const keys = sourceKeysFor({ transport: 'direct', sourceIp: `10.0.${i >> 8}.${i & 255}`, fromUser: 'y', isAnonymous: false });
    policy.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: '1', nowMs: 2 });
  }
  t.equal(policy.checkSource(victim, 3).locked, true, 'ban not evicted');
});

t.test('config: defaults, overrides, errors name the field', async (t) => {
  const d = parsePolicyConfig(undefined);
  t.ok(d.ok && d.value.global.failuresPerHour === 50 && d.value.source.failuresBeforeLock === 5 && d.value.room.host.disableAt === 50);
  const o = parsePolicyConfig({ global: { failuresPerHour: 20 }, room: { participant: { lockAt: 8 } } });
  t.ok(o.ok && o.value.global.failuresPerHour === 20 && o.value.global.burst === 50 && o.value.room.participant.lockAt === 8 && o.value.room.participant.disableAt === 100);
  const bad = parsePolicyConfig({ room: { host: { lockAt: -1 } } });
  t.ok(!bad.ok && bad.error.field === 'room.host.lockAt');
  const unknown = parsePolicyConfig({ global: { gee: 1 } });
  t.ok(!unknown.ok && unknown.error.field === 'global.gee');
  const wrongType = parsePolicyConfig({ source: { announceFirstLock: 'yes' } });
  t.ok(!wrongType.ok && wrongType.error.field === 'source.announceFirstLock');
  const list = parsePolicyConfig({ admission: { scannerUserAgents: ['evil'] } });
  t.ok(list.ok && list.value.admission.scannerUserAgents.length === 1);
});

t.test('global budget safety: G ≤ 0.001·10^n/(720·v)', async (t) => {
  // n = 8, v = 1: bound 138.9 → 50 is fine.
  t.same(checkGlobalBudgetSafety(POLICY_DEFAULTS, 8, 1), { verdict: 'ok' });
  // n = 8, v = 2 (both PINs on one prompt): bound 69.4 → still fine.
  t.same(checkGlobalBudgetSafety(POLICY_DEFAULTS, 8, 2), { verdict: 'ok' });
  // n = 7: bound 13.9 → 50 is within 10×: warn.
  t.equal(checkGlobalBudgetSafety(POLICY_DEFAULTS, 7, 1).verdict, 'warn');
  // n = 6: bound 1.39 → 50 is 36×: refuse.
  t.equal(checkGlobalBudgetSafety(POLICY_DEFAULTS, 6, 1).verdict, 'refuse');
});

t.test('source keys per SECURITY.md', async (t) => {
  t.same(sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'c', callerId: '+4930123', isAnonymous: false }), [{ kind: 'pstn', id: 'pstn:c|+4930123' }]);
  t.same(sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'c', callerId: '', isAnonymous: false }), [{ kind: 'anonymous', id: 'anon:c' }]);
  t.same(sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'c', callerId: '+1', isAnonymous: true }), [{ kind: 'anonymous', id: 'anon:c' }]);
  t.same(sourceKeysFor({ transport: 'direct', sourceIp: '2001:db8::1', fromUser: 'Alice', isAnonymous: false }), [{ kind: 'sip-user', id: 'sip:2001:db8::1|alice' }, { kind: 'ip', id: 'ip:2001:db8::1' }]);
});
