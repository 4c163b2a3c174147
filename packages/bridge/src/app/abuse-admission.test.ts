import t from 'tap';
import { loadConfig } from '../config/index.js';
import { ServerKey } from '../pins/index.js';
import { buildRoutingTable } from '../routing/index.js';
import { RoomStore, createRoomWithPins } from '../store/index.js';
import { routeStep, runAdmission, type AdmissionContext } from './admission-pipeline.js';
import { createAbuseWiring } from './abuse-wiring.js';

const ROOM = '604918273';
const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));

function setUp(dir: string, yaml: string) {
  const store = RoomStore.open({ dataDir: dir, key });
  if (!store.ok) throw store.error;
  const config = loadConfig({ text: yaml, cwd: dir });
  if (!config.ok) throw config.error;
  const created = createRoomWithPins(store.value, { id: ROOM, pin: '28461937', hostPin: '7305196284', source: 'cli' }, { roomIdLength: 9, pinLength: 8, hostPinLength: 10 });
  if (!created.ok) throw created.error;
  let now = Date.parse('2026-12-04T12:00:00Z');
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const table = buildRoutingTable({ meetUser: 'meet', trunks: [{ name: 'carrier', cidrs: ['203.0.113.0/24'], dids: {} }] });
  const lines: string[] = [];
  const abuse = createAbuseWiring({ config: config.value, store: store.value, logger, table, nowMs: () => now, writeAuditLine: (line) => lines.push(line) });
  const steps = [...abuse.admissionSteps, routeStep(table), ...abuse.routedSteps];
  let n = 0;
  const invite = (sourceAddress: string, extra: Partial<AdmissionContext> = {}) =>
    runAdmission(steps, { callId: `call-${n++}`, requestUser: ROOM, sourceAddress, sourcePort: 5060, transport: 'udp', fromUser: 'alice', assertedUser: undefined, userAgent: 'softphone', ...extra });
  const fail = async (sourceAddress: string, times: number) => {
    for (let i = 0; i < times; i++) {
      await abuse.verify({ callId: `v-${n++}`, roomId: ROOM, role: 'guest', pin: '19283746', caller: { kind: 'direct', sourceAddress, fromUser: 'alice', sourceKey: `ip:${sourceAddress}` } });
    }
  };
  return { abuse, store: store.value, invite, fail, lines, advance: (ms: number) => (now += ms) };
}

t.test('first lock: one short announcement, then 403 until the lock ends; a second lock is 403 at once', async (t) => {
  const s = setUp(t.testdir(), '');
  t.teardown(() => s.store.close());
  t.match(s.invite('192.0.2.10'), { action: 'admit', route: { target: { kind: 'room', roomId: ROOM } } });
  await s.fail('192.0.2.10', 5);
  t.match(s.invite('192.0.2.10'), { action: 'admit', route: { target: { kind: 'announce', prompts: ['too-many-attempts'] }, reason: 'policy' } }, 'the first call in the first lock hears why');
  t.match(s.invite('192.0.2.10'), { action: 'reject', step: 'lockout', status: 403 }, 'then 403 before any media');
  t.match(s.invite('192.0.2.11'), { action: 'admit', route: { target: { kind: 'room' } } }, 'another source is unaffected');
  s.advance(61_000);
  t.match(s.invite('192.0.2.10'), { action: 'admit', route: { target: { kind: 'room' } } }, 'the 1-minute lock ended');
  await s.fail('192.0.2.10', 5);
  t.match(s.invite('192.0.2.10'), { action: 'reject', step: 'lockout', status: 403 }, 'the second lock (2 min) has no announcement');
  t.ok(s.lines.some((l) => l.includes('"reason":"source-locked-announced"')));
});

t.test('announceFirstLock: false — every lock is 403', async (t) => {
  const s = setUp(t.testdir(), 'policy:\n  source:\n    announceFirstLock: false\n');
  t.teardown(() => s.store.close());
  await s.fail('192.0.2.20', 5);
  t.match(s.invite('192.0.2.20'), { action: 'reject', step: 'lockout', status: 403 });
});

t.test('scanners, floods, blocks and origin rules at admission', async (t) => {
  const s = setUp(t.testdir(), 'policy:\n  origin:\n    global:\n      denyCidrs: [198.51.100.0/24]\n    trunks:\n      carrier:\n        denyCallerPrefixes: ["+1900"]\n');
  t.teardown(() => s.store.close());
  t.match(s.invite('192.0.2.30', { userAgent: 'friendly-scanner' }), { action: 'drop', step: 'sip-admission' });
  t.match(s.invite('198.51.100.9'), { action: 'reject', step: 'origin', status: 403 });
  t.match(s.invite('203.0.113.5', { assertedUser: '+19005550100' }), { action: 'reject', step: 'origin', status: 403 }, 'caller-ID prefix denied on the trunk');
  t.match(s.invite('203.0.113.5', { assertedUser: '+15555550100' }), { action: 'admit' });
  const outcomes = Array.from({ length: 30 }, () => s.invite('192.0.2.40'));
  t.equal(outcomes.filter((o) => o.action === 'admit').length, 10, 'burst of 10');
  const rejected = outcomes.find((o) => o.action === 'reject');
  t.match(rejected, { status: 503, headers: { 'Retry-After': '5' } });
  t.equal(outcomes.filter((o) => o.action === 'drop').length, 1, 'the 20th reject in a row bans: silent drop');
  t.ok(s.lines.some((l) => l.includes('"event":"block"') && l.includes('invite-flood')), 'the ban is audited');
  s.store.addBlock({ kind: 'caller-id', value: '+15555550100', reason: 'test' });
  s.abuse.blockList.invalidate();
  t.match(s.invite('203.0.113.5', { assertedUser: '+15555550100' }), { action: 'reject', step: 'lockout', status: 403 }, 'a blocked caller ID is refused');
  t.equal(s.abuse.screenRequest({ method: 'OPTIONS', requestUser: 'x', sourceAddress: '192.0.2.50', userAgent: 'sipvicious' }), 'drop');
  t.equal(s.abuse.screenRequest({ method: 'OPTIONS', requestUser: 'x', sourceAddress: '192.0.2.50', userAgent: 'Linphone' }), 'accept');
});

t.test('an empty global budget: new callers get 503 + Retry-After, a caller in the IVR hears why', async (t) => {
  const s = setUp(t.testdir(), 'policy:\n  global:\n    failuresPerHour: 2\n    burst: 2\n');
  t.teardown(() => s.store.close());
  await s.fail('192.0.2.60', 1);
  await s.fail('192.0.2.61', 1);
  const refused = s.invite('192.0.2.62');
  t.match(refused, { action: 'reject', step: 'global-budget', status: 503 });
  t.ok(refused.action === 'reject' && Number(refused.headers?.['Retry-After']) >= 1000, 'Retry-After: the time until one token (30 min at 2 per hour)');
  t.same(await s.abuse.verify({ callId: 'g1', roomId: ROOM, role: 'guest', pin: '28461937', caller: { kind: 'direct', sourceAddress: '192.0.2.63', fromUser: 'bob', sourceKey: 'ip:192.0.2.63' } }), { kind: 'refused', prompts: ['too-many-attempts'] });
  t.ok(s.lines.some((l) => l.includes('"cause":"global-budget-empty"')), 'ops is alerted');
  s.advance(31 * 60_000);
  t.match(s.invite('192.0.2.62'), { action: 'admit' }, 'a token later, callers are admitted again');
});

t.test('changes made by the CLI in another process reach the running policy: rotation re-enables a disabled PIN, unlock lifts a room lock', async (t) => {
  const s = setUp(t.testdir(), 'policy:\n  room:\n    participant:\n      lockAt: 4\n      disableAt: 6\n');
  t.teardown(() => s.store.close());
  const entry = (ip: string, pin: string) => s.abuse.verify({ callId: `x-${ip}-${pin}`, roomId: ROOM, role: 'guest', pin, caller: { kind: 'direct', sourceAddress: ip, fromUser: 'eve', sourceKey: `ip:${ip}` } });
  for (let i = 0; i < 4; i++) await entry(`192.0.2.${70 + i}`, '19283746');
  t.same(await entry('192.0.2.80', '28461937'), { kind: 'invalid' }, 'the room is locked for unverified callers after 4 failures (answered like a wrong PIN)');
  // What `pinbridge rooms unlock` writes (operator-actions, on the shared SQLite file).
  s.store.updateRoom(ROOM, { options: { entryLocked: false, entryUnlockedAt: new Date().toISOString() } });
  t.same(await entry('192.0.2.81', '28461937'), { kind: 'ok' }, 'the unlock reached the policy');
  for (let i = 0; i < 6; i++) await entry(`192.0.2.${90 + i}`, '19283746');
  t.equal(s.store.getPinStatus(ROOM, 'participant')?.isDisabled, true, 'the PIN was disabled in the store too');
  t.same(await entry('192.0.2.82', '28461937'), { kind: 'invalid' }, 'a disabled PIN admits no one');
  s.advance(1000);
  // What `pinbridge rooms rotate` does: new PINs in the store, nothing else.
  const rotated = s.store.rotatePins(ROOM, { pinLength: 8, hostPinLength: 10 });
  t.ok(rotated.ok);
  if (rotated.ok) t.same(await entry('192.0.2.83', rotated.value.pin), { kind: 'ok' }, 'the new PIN works at once');
});
