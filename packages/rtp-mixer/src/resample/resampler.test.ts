import t from 'tap';
import { Resampler } from './resampler.js';

/** Feeds `seconds` of a tone through in 20 ms frames; returns the output. */
function run(r: Resampler, freqHz: number, seconds: number, amplitude = 10000): Int16Array {
  const frame = (r.fromHz * 20) / 1000;
  const total = r.fromHz * seconds;
  const out = new Int16Array((total * r.toHz) / r.fromHz);
  let written = 0;
  for (let start = 0; start < total; start += frame) {
    const pcm = Int16Array.from({ length: frame }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * freqHz * (start + i)) / r.fromHz)));
    const y = r.process(pcm);
    out.set(y, written);
    written += y.length;
  }
  return out.subarray(0, written);
}

/** Amplitude of the `freqHz` component over the last second (integer Hz → orthogonal). */
function amplitudeAt(y: Int16Array, rate: number, freqHz: number): number {
  const w = y.subarray(y.length - rate);
  let s = 0;
  let c = 0;
  for (let n = 0; n < w.length; n++) {
    const phase = (2 * Math.PI * freqHz * n) / rate;
    s += (w[n] ?? 0) * Math.sin(phase);
    c += (w[n] ?? 0) * Math.cos(phase);
  }
  return (2 / w.length) * Math.hypot(s, c);
}

const pairs: [number, number][] = [
  [8000, 16000],
  [8000, 48000],
  [16000, 48000],
  [16000, 8000],
  [48000, 8000],
  [48000, 16000],
];

for (const [from, to] of pairs) {
  t.test(`${from} → ${to}: passband flat within 1 dB to 0.45·fs_low`, async (t) => {
    const low = Math.min(from, to);
    for (const f of [0.05, 0.2, 0.35, 0.45].map((x) => Math.round(x * low))) {
      const y = run(new Resampler(from, to), f, 2);
      const gainDb = 20 * Math.log10(amplitudeAt(y, to, f) / 10000);
      t.ok(Math.abs(gainDb) < 1, `${f} Hz: ${gainDb.toFixed(3)} dB`);
    }
  });
}

for (const [from, to] of pairs.filter(([a, b]) => a > b)) {
  t.test(`${from} → ${to}: alias rejection ≥ 50 dB`, async (t) => {
    for (const f of [0.6, 0.75, 1.2, 2.2].map((x) => Math.round(x * to)).filter((f) => f < from / 2)) {
      const y = run(new Resampler(from, to), f, 2);
      const tail = y.subarray(y.length - to);
      const rms = Math.sqrt(tail.reduce((a, v) => a + v * v, 0) / tail.length);
      const rejectionDb = 20 * Math.log10(rms / (10000 / Math.SQRT2));
      t.ok(rejectionDb <= -50, `${f} Hz leaks at ${rejectionDb.toFixed(1)} dB`);
    }
  });
}

for (const [from, to] of pairs.filter(([a, b]) => a < b)) {
  t.test(`${from} → ${to}: image rejection ≥ 50 dB`, async (t) => {
    for (const f of [300, 1000, Math.round(0.4 * from)]) {
      const y = run(new Resampler(from, to), f, 2);
      const image = amplitudeAt(y, to, from - f);
      t.ok(20 * Math.log10(image / 10000) <= -50, `image of ${f} Hz at ${from - f} Hz: ${(20 * Math.log10(image / 10000)).toFixed(1)} dB`);
    }
  });
}

t.test('SNR of a sweep through 8 → 48 → 8 kHz', async (t) => {
  const up = new Resampler(8000, 48000);
  const down = new Resampler(48000, 8000);
  const total = 8000 * 3;
  const x = new Int16Array(total);
  let phase = 0;
  for (let n = 0; n < total; n++) {
    const f = 100 + (3400 - 100) * (n / total); // 100 Hz → 3400 Hz (0.425·fs)
    phase += (2 * Math.PI * f) / 8000;
    x[n] = Math.round(10000 * Math.sin(phase));
  }
  const y = new Int16Array(total);
  let written = 0;
  for (let start = 0; start < total; start += 160) {
    const z = down.process(up.process(x.subarray(start, start + 160)));
    y.set(z, written);
    written += z.length;
  }
  const delay = up.delaySamples / 6 + down.delaySamples;
  t.equal(delay, Math.round(delay), 'integer round-trip delay');
  let signal = 0;
  let noise = 0;
  for (let n = 2000; n < total - 2000; n++) {
    const ref = x[n - delay] ?? 0;
    signal += ref * ref;
    noise += (ref - (y[n] ?? 0)) ** 2;
  }
  const snrDb = 10 * Math.log10(signal / noise);
  t.ok(snrDb > 30, `sweep SNR ${snrDb.toFixed(1)} dB`);
});
