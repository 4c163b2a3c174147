import t from 'tap';
import { seqAdd, seqDiff, seqNewer, tsAdd, tsDiff, tsNewer } from './sequence-math.js';

t.test('16-bit sequence wrap at 65535 → 0', async (t) => {
  t.equal(seqDiff(0, 65535), 1);
  t.equal(seqDiff(65535, 0), -1);
  t.equal(seqDiff(5, 65530), 11);
  t.ok(seqNewer(0, 65535));
  t.notOk(seqNewer(65535, 0));
  t.equal(seqAdd(65535, 1), 0);
  t.equal(seqDiff(32767, 0), 32767);
  t.equal(seqDiff(32768, 0), -32768);
});

t.test('32-bit timestamp wrap at 2^32-1 → 0', async (t) => {
  t.equal(tsDiff(0, 4294967295), 1);
  t.equal(tsDiff(4294967295, 0), -1);
  t.equal(tsDiff(159, 4294967136), 319);
  t.ok(tsNewer(0, 4294967295));
  t.notOk(tsNewer(4294967295, 0));
  t.equal(tsAdd(4294967295, 1), 0);
  t.equal(tsAdd(4294967200, 160), 64);
});
