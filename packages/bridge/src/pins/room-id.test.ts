import t from 'tap';
import { generateRoomId, toRoomId } from './room-id.js';
import type { RandomInt } from './generate-pin.js';

t.test('room IDs: 9 digits by default, never starting with 0', async (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const id = generateRoomId();
    t.match(id, /^[1-9][0-9]{8}$/);
    seen.add(id);
  }
  t.equal(seen.size, 300, 'random, not sequential: no repeats');
  t.match(generateRoomId(12), /^[1-9][0-9]{11}$/);
  t.throws(() => generateRoomId(7), { code: 'bad-length' });
});

t.test('room IDs skip patterns and taken IDs', async (t) => {
  const queue = [...'123456789', ...'555512345', ...'482719630', ...'739104826'].map(Number);
  const scripted: RandomInt = () => queue.shift() ?? 1;
  const id = generateRoomId(9, (candidate) => candidate === '482719630', scripted);
  t.equal(id, '739104826', 'progression, 4 identical digits and a taken ID are skipped');
});

t.test('toRoomId parses 8-12 digits', async (t) => {
  t.equal(toRoomId('12345678'), '12345678');
  t.equal(toRoomId('1234567'), undefined);
  t.equal(toRoomId('1234567890123'), undefined);
  t.equal(toRoomId('12345678a'), undefined);
});
