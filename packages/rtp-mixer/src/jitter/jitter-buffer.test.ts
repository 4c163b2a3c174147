import t from 'tap';
import { RtpPacketView } from '../packet/rtp-packet-view.js';
import { writeRtpHeader } from '../packet/write-rtp-header.js';
import { JitterBuffer, type JitterFrame } from './jitter-buffer.js';

const pkt = (seq: number, ts: number, ssrc = 1): { seq: number; ts: number; ssrc: number; payload: Uint8Array } => ({
  seq: seq & 0xffff,
  ts: ts >>> 0,
  ssrc,
  payload: Uint8Array.of(seq & 0xff, (seq >> 8) & 0xff),
});

function popSeq(jb: JitterBuffer, now: number): number | 'lost' | 'empty' {
  const f = jb.pop(now);
  return typeof f === 'string' ? f : f.seq;
}

t.test('buffers to the initial delay, then plays in order across seq and timestamp wrap', async (t) => {
  const jb = new JitterBuffer({ initialDelayMs: 40 });
  const seq0 = 65533;
  const ts0 = 4294967295 - 160 * 2;
  jb.push(pkt(seq0, ts0), 0);
  t.equal(jb.pop(0), 'empty', 'one frame is below the 40 ms target');
  jb.push(pkt(seq0 + 1, ts0 + 160), 20);
  const played: number[] = [];
  const stamps: number[] = [];
  for (let i = 2; i < 8; i++) {
    const f = jb.pop(i * 20);
    if (typeof f !== 'string') {
      played.push(f.seq);
      stamps.push(f.ts);
      t.same([...f.payload], [f.seq & 0xff, (f.seq >> 8) & 0xff]);
    }
    jb.push(pkt(seq0 + i, ts0 + 160 * i), i * 20);
  }
  t.same(played, [65533, 65534, 65535, 0, 1, 2]);
  t.same(stamps, [4294966975, 4294967135, 4294967295 & 0xffffffff, 159, 319, 479].map((x) => x >>> 0));
});

t.test('reorder, duplicate and late drop', async (t) => {
  const jb = new JitterBuffer({ initialDelayMs: 60 });
  for (const s of [10, 12, 11, 11]) jb.push(pkt(s, s * 160), 0);
  t.equal(jb.stats.duplicates, 1);
  t.equal(popSeq(jb, 0), 10);
  t.equal(popSeq(jb, 20), 11);
  t.equal(jb.push(pkt(10, 1600), 40), 'late');
  t.equal(jb.stats.late, 1);
  t.equal(jb.stats.targetDelayMs, 80, 'a late packet grows the target by one frame');
  t.equal(popSeq(jb, 40), 12);
});

t.test('a gap with later data queued is reported lost', async (t) => {
  const jb = new JitterBuffer({ initialDelayMs: 20 });
  jb.push(pkt(1, 160), 0);
  jb.push(pkt(3, 480), 0);
  t.equal(popSeq(jb, 0), 1);
  t.equal(popSeq(jb, 20), 'lost');
  t.equal(popSeq(jb, 40), 3);
  t.equal(jb.stats.lost, 1);
  t.equal(popSeq(jb, 60), 'empty', 'underflow');
  t.equal(jb.stats.underflows, 1);
});

t.test('SSRC change resets the stream', async (t) => {
  const jb = new JitterBuffer({ initialDelayMs: 20 });
  jb.push(pkt(100, 0, 1), 0);
  t.equal(jb.push(pkt(7, 99, 2), 20), 'reset');
  t.equal(popSeq(jb, 20), 7);
  t.equal(jb.stats.resets, 1);
});

t.test('accepts RtpPacketView', async (t) => {
  const jb = new JitterBuffer({ initialDelayMs: 20 });
  const bytes = new Uint8Array(14);
  writeRtpHeader(bytes, 0, { payloadType: 0, sequenceNumber: 65535, timestamp: 4294967295, ssrc: 9 });
  bytes[12] = 0xab;
  bytes[13] = 0xcd;
  const view = RtpPacketView.parse(bytes);
  if (!view.ok) throw view.error;
  jb.push(view.value, 0);
  bytes[12] = 0; // the buffer copied the payload
  const f = jb.pop(0) as JitterFrame;
  t.equal(f.seq, 65535);
  t.equal(f.ts, 4294967295);
  t.same([...f.payload], [0xab, 0xcd]);
});

t.test('seeded fake network: loss, reorder, duplication, jitter', async (t) => {
  let seed = 0x2545f491;
  const random = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const jb = new JitterBuffer({ initialDelayMs: 40 });
  const total = 3000;
  const arrivals: { at: number; seq: number }[] = [];
  let sentLost = 0;
  for (let i = 0; i < total; i++) {
    if (random() < 0.03) {
      sentLost++;
      continue;
    }
    const at = i * 20 + random() * 60; // up to 60 ms of jitter (reorders neighbours)
    arrivals.push({ at, seq: (60000 + i) & 0xffff });
    if (random() < 0.02) arrivals.push({ at: at + random() * 30, seq: (60000 + i) & 0xffff });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const played = new Set<number>();
  let k = 0;
  let order = -1;
  let isOrdered = true;
  for (let now = 0; now < total * 20 + 400; now += 20) {
    while (k < arrivals.length && (arrivals[k]?.at ?? Infinity) <= now) {
      const a = arrivals[k++];
      if (a !== undefined) jb.push(pkt(a.seq, a.seq * 160, 5), a.at);
    }
    const f = jb.pop(now);
    if (typeof f !== 'string') {
      const linear = f.seq >= 60000 ? f.seq - 60000 : f.seq + 65536 - 60000;
      if (linear <= order || played.has(f.seq)) isOrdered = false;
      order = linear;
      played.add(f.seq);
    }
  }
  t.ok(isOrdered, 'frames come out strictly in sequence order, each once');
  const stats = jb.stats;
  t.ok(stats.duplicates > 0, `duplicates dropped: ${stats.duplicates}`);
  t.ok(stats.targetDelayMs > 40 && stats.targetDelayMs <= 200, `target adapted to ${stats.targetDelayMs} ms`);
  const delivered = played.size;
  t.ok(delivered >= (total - sentLost) * 0.97, `delivered ${delivered} of ${total - sentLost} sent`);
  t.equal(stats.played, delivered);
  t.ok(stats.jitterMs > 5, `jitter estimate ${stats.jitterMs.toFixed(1)} ms`);
});

t.test('target shrinks slowly when the network calms down', async (t) => {
  const jb = new JitterBuffer({ initialDelayMs: 200 });
  let played = 0;
  for (let i = 0; i < 2000; i++) {
    jb.push(pkt(i, i * 160), i * 20);
    if (typeof jb.pop(i * 20) !== 'string') played++;
  }
  t.ok(jb.stats.targetDelayMs < 200, `target now ${jb.stats.targetDelayMs} ms`);
  t.ok(jb.stats.targetDelayMs >= 20);
  t.ok(jb.depthFrames * 20 <= jb.stats.targetDelayMs + 40, `depth ${jb.depthFrames} frames`);
  t.ok(played > 1800);
});
