import t from 'tap';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ServerKey, hashPin, toPin, type Pin } from '../pins/index.js';
import { RoomStore } from './room-store.js';

const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));
const options = { waitForHost: true, maxParticipants: 10 };

function open(dataDir: string, now?: () => Date): RoomStore {
  const opened = RoomStore.open({ dataDir, key, ...(now !== undefined ? { now } : {}) });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

function pin(digits: string): Pin {
  const parsed = toPin(digits);
  if (parsed === undefined) throw new Error('bad test PIN');
  return parsed;
}

t.test('opens the file in WAL mode with migrations recorded', async (t) => {
  const dataDir = join(t.testdir(), 'data');
  const store = open(dataDir);
  t.teardown(() => store.close());
  t.equal(statSync(join(dataDir, 'pinbridge.sqlite')).mode & 0o777, 0o600, 'owner-only file');
  t.equal(store.database.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(store.database.pragma('busy_timeout', { simple: true }), 5000);
  const versions = store.database.prepare('SELECT version FROM schema_migrations').all();
  t.same(versions, [{ version: 1 }]);
  const again = open(dataDir);
  t.same(again.database.prepare('SELECT version FROM schema_migrations').all(), [{ version: 1 }], 'reopening applies nothing twice');
  again.close();
});

t.test('rooms round-trip', async (t) => {
  const store = open(t.testdir(), () => new Date('2026-11-23T00:00:00.000Z'));
  t.teardown(() => store.close());
  const created = store.createRoom({ id: '583920417', name: 'Weekly sync', options, source: 'cli' });
  t.ok(created.ok);
  t.same(store.getRoom('583920417'), { id: '583920417', name: 'Weekly sync', options, source: 'cli', createdAt: '2026-11-23T00:00:00.000Z' });
  const again = store.createRoom({ id: '583920417', name: 'Other', options, source: 'cli' });
  t.equal(again.ok ? 'ok' : again.error.code, 'room-exists');
  store.createRoom({ id: '739104826', name: 'Second', options: { ...options, autoLock: true }, source: 'api' });
  t.same(store.listRooms().map((room) => room.id), ['583920417', '739104826']);
  t.equal(store.getRoom('739104826')?.options.autoLock, true, 'extra options survive');
  const updated = store.updateRoom('583920417', { name: 'Renamed', options: { maxParticipants: 20 } });
  t.ok(updated.ok);
  t.same(store.getRoom('583920417')?.options, { waitForHost: true, maxParticipants: 20 });
  t.equal(store.getRoom('583920417')?.name, 'Renamed');
  t.equal(store.updateRoom('111111111', {}).ok, false);
  t.equal(store.deleteRoom('583920417'), true);
  t.equal(store.deleteRoom('583920417'), false);
  t.equal(store.getRoom('583920417'), undefined);
});

t.test('PINs are stored as HMAC only and verified', async (t) => {
  const dataDir = t.testdir();
  const store = open(dataDir);
  t.teardown(() => store.close());
  store.createRoom({ id: '583920417', name: 'r', options, source: 'cli' });
  t.ok(store.setPin('583920417', 'participant', pin('61749253')).ok);
  t.ok(store.setPin('583920417', 'host', pin('8017263945')).ok);
  t.equal(store.verifyPin('583920417', 'participant', '61749253'), true);
  t.equal(store.verifyPin('583920417', 'participant', '61749254'), false);
  t.equal(store.verifyPin('583920417', 'host', '61749253'), false, 'the participant PIN does not open the host path');
  t.equal(store.verifyPin('583920417', 'host', '8017263945'), true);
  t.equal(store.checkPin('999999999', 'participant', '61749253'), 'no-pin');
  const row = store.database.prepare("SELECT hmac, pin_length FROM pin_hashes WHERE role = 'participant'").get() as { hmac: string; pin_length: number };
  t.equal(row.hmac, hashPin(key, '583920417', 'participant', '61749253'));
  t.equal(row.pin_length, 8);
  store.close();
  const bytes = readFileSync(join(dataDir, 'pinbridge.sqlite')).toString('latin1') + readWal(dataDir);
  t.notMatch(bytes, '61749253', 'the PIN is nowhere in the database file');
  t.notMatch(bytes, '8017263945');
});

function readWal(dataDir: string): string {
  try {
    return readFileSync(join(dataDir, 'pinbridge.sqlite-wal')).toString('latin1');
  } catch {
    return '';
  }
}

t.test('setPin on a missing room is room-not-found', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  const result = store.setPin('583920417', 'participant', pin('61749253'));
  t.equal(result.ok ? 'ok' : result.error.code, 'room-not-found');
});

t.test('failures, disabling and re-setting a PIN', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  store.createRoom({ id: '583920417', name: 'r', options, source: 'cli' });
  store.setPin('583920417', 'participant', pin('61749253'));
  t.equal(store.recordPinFailure('583920417', 'participant'), 1);
  t.equal(store.recordPinFailure('583920417', 'participant'), 2);
  t.equal(store.recordPinFailure('583920417', 'host'), 0, 'no host PIN, nothing counted');
  t.equal(store.getPinStatus('583920417', 'participant')?.failuresSinceSet, 2);
  t.equal(store.setPinDisabled('583920417', 'participant', true), true);
  t.equal(store.checkPin('583920417', 'participant', '61749253'), 'disabled');
  t.equal(store.verifyPin('583920417', 'participant', '61749253'), false);
  store.setPin('583920417', 'participant', pin('80417326'));
  t.same(store.getPinStatus('583920417', 'participant'), {
    role: 'participant',
    pinLength: 8,
    setAt: store.getPinStatus('583920417', 'participant')?.setAt,
    failuresSinceSet: 0,
    isDisabled: false,
  });
  t.equal(store.checkPin('583920417', 'participant', '80417326'), 'match');
});

t.test('rotation: new valid PINs, old ones stop working, C5 history kept to 5', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  store.createRoom({ id: '583920417', name: 'r', options, source: 'cli' });
  const first = store.rotatePins('583920417', { pinLength: 8, hostPinLength: 10 });
  t.ok(first.ok);
  if (!first.ok) return;
  t.match(first.value.pin, /^[0-9]{8}$/);
  t.match(first.value.hostPin, /^[0-9]{10}$/);
  t.equal(store.verifyPin('583920417', 'participant', first.value.pin), true);
  const second = store.rotatePins('583920417', { pinLength: 8, hostPinLength: 10 });
  t.ok(second.ok);
  if (!second.ok) return;
  t.equal(store.verifyPin('583920417', 'participant', first.value.pin), false, 'the old PIN is dead');
  t.equal(store.verifyPin('583920417', 'host', second.value.hostPin), true);
  const reuse = store.validateRoomPin('583920417', 'participant', first.value.pin);
  t.equal(reuse.ok ? 'ok' : reuse.error.code, 'C5', 'a previous PIN is refused');
  for (let i = 0; i < 6; i++) store.rotatePins('583920417', { pinLength: 8, hostPinLength: 10 });
  const count = store.database.prepare("SELECT COUNT(*) AS n FROM pin_history WHERE room_id = '583920417' AND role = 'participant'").get() as { n: number };
  t.equal(count.n, 5);
  const gone = store.validateRoomPin('583920417', 'participant', first.value.pin);
  t.ok(gone.ok, 'a PIN older than the last 5 is allowed again');
  const missing = store.rotatePins('111111112', { pinLength: 8, hostPinLength: 10 });
  t.equal(missing.ok ? 'ok' : missing.error.code, 'room-not-found');
});

t.test('two connections share the file (serve + CLI)', async (t) => {
  const dataDir = t.testdir();
  const serve = open(dataDir);
  const cli = open(dataDir);
  t.teardown(() => {
    serve.close();
    cli.close();
  });
  serve.createRoom({ id: '583920417', name: 'r', options, source: 'cli' });
  serve.setPin('583920417', 'participant', pin('61749253'));
  const rotated = cli.rotatePins('583920417', { pinLength: 8, hostPinLength: 10 });
  t.ok(rotated.ok);
  if (!rotated.ok) return;
  t.equal(serve.verifyPin('583920417', 'participant', '61749253'), false, 'the running side sees the rotation at once');
  t.equal(serve.verifyPin('583920417', 'participant', rotated.value.pin), true);
});

t.test('open fails cleanly on an unusable path', async (t) => {
  const dir = t.testdir({ file: 'not a folder' });
  const opened = RoomStore.open({ dataDir: join(dir, 'file'), key });
  t.equal(opened.ok ? 'ok' : opened.error.code, 'open-failed');
});
