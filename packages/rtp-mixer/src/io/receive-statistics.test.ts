// RFC 3550 A.1/A.3/A.8 reception statistics, with hand-computed expectations.
import t from 'tap';
import { ReceiveStatistics } from './receive-statistics.js';

t.test('sequence wrap at 65535 → 0 counts a cycle, not a loss', async (t) => {
  const stats = new ReceiveStatistics();
  for (const [i, seq] of [65533, 65534, 65535, 0, 1].entries()) stats.update(42, seq, i * 160, i * 160);
  t.equal(stats.extendedMax, 65536 + 1);
  t.equal(stats.cumulativeLost, 0);
  t.equal(stats.received, 5);
});

t.test('a gap is lost; fraction lost is per interval in 1/256', async (t) => {
  const stats = new ReceiveStatistics();
  // 10 expected (100..109), 8 received (104 and 107 missing).
  for (const seq of [100, 101, 102, 103, 105, 106, 108, 109]) stats.update(1, seq, seq * 160, seq * 160);
  t.equal(stats.cumulativeLost, 2);
  t.equal(stats.takeFractionLost(), Math.floor((2 * 256) / 10)); // 51
  t.equal(stats.takeFractionLost(), 0, 'nothing new expected since');
});

t.test('interarrival jitter follows J += (|D| − J)/16', async (t) => {
  const stats = new ReceiveStatistics();
  // Packets 160 units apart in RTP time arrive 200 units apart: |D| = 40 each time after the first.
  let expected = 0;
  for (let i = 0; i < 5; i++) {
    stats.update(9, i, i * 160, i * 200);
    if (i > 0) expected += (40 - expected) / 16;
  }
  t.equal(stats.jitter, expected);
  t.ok(Math.abs(stats.jitter - 40 * (1 - Math.pow(15 / 16, 4))) < 1e-9);
});

t.test('a new SSRC restarts the statistics', async (t) => {
  const stats = new ReceiveStatistics();
  stats.update(1, 10, 0, 0);
  stats.update(1, 20, 0, 0);
  stats.update(2, 500, 0, 0);
  t.equal(stats.ssrc, 2);
  t.equal(stats.cumulativeLost, 0);
  t.equal(stats.received, 1);
});
