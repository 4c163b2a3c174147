import t from 'tap';
import { LIMITER_KNEE, softLimit } from './soft-limiter.js';

t.test('transparent below the knee', async (t) => {
  for (const x of [0, 1, -1, 1000, -20000, LIMITER_KNEE, -LIMITER_KNEE]) t.equal(softLimit(x), x);
});

t.test('never exceeds int16, monotonic above the knee', async (t) => {
  let previous = LIMITER_KNEE;
  for (let x = LIMITER_KNEE + 1; x <= 6 * 32768; x += 37) {
    const y = softLimit(x);
    t.ok(y <= 32767 && y >= previous, `x=${x}`);
    t.equal(softLimit(-x), -y);
    previous = y;
  }
  t.equal(softLimit(1e9), 32767);
  t.equal(softLimit(-1e9), -32767);
  // Smooth knee: slope ~1 just above the knee.
  t.equal(softLimit(LIMITER_KNEE + 10), LIMITER_KNEE + 10);
});
