import t from 'tap';
import { InbandDetector } from './inband-detector.js';
import { EVENT_DIGITS } from '../dtmf-digit.js';
import { addNoise, concatPcm, detectAll, dtmfTone, mulawRoundTrip, seededRandom, toPcm16, type ToneOptions } from '../test-support/signals.js';

const KEYS = EVENT_DIGITS.join('');

/** Every key once, 50 ms on / 60 ms off, optionally through µ-law. */
function keySequence(rate: 8000 | 16000, levelDbm0: number, snrDb: number | undefined, seed: number): Int16Array {
  const random = seededRandom(seed);
  const parts: Int16Array[] = [];
  for (const key of EVENT_DIGITS) {
    const tone = dtmfTone(key, { sampleRateHz: rate, levelDbm0, durationMs: 50 });
    parts.push(toPcm16(snrDb === undefined ? tone : addNoise(tone, snrDb, random)), new Int16Array((rate * 60) / 1000));
  }
  const pcm = concatPcm(parts);
  return rate === 8000 ? mulawRoundTrip(pcm) : pcm;
}

for (const rate of [8000, 16000] as const) {
  for (const level of [-30, -25, -20, -10, -3, 0]) {
    for (const snr of [12, 18, 30]) {
      t.test(`all 16 keys at ${rate} Hz, ${level} dBm0, SNR ${snr} dB${rate === 8000 ? ' through µ-law' : ''}`, async (t) => {
        t.equal(detectAll(new InbandDetector({ sampleRateHz: rate }), keySequence(rate, level, snr, level * 100 + snr), rate), KEYS);
      });
    }
  }
}

function single(options: Partial<ToneOptions>, key: '5' | 'D' = '5'): string {
  const tone = toPcm16(dtmfTone(key, { sampleRateHz: 8000, levelDbm0: -10, durationMs: 100, ...options }));
  return detectAll(new InbandDetector({ sampleRateHz: 8000 }), mulawRoundTrip(concatPcm([tone, new Int16Array(800)])), 8000);
}

t.test('frequency tolerance: within 1.5 % accepted, beyond 3.5 % refused (Q.24)', async (t) => {
  for (const key of ['5', 'D'] as const) {
    t.equal(single({ frequencyOffset: 0.015 }, key), key, `${key} +1.5 %`);
    t.equal(single({ frequencyOffset: -0.015 }, key), key, `${key} -1.5 %`);
    t.equal(single({ rowOffset: 0.035 }, key), '', `${key} row +3.5 %`);
    t.equal(single({ columnOffset: -0.035 }, key), '', `${key} column -3.5 %`);
    t.equal(single({ frequencyOffset: 0.04 }, key), '', `${key} both +4 %`);
  }
});

t.test('twist: row up to 8 dB above column, column up to 4 dB above row', async (t) => {
  t.equal(single({ twistDb: -7.5 }), '5', 'normal twist just inside');
  t.equal(single({ twistDb: -9 }), '', 'normal twist just outside');
  t.equal(single({ twistDb: 3.5 }), '5', 'reverse twist just inside');
  t.equal(single({ twistDb: 5 }), '', 'reverse twist just outside');
});

t.test('tone duration: 40 ms always operates, 20 ms never, at every alignment', async (t) => {
  for (let phase = 0; phase < 80; phase += 5) {
    const make = (ms: number) => concatPcm([new Int16Array(phase), toPcm16(dtmfTone('8', { sampleRateHz: 8000, levelDbm0: -10, durationMs: ms })), new Int16Array(800)]);
    t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), make(40), 8000), '8', `40 ms at phase ${phase}`);
    t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), make(20), 8000), '', `20 ms at phase ${phase}`);
  }
});

t.test('pauses: 40 ms separates two presses of the same key; a 10 ms drop does not', async (t) => {
  const tone = toPcm16(dtmfTone('3', { sampleRateHz: 8000, levelDbm0: -10, durationMs: 60 }));
  const gap = (ms: number) => new Int16Array(ms * 8);
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), concatPcm([tone, gap(40), tone, gap(100)]), 8000), '33');
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), concatPcm([tone, gap(10), tone, gap(100)]), 8000), '3');
});

t.test('durations and release times are reported', async (t) => {
  const d = new InbandDetector({ sampleRateHz: 8000 });
  const pcm = concatPcm([toPcm16(dtmfTone('7', { sampleRateHz: 8000, levelDbm0: -10, durationMs: 200 })), new Int16Array(1600)]);
  const events = [];
  for (let i = 0, now = 20; i < pcm.length; i += 160, now += 20) events.push(...d.process(pcm.subarray(i, i + 160), now));
  t.equal(events.length, 1);
  const [e] = events;
  t.equal(e?.source, 'inband');
  t.ok(e && e.durationMs >= 170 && e.durationMs <= 230, `duration ${e?.durationMs} ms near 200`);
  t.ok(e && e.endedAtMs >= 200 && e.endedAtMs <= 260, `released at ${e?.endedAtMs} ms`);
});

t.test('silence and a single tone are not digits', async (t) => {
  const d = new InbandDetector({ sampleRateHz: 8000 });
  const single = new Int16Array(8000);
  for (let i = 0; i < single.length; i++) single[i] = Math.round(8000 * Math.sin((2 * Math.PI * 770 * i) / 8000));
  t.equal(detectAll(d, concatPcm([new Int16Array(8000), single]), 8000), '');
});

t.test('tonePresent: on within 40 ms of a key, through it, before the digit; off on silence and a single tone', async (t) => {
  for (let leadMs = 0; leadMs < 20; leadMs += 5) {
    const d = new InbandDetector({ sampleRateHz: 8000 });
    const tone = toPcm16(dtmfTone('*', { sampleRateHz: 8000, levelDbm0: -10, durationMs: 100 }));
    const pcm = mulawRoundTrip(concatPcm([new Int16Array(160 + leadMs * 8), tone, new Int16Array(800)]));
    const toneStartMs = 20 + leadMs;
    const present: number[] = [];
    let digitAtMs = -1;
    for (let i = 0, endMs = 20; i < pcm.length; i += 160, endMs += 20) {
      const digits = d.process(pcm.subarray(i, i + 160), endMs);
      if (digits.length > 0) digitAtMs = endMs;
      if (d.tonePresent) present.push(endMs);
    }
    const first = present[0] ?? Infinity;
    t.ok(first <= toneStartMs + 40, `lead ${leadMs} ms: a tone in the frame ending at ${first} ms (key from ${toneStartMs} ms)`);
    t.ok(first < digitAtMs, `lead ${leadMs} ms: long before the digit is released (${digitAtMs} ms)`);
    // Every frame lying wholly inside the key shows it; none after the key.
    for (let endMs = Math.ceil((toneStartMs + 20) / 20) * 20; endMs <= toneStartMs + 100; endMs += 20) {
      t.ok(present.includes(endMs), `lead ${leadMs} ms: the frame ending at ${endMs} ms shows the key`);
    }
    t.ok(present.every((ms) => ms <= toneStartMs + 120), `lead ${leadMs} ms: nothing after the key (${present.join(', ')})`);
  }
  const d = new InbandDetector({ sampleRateHz: 8000 });
  const single = new Int16Array(8000);
  for (let i = 0; i < single.length; i++) single[i] = Math.round(8000 * Math.sin((2 * Math.PI * 770 * i) / 8000));
  let shown = 0;
  for (const pcm of [new Int16Array(8000), single]) {
    for (let i = 0; i < pcm.length; i += 160) {
      d.process(pcm.subarray(i, i + 160), 0);
      if (d.tonePresent) shown++;
    }
  }
  t.equal(shown, 0, 'silence and a single tone never show a key');
});
