import t from 'tap';
import { buildReceiverReport, buildSenderReport, parseRtcp } from './rtcp-report.js';
import { RtpReceiveStats } from './rtp-receive-stats.js';

const block = { ssrc: 0x11223344, fractionLost: 64, cumulativeLost: 5, extendedHighestSeq: 70000, jitter: 12, lastSr: 7, delaySinceLastSr: 9 };

t.test('RR layout per RFC 3550 §6.4.2 and round trip', async (t) => {
  const rr = buildReceiverReport(0xaabbccdd, [block]);
  t.same([...rr.subarray(0, 8)], [0x81, 201, 0, 7, 0xaa, 0xbb, 0xcc, 0xdd], 'V=2 RC=1, PT=201, length 7 words');
  t.same([...rr.subarray(12, 16)], [64, 0, 0, 5], 'fraction lost, then 24-bit cumulative lost');
  const parsed = parseRtcp(rr);
  t.same(parsed, { ok: true, value: [{ kind: 'rr', ssrc: 0xaabbccdd, blocks: [block] }] });
});

t.test('SR round trip', async (t) => {
  const sender = { ntpTimestamp: 0x83aa7e80_80000000n, rtpTimestamp: 4294967295, packetCount: 10, octetCount: 1600 };
  const sr = buildSenderReport(1, sender, []);
  t.equal(sr[1], 200);
  t.same(parseRtcp(sr), { ok: true, value: [{ kind: 'sr', ssrc: 1, sender, blocks: [] }] });
});

t.test('bad RTCP is a Result error', async (t) => {
  const short = parseRtcp(new Uint8Array(4));
  t.equal(short.ok ? '' : short.error.code, 'too-short');
  const version = parseRtcp(new Uint8Array(8));
  t.equal(version.ok ? '' : version.error.code, 'bad-version');
});

t.test('receive statistics (RFC 3550 A.1/A.3/A.8) across the 65535 → 0 wrap', async (t) => {
  const stats = new RtpReceiveStats();
  // 20 packets from seq 65530, every 160 ts units, one lost (seq 2), arriving exactly on time.
  for (let i = 0; i < 20; i++) {
    const seq = (65530 + i) & 0xffff;
    if (seq === 2) continue;
    t.ok(stats.update(seq, (i * 160) >>> 0, 1000 + i * 160));
  }
  t.equal(stats.extendedHighestSeq, 65536 + 13, 'one cycle + max seq 13');
  t.equal(stats.cumulativeLost, 1);
  t.equal(stats.takeFractionLost(), Math.floor(256 / 20), 'lost 1 of 20 expected');
  t.equal(stats.jitter, 0, 'no jitter when transit is constant');
  stats.update(14, 20 * 160, 1000 + 20 * 160 + 320);
  t.equal(stats.jitter, 20, 'J = 320/16 after one 320-unit deviation');
  t.equal(stats.takeFractionLost(), 0);
});
