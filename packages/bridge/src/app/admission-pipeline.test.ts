import t from 'tap';
import { buildRoutingTable } from '../routing/index.js';
import { IvrSessionCap, NEXT, routeStep, runAdmission, type AdmissionContext, type AdmissionStep } from './admission-pipeline.js';

const table = buildRoutingTable({ meetUser: 'meet', trunks: [] });
const ctx = (user: string, sourceAddress = '198.51.100.7'): AdmissionContext => ({
  callId: 'c1',
  requestUser: user,
  sourceAddress,
  sourcePort: 5060,
  transport: 'udp',
  fromUser: 'alice',
  assertedUser: undefined,
  userAgent: 'test',
});
const blockIp = (ip: string): AdmissionStep => ({
  name: 'origin',
  decide: (c) => (c.sourceAddress === ip ? { action: 'reject', status: 403, reason: 'Forbidden' } : NEXT),
});
const dropScanner: AdmissionStep = { name: 'scanner', decide: (c) => (c.userAgent === 'friendly-scanner' ? { action: 'drop' } : NEXT) };

t.test('steps run in order and the first non-next decides', async (t) => {
  const steps = [dropScanner, blockIp('203.0.113.9'), routeStep(table)];
  t.match(runAdmission(steps, ctx('meet')), { action: 'admit', route: { reason: 'meet', target: { kind: 'ivr' } } });
  t.same(runAdmission(steps, ctx('meet', '203.0.113.9')), { action: 'reject', step: 'origin', status: 403, reason: 'Forbidden' });
  t.same(runAdmission(steps, { ...ctx('meet'), userAgent: 'friendly-scanner' }), { action: 'drop', step: 'scanner' });
});

t.test('unknown users and room-shaped users are admitted alike', async (t) => {
  const steps = [routeStep(table)];
  const a = runAdmission(steps, ctx('admin'));
  const b = runAdmission(steps, ctx('123456789'));
  t.equal(a.action, 'admit');
  t.equal(b.action, 'admit');
});

t.test('IVR session caps: per source and overall', async (t) => {
  const cap = new IvrSessionCap({ perSource: 2, overall: 3 });
  const steps = [routeStep(table), cap];
  cap.acquire('ip:198.51.100.7');
  cap.acquire('ip:198.51.100.7');
  t.same(runAdmission(steps, ctx('meet')), { action: 'reject', step: 'ivr', status: 486, reason: 'Busy Here' });
  t.equal(runAdmission(steps, ctx('meet', '198.51.100.8')).action, 'admit');
  cap.acquire('ip:198.51.100.8');
  t.match(runAdmission(steps, ctx('meet', '198.51.100.9')), { action: 'reject', status: 503, headers: { 'Retry-After': '30' } });
  cap.release('ip:198.51.100.7');
  cap.release('ip:198.51.100.7');
  cap.release('ip:198.51.100.7');
  t.equal(cap.activeCount, 1, 'an extra release is ignored');
  t.equal(runAdmission(steps, ctx('meet')).action, 'admit');
});

t.test('a pipeline without a route step is a programmer error', async (t) => {
  t.throws(() => runAdmission([], ctx('meet')));
});
