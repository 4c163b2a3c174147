/**
 * Scheduled PIN rotation in virtual time (real store, real abuse wiring): a room with a
 * 30-day interval gets new PINs once its PINs are 30 days old; the new PINs work for the
 * next caller at once and the old ones stop; they wait in a 0600 file and nowhere else
 * (no log, audit row, audit line or alert carries them); the "pins-rotated" alert reaches
 * the audit trail and the SSE stream.
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../config/index.js';
import { LiveEventBus, type LiveEvent } from '../events/index.js';
import { BridgeMetrics } from '../metrics/index.js';
import { ServerKey } from '../pins/index.js';
import { buildRoutingTable, type CallerIdentity } from '../routing/index.js';
import { RoomStore, createRoomWithPins } from '../store/index.js';
import { abuseLiveFeed } from './abuse-live-feed.js';
import { createAbuseWiring } from './abuse-wiring.js';
import { setRotationSchedule } from './operator-actions.js';
import { hasPendingPins, pendingPinsDir, takePendingPins } from './pending-pins.js';
import { ScheduledRotation } from './scheduled-rotation.js';

const ROOM = '604918273';
const OTHER = '715029384';
const PIN = '28461937';
const HOST_PIN = '7305196284';
const DAY = 86_400_000;
const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));
const caller: CallerIdentity = { kind: 'direct', sourceAddress: '192.0.2.30', fromUser: 'ada', sourceKey: 'ip:192.0.2.30' };

function setUp(dir: string) {
  let now = Date.parse('2026-12-04T12:00:00Z');
  const store = RoomStore.open({ dataDir: dir, key, now: () => new Date(now) });
  if (!store.ok) throw store.error;
  const config = loadConfig({ text: '', cwd: dir });
  if (!config.ok) throw config.error;
  const settings = { roomIdLength: 9, pinLength: 8, hostPinLength: 10 };
  for (const [id, pin, hostPin] of [[ROOM, PIN, HOST_PIN], [OTHER, '39517284', '8416295037']] as const) {
    const created = createRoomWithPins(store.value, { id, pin, hostPin, source: 'cli' }, settings);
    if (!created.ok) throw created.error;
  }
  const lines: string[] = [];
  const logs: string[] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => void logs.push(`${message} ${JSON.stringify(fields)}`),
    warn: (fields: Record<string, unknown>, message: string) => void logs.push(`${message} ${JSON.stringify(fields)}`),
    error: (fields: Record<string, unknown>, message: string) => void logs.push(`${message} ${JSON.stringify(fields)}`),
  };
  const table = buildRoutingTable({ meetUser: 'meet', trunks: [] });
  const abuse = createAbuseWiring({ config: config.value, store: store.value, logger, table, nowMs: () => now, writeAuditLine: (line) => lines.push(line) });
  const bus = new LiveEventBus();
  const events: LiveEvent[] = [];
  bus.subscribe((e) => events.push(e));
  abuse.onSignal(abuseLiveFeed(new BridgeMetrics({ processMetrics: false }), bus));
  const rotation = new ScheduledRotation({ store: store.value, dataDir: dir, settings, logger, alert: (alert) => abuse.raiseAlert(alert) });
  let n = 0;
  const entry = (pin: string, role: 'guest' | 'host' = 'guest') => abuse.verify({ callId: `c-${n++}`, roomId: ROOM, role, pin, caller });
  return { store: store.value, abuse, rotation, lines, logs, events, entry, advance: (ms: number) => (now += ms), now: () => now };
}

t.test('a room on a 30-day schedule is rotated when due; the new PINs reach the operator only through the 0600 file', async (t) => {
  const dir = t.testdir();
  // A folder left with a loose mode is tightened before any PIN is written into it.
  mkdirSync(pendingPinsDir(dir), { mode: 0o755 });
  chmodSync(pendingPinsDir(dir), 0o755);
  const s = setUp(dir);
  t.teardown(() => s.store.close());
  t.match(setRotationSchedule(s.store, ROOM, '30d', { defaultIntervalMs: 90 * DAY, actor: 'test' }), { ok: true, value: { rotationIntervalMs: 30 * DAY } });
  t.same(await s.entry(PIN), { kind: 'ok' }, 'a caller joins with the first PIN');

  s.advance(29 * DAY);
  t.same(s.rotation.tick(s.now()), [], 'not yet due at 29 days');
  t.notOk(hasPendingPins(dir, ROOM));
  s.advance(DAY);
  t.same(s.rotation.tick(s.now()), [ROOM], 'due at 30 days; the room without a schedule is left alone');
  t.same(s.rotation.tick(s.now()), [], 'once: the new PINs are fresh');

  const file = join(pendingPinsDir(dir), `${ROOM}.json`);
  t.equal(statSync(file).mode & 0o777, 0o600, 'the file is readable by the owner only');
  t.equal(statSync(pendingPinsDir(dir)).mode & 0o777, 0o700, 'in a private folder');
  t.same(readdirSync(pendingPinsDir(dir)), [`${ROOM}.json`], 'no temp file left behind');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { pin: string; hostPin: string };

  t.same(await s.entry(PIN), { kind: 'invalid' }, 'the old PIN no longer works for a new caller');
  t.same(await s.entry(stored.pin), { kind: 'ok' }, 'the new PIN works at once');
  t.same(await s.entry(stored.hostPin, 'host'), { kind: 'ok' }, 'and the new host PIN');

  const alert = s.events.find((e) => e.type === 'alert');
  t.match(alert, { type: 'alert', cause: 'pins-rotated', roomId: ROOM }, 'the alert reaches the SSE stream');
  t.ok(s.lines.some((l) => l.includes('"event":"alert"') && l.includes('"cause":"pins-rotated"')), 'and the audit lines');
  t.ok(s.store.queryAudit({ kind: 'pins-rotated' }).some((r) => r.roomId === ROOM && r.details['source'] === 'schedule'), 'the rotation is an audit row');
  const everywhere = [...s.lines, ...s.logs, JSON.stringify(s.events), JSON.stringify(s.store.queryAudit({ limit: 10_000 }))].join('\n');
  for (const secret of [stored.pin, stored.hostPin]) {
    for (let i = 0; i + 6 <= secret.length; i++) t.notOk(everywhere.includes(secret.slice(i, i + 6)), `no 6-digit window of a new PIN anywhere (${i})`);
  }

  const taken = takePendingPins(dir, ROOM);
  t.match(taken, { roomId: ROOM, pin: stored.pin, hostPin: stored.hostPin, rotatedAt: '2027-01-03T12:00:00.000Z' });
  t.notOk(hasPendingPins(dir, ROOM), 'read once: the file is gone');
  t.equal(takePendingPins(dir, ROOM), undefined, 'a second read finds nothing');
});

t.test('the schedule option: default interval, off, and refusals with the reason', async (t) => {
  const s = setUp(t.testdir());
  t.teardown(() => s.store.close());
  t.match(setRotationSchedule(s.store, ROOM, undefined, { defaultIntervalMs: 30 * DAY, actor: 'test' }), { ok: true, value: { rotationIntervalMs: 30 * DAY } }, 'no --every: the config default');
  t.match(setRotationSchedule(s.store, ROOM, 'soon', { defaultIntervalMs: 30 * DAY, actor: 'test' }), { ok: false, error: /every must be a duration/ });
  t.match(setRotationSchedule(s.store, ROOM, '5m', { defaultIntervalMs: 30 * DAY, actor: 'test' }), { ok: false, error: /between 1h and 3650d/ });
  t.match(setRotationSchedule(s.store, '999999999', '30d', { defaultIntervalMs: 30 * DAY, actor: 'test' }), { ok: false, error: /does not exist/ });
  t.match(setRotationSchedule(s.store, ROOM, 'off', { defaultIntervalMs: 30 * DAY, actor: 'test' }), { ok: true, value: { rotationIntervalMs: null } });
  s.advance(365 * DAY);
  t.same(s.rotation.tick(s.now()), [], 'a room with rotation off is never rotated');
});
