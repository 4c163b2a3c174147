// The SharedArrayBuffer frame ring between workers (exercised here in one thread).
import t from 'tap';
import { FrameRing, RING_SLOTS } from './frame-ring.js';

const frame = (value: number, n = 160): Int16Array => new Int16Array(n).fill(value);

t.test('frames come out in order with their rate', async (t) => {
  const buffer = FrameRing.allocate();
  const producer = new FrameRing(buffer);
  const consumer = new FrameRing(buffer);
  t.equal(consumer.read(new Int16Array(320)), undefined, 'empty at first');
  producer.write(frame(1), 160, 8000);
  producer.write(frame(2, 320), 320, 16000);
  const out = new Int16Array(320);
  t.same(consumer.read(out), { rateHz: 8000, samples: 160 });
  t.equal(out[0], 1);
  t.same(consumer.read(out), { rateHz: 16000, samples: 320 });
  t.equal(out[319], 2);
  t.equal(consumer.depth, 0);
});

t.test('a full ring drops and counts; a deep ring skips to bound the delay', async (t) => {
  const ring = new FrameRing(FrameRing.allocate());
  for (let i = 0; i < RING_SLOTS + 2; i++) ring.write(frame(i), 160, 8000);
  t.equal(ring.dropped, 2);
  t.equal(ring.depth, RING_SLOTS);
  const out = new Int16Array(320);
  ring.read(out, 3); // keeps at most 3 queued: skips to the 3rd newest
  t.equal(out[0], RING_SLOTS - 3);
  t.equal(ring.depth, 2);
});
