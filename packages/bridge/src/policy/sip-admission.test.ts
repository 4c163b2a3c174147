import t from 'tap';
import { ManualClock } from './clock.js';
import { IvrSessions } from './ivr-sessions.js';
import { POLICY_DEFAULTS, parsePolicyConfig } from './policy-config.js';
import { InMemoryBlockList } from './policy-ports.js';
import { InMemoryPolicyState } from './policy-state.js';
import { SipAdmission } from './sip-admission.js';
import type { AdmissionRequest } from './sip-admission.js';

const invite = (sourceIp: string, nowMs: number, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({ sourceIp, isTrunk: false, requestUser: 'meet', method: 'INVITE', nowMs, ...extra });

t.test('non-trunk: burst 10, 5/s, then 503 with Retry-After', async (t) => {
  const adm = new SipAdmission({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState() });
  for (let i = 0; i < 10; i++) t.same(adm.check(invite('203.0.113.1', 0)), { action: 'accept' });
  t.same(adm.check(invite('203.0.113.1', 0)), { action: 'reject', status: 503, retryAfterS: 5 });
  t.same(adm.check(invite('203.0.113.2', 0)), { action: 'accept' }, 'other IPs unaffected');
  t.same(adm.check(invite('203.0.113.1', 199)), { action: 'reject', status: 503, retryAfterS: 5 }, 'one token per 200 ms');
  t.same(adm.check(invite('203.0.113.1', 200)), { action: 'accept' });
  t.same(adm.check(invite('203.0.113.1', 201, { method: 'OPTIONS' })), { action: 'accept' }, 'only INVITEs are rate limited');
});

t.test('20 rejects in a row: silent drop and a 300 s ban', async (t) => {
  const adm = new SipAdmission({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState() });
  for (let i = 0; i < 10; i++) adm.check(invite('203.0.113.5', 0));
  for (let i = 0; i < 19; i++) t.equal(adm.check(invite('203.0.113.5', 0)).action, 'reject');
  t.same(adm.check(invite('203.0.113.5', 0)), { action: 'drop', reason: 'banned' }, '20th reject bans');
  t.same(adm.check(invite('203.0.113.5', 299_999)), { action: 'drop', reason: 'banned' });
  t.same(adm.check(invite('203.0.113.5', 300_000)), { action: 'accept' }, 'ban over after 300 s');
  t.equal(adm.counters().bans, 1);
});

t.test('trunks: 2 × contracted CPS, never banned', async (t) => {
  const parsed = parsePolicyConfig({ admission: { trunkCps: { carrier: 3 } } });
  if (!parsed.ok) throw parsed.error;
  const adm = new SipAdmission({ config: parsed.value, state: new InMemoryPolicyState() });
  const trunk = (n: number) => invite('198.51.100.7', n, { isTrunk: true, trunkName: 'carrier' });
  for (let i = 0; i < 6; i++) t.equal(adm.check(trunk(0)).action, 'accept');
  for (let i = 0; i < 40; i++) t.equal(adm.check(trunk(0)).action, 'reject', 'never dropped or banned');
  t.equal(adm.check(trunk(1000)).action, 'accept');
});

t.test('scanner User-Agents dropped silently, case-insensitive, counted', async (t) => {
  const adm = new SipAdmission({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState() });
  for (const ua of ['friendly-scanner', 'SIPVicious 0.3', 'sipcli/v1.8', 'sip-scan', 'sundayddr', 'sipsak 0.9', 'IWAR', 'VaxSIPUserAgent/3.1', 'pplsip', 'smap 0.6', 'SIVuS', 'gulp', 'sippts']) {
    t.same(adm.check(invite('203.0.113.9', 0, { userAgent: ua })), { action: 'drop', reason: 'scanner' }, ua);
  }
  t.same(adm.check(invite('203.0.113.9', 0, { userAgent: 'Linphone/5.2' })), { action: 'accept' });
  t.equal(adm.counters().droppedScanner, 13);
});

t.test('extension sweep: 20 distinct users in 60 s drops', async (t) => {
  const adm = new SipAdmission({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState() });
  for (let i = 0; i < 19; i++) t.equal(adm.check(invite('203.0.113.20', i * 1000, { requestUser: `${100 + i}`, method: 'OPTIONS' })).action, 'accept');
  t.same(adm.check(invite('203.0.113.20', 19_000, { requestUser: '200', method: 'OPTIONS' })), { action: 'drop', reason: 'sweep' });
  t.same(adm.check(invite('203.0.113.20', 20_000)), { action: 'drop', reason: 'banned' });
  const slow = new SipAdmission({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState() });
  for (let i = 0; i < 40; i++) t.equal(slow.check(invite('203.0.113.21', i * 4000, { requestUser: `${i}`, method: 'OPTIONS' })).action, 'accept', 'slow enumeration under the window');
});

t.test('manual block list drops', async (t) => {
  const blockList = new InMemoryBlockList();
  blockList.add('203.0.113.66');
  const adm = new SipAdmission({ config: POLICY_DEFAULTS, state: new InMemoryPolicyState(), blockList });
  t.same(adm.check(invite('203.0.113.66', 0)), { action: 'drop', reason: 'banned' });
});

t.test('IVR sessions: 2 per source, 200 overall, 30 new per second', async (t) => {
  const clock = new ManualClock(0);
  const ivr = new IvrSessions({ config: POLICY_DEFAULTS, clock });
  t.ok(ivr.tryOpen('a'));
  t.ok(ivr.tryOpen('a'));
  t.notOk(ivr.tryOpen('a'), 'third concurrent from one source');
  ivr.close('a');
  t.ok(ivr.tryOpen('a'));
  let opened = 3;
  while (ivr.tryOpen(`s${opened}`)) opened++;
  t.equal(opened, 30, '30 new per second');
  let guard = 0;
  while (ivr.openCount() < 200 && guard++ < 1000) {
    clock.advance(1000);
    for (let i = 0; i < 30; i++) ivr.tryOpen(`t${guard}-${i}`);
  }
  t.equal(ivr.openCount(), 200);
  clock.advance(1000);
  t.notOk(ivr.tryOpen('new'), 'overall cap');
  ivr.close('t1-0');
  t.ok(ivr.tryOpen('new'));
});
