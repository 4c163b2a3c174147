import t from 'tap';
import { createHash } from 'node:crypto';
import { ServerKey } from '../pins/index.js';
import { RoomStore } from './room-store.js';

const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));

function open(dir: string, clock: { now: Date }): RoomStore {
  const opened = RoomStore.open({ dataDir: dir, key, now: () => clock.now });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

t.test('attempt rows carry pin_len and the redaction marker, never the PIN', async (t) => {
  const clock = { now: new Date('2026-11-23T00:10:00.000Z') };
  const store = open(t.testdir(), clock);
  t.teardown(() => store.close());
  const id = store.appendAudit({
    kind: 'pin-attempt',
    callId: 'a84b4c76e66710@pc33.example.com',
    roomId: '583920417',
    rolePath: 'participant',
    sourceIp: '203.0.113.9',
    callerId: '+15551230000',
    attempt: 2,
    outcome: 'failure',
    reason: 'wrong-pin',
    pinLength: 8,
    details: { digits: '61749253', nested: { hostPin: '8017263945', ok: 1 }, transport: 'udp' },
  });
  const [row] = store.queryAudit();
  t.ok(row);
  if (row === undefined) return;
  t.equal(row.id, id);
  t.equal(row.at, '2026-11-23T00:10:00.000Z');
  t.equal(row.callIdHash, createHash('sha256').update('a84b4c76e66710@pc33.example.com').digest('hex').slice(0, 32));
  t.equal(row.pinLength, 8);
  t.same(row.details, { digits: '[REDACTED]', nested: { hostPin: '[REDACTED]', ok: 1 }, transport: 'udp', pin: '[REDACTED]' });
  const raw = JSON.stringify(store.database.prepare('SELECT * FROM audit').all());
  t.notMatch(raw, '61749253');
  t.notMatch(raw, '8017263945');
  t.notMatch(raw, 'a84b4c76e66710', 'the Call-ID is stored only hashed');
});

t.test('the audit table is append-only', async (t) => {
  const store = open(t.testdir(), { now: new Date() });
  t.teardown(() => store.close());
  store.appendAudit({ kind: 'join', roomId: '583920417' });
  t.throws(() => store.database.prepare("UPDATE audit SET kind = 'x'").run(), /append-only/);
  t.throws(() => store.database.prepare('DELETE FROM audit').run(), /append-only/);
  t.equal(store.queryAudit().length, 1);
});

t.test('queries filter by time, room and kind, newest first, with a limit', async (t) => {
  const clock = { now: new Date('2026-11-23T00:00:00.000Z') };
  const store = open(t.testdir(), clock);
  t.teardown(() => store.close());
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 0, minute));
  store.appendAudit({ kind: 'join', roomId: 'A', at: at(1) });
  store.appendAudit({ kind: 'pin-attempt', roomId: 'A', at: at(2), pinLength: 8 });
  store.appendAudit({ kind: 'join', roomId: 'B', at: at(3) });
  store.appendAudit({ kind: 'leave', roomId: 'A', at: at(4) });
  t.same(store.queryAudit().map((r) => r.kind), ['leave', 'join', 'pin-attempt', 'join']);
  t.same(store.queryAudit({ roomId: 'A' }).map((r) => r.at), [at(4), at(2), at(1)].map((d) => d.toISOString()));
  t.same(store.queryAudit({ kind: 'join' }).map((r) => r.roomId), ['B', 'A']);
  t.same(store.queryAudit({ from: at(2), to: at(4) }).map((r) => r.kind), ['join', 'pin-attempt'], 'from inclusive, to exclusive');
  t.same(store.queryAudit({ from: '2026-11-23T00:03:00Z' }).map((r) => r.kind), ['leave', 'join']);
  t.equal(store.queryAudit({ limit: 2 }).length, 2);
  t.equal(store.queryAudit({ limit: 0 }).length, 1, 'limits are clamped to at least 1');
});
