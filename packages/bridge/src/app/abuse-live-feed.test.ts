/**
 * The abuse policy's signals on issue 7's live side (real store and policy, virtual time):
 * `/metrics` counts auth failures by reason, lockouts and SIP admission outcomes, and the
 * SSE bus carries lockout and alert events — with no address, caller ID or digit in any
 * label or event.
 */
import t from 'tap';
import { loadConfig } from '../config/index.js';
import { LiveEventBus, type LiveEvent } from '../events/index.js';
import { BridgeMetrics } from '../metrics/index.js';
import { ServerKey } from '../pins/index.js';
import { buildRoutingTable } from '../routing/index.js';
import { RoomStore, createRoomWithPins } from '../store/index.js';
import { routeStep, runAdmission, type AdmissionContext } from './admission-pipeline.js';
import { abuseLiveFeed } from './abuse-live-feed.js';
import { authFailureKind } from './abuse-signals.js';
import { createAbuseWiring } from './abuse-wiring.js';

const ROOM = '604918273';
const WRONG = '19283746';
const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));

function setUp(dir: string) {
  let now = Date.parse('2026-12-04T12:00:00Z');
  const store = RoomStore.open({ dataDir: dir, key, now: () => new Date(now) });
  if (!store.ok) throw store.error;
  const config = loadConfig({ text: '', cwd: dir });
  if (!config.ok) throw config.error;
  const created = createRoomWithPins(store.value, { id: ROOM, pin: '28461937', hostPin: '7305196284', source: 'cli' }, { roomIdLength: 9, pinLength: 8, hostPinLength: 10 });
  if (!created.ok) throw created.error;
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const table = buildRoutingTable({ meetUser: 'meet', trunks: [] });
  const abuse = createAbuseWiring({ config: config.value, store: store.value, logger, table, nowMs: () => now, writeAuditLine: () => undefined });
  const metrics = new BridgeMetrics({ processMetrics: false });
  const bus = new LiveEventBus();
  const events: LiveEvent[] = [];
  bus.subscribe((e) => events.push(e));
  abuse.onSignal(abuseLiveFeed(metrics, bus));
  const steps = [...abuse.admissionSteps, routeStep(table), ...abuse.routedSteps];
  let n = 0;
  const invite = (sourceAddress: string, extra: Partial<AdmissionContext> = {}) =>
    runAdmission(steps, { callId: `call-${n++}`, requestUser: ROOM, sourceAddress, sourcePort: 5060, transport: 'udp', fromUser: 'alice', assertedUser: undefined, userAgent: 'softphone', ...extra });
  const entry = (sourceAddress: string, roomId: string, pin: string) =>
    abuse.verify({ callId: `v-${n++}`, roomId, role: 'guest', pin, caller: { kind: 'direct', sourceAddress, fromUser: 'alice', sourceKey: `ip:${sourceAddress}` } });
  const sample = async (name: string, labels: string): Promise<number> => {
    const text = (await metrics.render()).body;
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return { abuse, store: store.value, metrics, events, invite, entry, sample, advance: (ms: number) => (now += ms) };
}

t.test('auth failures by reason, the source lockout and the room alert reach /metrics and the SSE bus', async (t) => {
  const s = setUp(t.testdir());
  t.teardown(() => s.store.close());
  await s.entry('192.0.2.10', '999999999', WRONG);
  for (let i = 0; i < 5; i++) await s.entry('192.0.2.10', ROOM, WRONG);
  t.equal(await s.sample('pinbridge_auth_failures_total', 'reason="unknown-room",role="participant"'), 1);
  t.equal(await s.sample('pinbridge_auth_failures_total', 'reason="wrong-pin",role="participant"'), 5);
  const lockouts = s.events.filter((e) => e.type === 'lockout');
  t.equal(lockouts.length, 2, 'the 5th unredeemed failure locks both keys of a direct caller: (IP, From user) and IP');
  t.equal(await s.sample('pinbridge_lockouts_total', 'scope="source"'), 2, 'and both are counted');
  const lockout = s.events.find((e) => e.type === 'lockout');
  t.match(lockout, { type: 'lockout', scope: 'source', at: '2026-12-04T12:00:00.000Z', until: '2026-12-04T12:01:00.000Z' }, 'a 1-minute first lock');
  t.notOk(lockout !== undefined && 'roomId' in lockout, 'a source lock names no room');
  await s.entry('192.0.2.10', ROOM, WRONG);
  t.equal(await s.sample('pinbridge_auth_failures_total', 'reason="locked",role="participant"'), 1, 'a locked source is refused and counted');
  t.match(s.events.filter((e) => e.type === 'alert'), [{ type: 'alert', cause: /room/, roomId: ROOM }], "the room's 5th failure in an hour raises one alert");
  await s.entry('192.0.2.11', ROOM, WRONG);
  t.equal(s.events.filter((e) => e.type === 'alert').length, 1, 'at most one per room and cause per hour');
  const everything = JSON.stringify(s.events) + (await s.metrics.render()).body;
  t.notOk(everything.includes('192.0.2.'), 'no address in events or labels');
  t.notOk(everything.includes(WRONG), 'no digits typed');
});

t.test('SIP admission outcomes: accepted, scanner, flood (503), ban, origin and lockout refusals', async (t) => {
  const s = setUp(t.testdir());
  t.teardown(() => s.store.close());
  s.invite('192.0.2.20');
  s.invite('192.0.2.30', { userAgent: 'friendly-scanner' });
  t.equal(s.abuse.screenRequest({ method: 'OPTIONS', requestUser: 'x', sourceAddress: '192.0.2.31', userAgent: 'sipvicious' }), 'drop');
  for (let i = 0; i < 30; i++) s.invite('192.0.2.40');
  s.invite('192.0.2.40');
  t.equal(await s.sample('pinbridge_sip_admission_total', 'outcome="dropped-scanner"'), 2, 'INVITE and OPTIONS from scanners');
  t.equal(await s.sample('pinbridge_sip_admission_total', 'outcome="accepted"'), 11, 'one caller, and the flood’s burst of 10');
  t.equal(await s.sample('pinbridge_sip_admission_total', 'outcome="rejected-rate"'), 19, '503s before the ban');
  t.equal(await s.sample('pinbridge_sip_admission_total', 'outcome="banned"'), 1);
  t.equal(await s.sample('pinbridge_sip_admission_total', 'outcome="dropped-banned"'), 2, 'the banning INVITE and the next are dropped');
  t.match(s.events.filter((e) => e.type === 'alert'), [{ type: 'alert', cause: 'sip-flood' }], 'the ban raises the flood alert on the stream');
  for (let i = 0; i < 5; i++) await s.entry('192.0.2.50', ROOM, WRONG);
  s.advance(1000);
  s.invite('192.0.2.50');
  s.invite('192.0.2.50');
  t.equal(await s.sample('pinbridge_sip_admission_total', 'outcome="refused-locked"'), 1, 'the first call in a first lock hears why, the next is a 403');
});

t.test('audit reasons map onto a fixed set of counted kinds', async (t) => {
  t.same(
    ['wrong-pin', 'wrong-pin-locked', 'unknown-room-locked', 'source-locked', 'room-locked', 'entry-locked', 'pin-disabled', 'not-active', 'global-budget', 'origin-denied-country'].map(authFailureKind),
    ['wrong-pin', 'wrong-pin', 'unknown-room', 'locked', 'locked', 'locked', 'disabled', 'not-active', 'global-budget', 'refused'],
  );
});
