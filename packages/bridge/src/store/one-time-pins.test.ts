import t from 'tap';
import { ServerKey } from '../pins/index.js';
import { RoomStore } from './room-store.js';

const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));

t.test('one-time PINs: window, uses, revocation, never stored in clear', async (t) => {
  const clock = { now: new Date('2026-11-23T10:00:00.000Z') };
  const opened = RoomStore.open({ dataDir: t.testdir(), key, now: () => clock.now });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  t.teardown(() => store.close());
  store.createRoom({ id: '583920417', name: 'r', options: { waitForHost: true, maxParticipants: 10 }, source: 'api' });
  const created = store.createOneTimePin({
    roomId: '583920417',
    pin: '47190352',
    inviteeName: 'Mary',
    validFrom: new Date('2026-11-23T09:30:00.000Z'),
    validUntil: new Date('2026-11-23T11:30:00.000Z'),
    maxUses: 2,
  });
  t.ok(created.ok);
  if (!created.ok) return;
  t.equal(created.value.inviteeName, 'Mary');
  t.equal(created.value.pinLength, 8);
  t.notMatch(JSON.stringify(store.database.prepare('SELECT * FROM one_time_pins').all()), '47190352');

  t.same(store.redeemOneTimePin('583920417', '47190353'), { outcome: 'no-match' });
  t.same(store.redeemOneTimePin('739104826', '47190352'), { outcome: 'no-match' }, 'bound to its room');
  const first = store.redeemOneTimePin('583920417', '47190352');
  t.equal(first.outcome, 'redeemed');
  if (first.outcome === 'redeemed') t.equal(first.record.uses, 1);
  t.equal(store.redeemOneTimePin('583920417', '47190352').outcome, 'redeemed');
  t.equal(store.redeemOneTimePin('583920417', '47190352').outcome, 'used-up');

  const later = store.createOneTimePin({
    roomId: '583920417',
    pin: '58203914',
    validFrom: new Date('2026-11-23T12:00:00.000Z'),
    validUntil: new Date('2026-11-23T13:00:00.000Z'),
  });
  t.ok(later.ok);
  if (!later.ok) return;
  t.equal(later.value.maxUses, 1, 'one caller by default');
  t.equal(store.redeemOneTimePin('583920417', '58203914').outcome, 'not-yet-valid');
  clock.now = new Date('2026-11-23T13:00:00.000Z');
  t.equal(store.redeemOneTimePin('583920417', '58203914').outcome, 'expired', 'validUntil is exclusive');
  clock.now = new Date('2026-11-23T12:30:00.000Z');
  t.equal(store.revokeOneTimePin(later.value.id), true);
  t.equal(store.revokeOneTimePin(later.value.id), false);
  t.equal(store.redeemOneTimePin('583920417', '58203914').outcome, 'revoked');
  t.same(store.listOneTimePins('583920417').map((r) => r.id), [created.value.id, later.value.id]);
  t.equal(store.getOneTimePin(later.value.id)?.isRevoked, true);

  const c6 = store.validateRoomPin('583920417', 'participant', '47190352');
  t.equal(c6.ok ? 'ok' : c6.error.code, 'C6', 'a participant PIN equal to a live one-time PIN is refused');

  const bad = store.createOneTimePin({ roomId: '583920417', pin: '47190352', validFrom: clock.now, validUntil: clock.now });
  t.equal(bad.ok ? 'ok' : bad.error.code, 'invalid-input');
  const noRoom = store.createOneTimePin({ roomId: '111111113', pin: '47190352', validFrom: clock.now, validUntil: new Date(clock.now.getTime() + 1000) });
  t.equal(noRoom.ok ? 'ok' : noRoom.error.code, 'room-not-found');
  store.deleteRoom('583920417');
  t.same(store.listOneTimePins('583920417'), [], 'deleted with the room');
});

t.test('blocks: add, list in force, expire, remove', async (t) => {
  const clock = { now: new Date('2026-11-23T10:00:00.000Z') };
  const opened = RoomStore.open({ dataDir: t.testdir(), key, now: () => clock.now });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  t.teardown(() => store.close());
  const ip = store.addBlock({ kind: 'ip', value: '203.0.113.9', reason: 'scanner' });
  const range = store.addBlock({ kind: 'cidr', value: '198.51.100.0/24', reason: 'abuse', expiresAt: new Date('2026-11-23T11:00:00.000Z') });
  store.addBlock({ kind: 'caller-id', value: '+15550000000', reason: 'fraud' });
  t.same(ip, { id: ip.id, kind: 'ip', value: '203.0.113.9', expiresAt: undefined, reason: 'scanner', createdAt: '2026-11-23T10:00:00.000Z' });
  t.equal(store.listBlocks().length, 3);
  clock.now = new Date('2026-11-23T11:00:00.000Z');
  t.same(store.listBlocks().map((b) => b.kind), ['ip', 'caller-id'], 'expired blocks are not in force');
  t.equal(store.listBlocks({ includeExpired: true }).length, 3);
  t.equal(store.purgeExpiredBlocks(), 1);
  t.equal(store.removeBlock(range.id), false, 'already purged');
  t.equal(store.removeBlock(ip.id), true);
  t.same(store.listBlocks().map((b) => b.value), ['+15550000000']);
});
