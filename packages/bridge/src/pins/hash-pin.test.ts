import t from 'tap';
import { createHmac } from 'node:crypto';
import { hashPin, pinMatches } from './hash-pin.js';
import { ServerKey } from './server-key.js';

const keyBytes = Buffer.alloc(32, 0x11);
const key = ServerKey.fromBytes(keyBytes);

t.test('hashPin is HMAC-SHA-256 over length-framed (version, roomId, role, pin)', async (t) => {
  // Framing written out by hand: 4-byte big-endian length, then the bytes of each field.
  const framed = Buffer.concat([
    Buffer.from([0, 0, 0, 16]), Buffer.from('pinbridge-pin-v1'),
    Buffer.from([0, 0, 0, 9]), Buffer.from('583920417'),
    Buffer.from([0, 0, 0, 11]), Buffer.from('participant'),
    Buffer.from([0, 0, 0, 8]), Buffer.from('61749253'),
  ]);
  const expected = createHmac('sha256', keyBytes).update(framed).digest('hex');
  t.equal(hashPin(key, '583920417', 'participant', '61749253'), expected);
  t.match(expected, /^[0-9a-f]{64}$/);
});

t.test('the room and the role are bound into the hash', async (t) => {
  const base = hashPin(key, '583920417', 'participant', '61749253');
  t.not(hashPin(key, '583920418', 'participant', '61749253'), base, 'other room');
  t.not(hashPin(key, '583920417', 'host', '61749253'), base, 'other role');
  t.not(hashPin(key, '58392041', 'participant', '761749253'), base, 'moving a digit across fields changes the hash');
  t.not(hashPin(ServerKey.fromBytes(Buffer.alloc(32, 0x12)), '583920417', 'participant', '61749253'), base, 'other key');
});

t.test('pinMatches compares digests', async (t) => {
  const stored = hashPin(key, '583920417', 'host', '6174925380');
  t.equal(pinMatches(key, '583920417', 'host', '6174925380', stored), true);
  t.equal(pinMatches(key, '583920417', 'host', '6174925381', stored), false);
  t.equal(pinMatches(key, '583920417', 'participant', '6174925380', stored), false);
  t.equal(pinMatches(key, '583920417', 'host', '6174925380', 'not-hex'), false, 'malformed stored value');
  t.equal(pinMatches(key, '583920417', 'host', '6174925380', stored.toUpperCase()), false, 'stored values are lowercase');
  t.equal(pinMatches(key, '583920417', 'host', '6174925380', '0'.repeat(64)), false);
});
