import t from 'tap';
import { ServerKey, validatePin } from '../pins/index.js';
import { RoomStore } from './room-store.js';
import { createRoomWithPins, ensureDemoRoom, provisionConfigRooms } from './room-provisioning.js';

const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));
const settings = { roomIdLength: 9, pinLength: 8, hostPinLength: 10, phoneNumbers: ['+15551234567'] };

function open(dir: string): RoomStore {
  const opened = RoomStore.open({ dataDir: dir, key });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

t.test('createRoomWithPins generates a room ID and valid PINs', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  const created = createRoomWithPins(store, { source: 'cli', name: 'Board' }, settings);
  t.ok(created.ok);
  if (!created.ok) return;
  const { room, pins } = created.value;
  t.match(room.id, /^[1-9][0-9]{8}$/);
  t.same(room.options, { waitForHost: true, maxParticipants: 100 });
  t.ok(validatePin(pins.pin, { roomId: room.id, length: 8 }).ok);
  t.ok(validatePin(pins.hostPin, { roomId: room.id, length: 10, otherRolePin: pins.pin }).ok);
  t.equal(store.verifyPin(room.id, 'participant', pins.pin), true);
  t.equal(store.verifyPin(room.id, 'host', pins.hostPin), true);
  const [auditRow] = store.queryAudit({ kind: 'room-created' });
  t.equal(auditRow?.roomId, room.id);
  t.notMatch(JSON.stringify(store.queryAudit()), pins.pin);
});

t.test('operator-chosen PINs are validated with the reason', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  const weak = createRoomWithPins(store, { source: 'cli', id: '583920417', pin: '12345678' }, settings);
  t.equal(weak.ok ? 'ok' : weak.error.code, 'pin-rejected');
  if (!weak.ok) {
    t.equal(weak.error.message, 'participant PIN refused: rule R1: the digits form an arithmetic progression (like 123456 or 000000)');
    t.notMatch(weak.error.message, '12345678');
  }
  t.equal(store.getRoom('583920417'), undefined, 'nothing written');
  const like = createRoomWithPins(store, { source: 'cli', id: '583920417', pin: '61749253', hostPin: '6174925380' }, settings);
  t.equal(like.ok ? 'ok' : like.error.message, 'host PIN refused: rule C3: the PIN resembles the other role\'s PIN');
  const roomDigits = createRoomWithPins(store, { source: 'cli', id: '583920417', pin: '61392048' }, settings);
  t.equal(roomDigits.ok ? 'ok' : roomDigits.error.message, 'participant PIN refused: rule C2: the PIN shares 4 or more consecutive digits with the room ID');
  const good = createRoomWithPins(store, { source: 'cli', id: '583920417', pin: '61749253', hostPin: '8017263945', options: { waitForHost: false, maxParticipants: 5 } }, settings);
  t.ok(good.ok);
  if (!good.ok) return;
  t.same(good.value.pins, { pin: '61749253', hostPin: '8017263945' });
  t.same(good.value.room.options, { waitForHost: false, maxParticipants: 5 });
  const hostOnly = createRoomWithPins(store, { source: 'cli', id: '739104826', pin: '47190352' }, settings);
  t.ok(hostOnly.ok);
  if (hostOnly.ok) t.ok(validatePin(hostOnly.value.pins.hostPin, { otherRolePin: '47190352', roomId: '739104826' }).ok, 'generated host PIN respects C3');
  const short = createRoomWithPins(store, { source: 'cli', id: '739104827', pin: '4719035' }, settings);
  t.equal(short.ok ? 'ok' : short.error.message, 'participant PIN refused: it must have exactly 8 digits');
  const taken = createRoomWithPins(store, { source: 'cli', id: '583920417' }, settings);
  t.equal(taken.ok ? 'ok' : taken.error.code, 'room-exists');
  const badId = createRoomWithPins(store, { source: 'cli', id: '12' }, settings);
  t.equal(badId.ok ? 'ok' : badId.error.code, 'invalid-input');
});

t.test('ensureDemoRoom creates one room only on an empty store', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  const demo = ensureDemoRoom(store, settings);
  t.ok(demo);
  t.equal(demo?.room.source, 'demo');
  t.equal(ensureDemoRoom(store, settings), undefined, 'second start: nothing to print');
  t.equal(store.listRooms().length, 1);
});

t.test('provisionConfigRooms creates missing rooms and updates changed ones', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  const rooms = [{ id: '583920417', name: 'Weekly', waitForHost: true, maxParticipants: 20 }];
  const first = provisionConfigRooms(store, rooms, settings);
  t.ok(first.ok);
  if (!first.ok) return;
  t.equal(first.value[0]?.kind, 'created');
  const second = provisionConfigRooms(store, rooms, settings);
  t.same(second.ok ? second.value.map((o) => o.kind) : [], ['unchanged']);
  const third = provisionConfigRooms(store, [{ ...rooms[0], id: '583920417', name: 'Weekly sync', waitForHost: false, maxParticipants: 20 }], settings);
  t.same(third.ok ? third.value.map((o) => o.kind) : [], ['updated']);
  t.equal(store.getRoom('583920417')?.options.waitForHost, false);
  t.equal(ensureDemoRoom(store, settings), undefined, 'config rooms exist: no demo room');
});

t.test('provisionConfigRooms stores the moderation options of the file and updates them when they change', async (t) => {
  const store = open(t.testdir());
  t.teardown(() => store.close());
  const room = { id: '583920417', name: 'Weekly', waitForHost: true, maxParticipants: 20, moderation: { recordNames: true, announce: 'name' } };
  t.same(provisionConfigRooms(store, [room], settings).ok ? 'ok' : 'failed', 'ok');
  t.match(store.getRoom(room.id)?.options, { recordNames: true, announce: 'name' });
  store.updateRoom(room.id, { options: { autoRecord: true } });
  const again = provisionConfigRooms(store, [room], settings);
  t.same(again.ok ? again.value.map((o) => o.kind) : [], ['unchanged'], 'options the file does not name (set by the CLI) are left alone');
  const changed = provisionConfigRooms(store, [{ ...room, moderation: { recordNames: true, announce: 'tone' } }], settings);
  t.same(changed.ok ? changed.value.map((o) => o.kind) : [], ['updated']);
  t.match(store.getRoom(room.id)?.options, { announce: 'tone', autoRecord: true });
});
