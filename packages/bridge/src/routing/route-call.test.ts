import t from 'tap';
import { buildRoutingTable, routeCall, type RouteInput } from './route-call.js';

const table = buildRoutingTable({
  meetUser: 'meet',
  trunks: [
    { name: 'carrier', cidrs: ['203.0.113.0/24'], dids: { '+15551234567': 'ivr', '+15557654321': 'room:123456789' } },
  ],
});
const direct = (user: string | undefined, extra: Partial<RouteInput> = {}): RouteInput => ({
  requestUser: user,
  sourceAddress: '198.51.100.20',
  fromUser: 'alice',
  assertedUser: undefined,
  ...extra,
});
const fromTrunk = (user: string, extra: Partial<RouteInput> = {}): RouteInput =>
  direct(user, { sourceAddress: '203.0.113.10', fromUser: '+14155550100', ...extra });

t.test('meet goes to the IVR that asks for the conference ID', async (t) => {
  t.same(routeCall(table, direct('meet')).target, { kind: 'ivr' });
  t.equal(routeCall(table, direct('meet')).reason, 'meet');
});

t.test('a room-shaped user part goes to that room\'s PIN prompt, without asking the store', async (t) => {
  t.same(routeCall(table, direct('123456789')).target, { kind: 'room', roomId: '123456789' });
  t.same(routeCall(table, direct('987654321')).target, { kind: 'room', roomId: '987654321' }, 'existence is not checked');
  t.same(routeCall(table, direct('12345678;user=phone')).target, { kind: 'room', roomId: '12345678' });
});

t.test('anything else gets exactly the meet IVR', async (t) => {
  for (const user of ['admin', '100', '1234567', '1234567890123', '123*456', '', undefined, 'MEET2', '+15551234567']) {
    t.same(routeCall(table, direct(user)).target, { kind: 'ivr' }, String(user));
  }
  t.same(routeCall(table, direct('admin')).target, routeCall(table, direct('meet')).target);
});

t.test('DIDs apply only to calls from the trunk\'s CIDRs', async (t) => {
  t.same(routeCall(table, fromTrunk('+15557654321')).target, { kind: 'room', roomId: '123456789' });
  t.equal(routeCall(table, fromTrunk('15557654321')).reason, 'did', 'the + is optional on the wire');
  t.same(routeCall(table, fromTrunk('+15551234567')).target, { kind: 'ivr' });
  t.equal(routeCall(table, direct('+15557654321')).reason, 'fallback', 'a direct caller cannot use the DID map');
  t.equal(routeCall(table, fromTrunk('+15550000000')).reason, 'fallback');
});

t.test('trunk caller ID: P-Asserted-Identity first, then From; anonymous shares one bucket', async (t) => {
  const pai = routeCall(table, fromTrunk('meet', { assertedUser: '+442071234567' })).caller;
  t.same(pai, { kind: 'trunk', trunk: 'carrier', sourceAddress: '203.0.113.10', callerId: '+442071234567', sourceKey: 'trunk:carrier:+442071234567' });
  const from = routeCall(table, fromTrunk('meet')).caller;
  t.equal(from.sourceKey, 'trunk:carrier:+14155550100');
  const anon = routeCall(table, fromTrunk('meet', { fromUser: 'Anonymous' })).caller;
  t.equal(anon.sourceKey, 'trunk:carrier:anonymous');
  t.equal(anon.kind === 'trunk' ? anon.callerId : 'x', undefined);
});

t.test('direct callers are keyed by source IP', async (t) => {
  t.same(routeCall(table, direct('meet')).caller, { kind: 'direct', sourceAddress: '198.51.100.20', fromUser: 'alice', sourceKey: 'ip:198.51.100.20' });
});

t.test('bad config is refused when the table is built', async (t) => {
  t.throws(() => buildRoutingTable({ meetUser: 'meet', trunks: [{ name: 'x', cidrs: ['10.0.0.0/99'], dids: {} }] }));
  t.throws(() => buildRoutingTable({ meetUser: 'meet', trunks: [{ name: 'x', cidrs: [], dids: { '1': 'somewhere' } }] }));
});
