/**
 * Test signal generators: DTMF tone pairs at a level in dBm0, seeded white noise, and a
 * G.711 µ-law round trip written from the ITU-T G.711 segment description (test-only,
 * independent of any codec in the project).
 */
import { dtmfFrequencies } from '../inband/inband-detector.js';
import type { DtmfDigit } from '../dtmf-digit.js';

/** Peak of a 0 dBm0 sine in 16-bit PCM (G.711: full scale is +3.17 dBm0). */
export const PEAK_0_DBM0 = 22656;

/** A small seeded PRNG (mulberry32) so noise is repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ToneOptions {
  readonly sampleRateHz: number;
  /** Total level of the pair in dBm0 (each tone 3 dB below). */
  readonly levelDbm0: number;
  readonly durationMs: number;
  /** Column minus row level in dB (positive: high group louder). */
  readonly twistDb?: number;
  /** Relative frequency offset applied to both tones (0.015 = +1.5 %). */
  readonly frequencyOffset?: number;
  readonly rowOffset?: number;
  readonly columnOffset?: number;
}

/** Float samples of one key's tone pair. */
export function dtmfTone(digit: DtmfDigit, options: ToneOptions): Float64Array {
  const [row, col] = dtmfFrequencies(digit);
  const samples = Math.round((options.durationMs * options.sampleRateHz) / 1000);
  const each = PEAK_0_DBM0 * 10 ** ((options.levelDbm0 - 3) / 20);
  const twist = options.twistDb ?? 0;
  const rowAmp = each * 10 ** (-twist / 40);
  const colAmp = each * 10 ** (twist / 40);
  const rowHz = row * (1 + (options.rowOffset ?? options.frequencyOffset ?? 0));
  const colHz = col * (1 + (options.columnOffset ?? options.frequencyOffset ?? 0));
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / options.sampleRateHz;
    out[i] = rowAmp * Math.sin(2 * Math.PI * rowHz * t) + colAmp * Math.sin(2 * Math.PI * colHz * t + 0.7);
  }
  return out;
}

/** Adds white noise at `snrDb` below the signal's own power. */
export function addNoise(signal: Float64Array, snrDb: number, random: () => number): Float64Array {
  let power = 0;
  for (const s of signal) power += s * s;
  power /= Math.max(1, signal.length);
  const noiseRms = Math.sqrt(power / 10 ** (snrDb / 10));
  const out = new Float64Array(signal.length);
  for (let i = 0; i < signal.length; i++) {
    // Sum of uniforms ≈ Gaussian; variance of sum of 12 U(0,1) is 1.
    let g = -6;
    for (let k = 0; k < 12; k++) g += random();
    out[i] = (signal[i] ?? 0) + g * noiseRms;
  }
  return out;
}

/** Rounds and clips float samples to 16-bit PCM. */
export function toPcm16(signal: Float64Array): Int16Array {
  const out = new Int16Array(signal.length);
  for (let i = 0; i < signal.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(signal[i] ?? 0)));
  return out;
}

/** Concatenates PCM chunks. */
export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

/** G.711 µ-law: linear → code (segment, 4-bit mantissa, inverted). */
export function mulawEncodeSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), MULAW_CLIP) + MULAW_BIAS;
  let segment = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && segment > 0; mask >>= 1) segment--;
  const mantissa = (magnitude >> (segment + 3)) & 0x0f;
  return ~(sign | (segment << 4) | mantissa) & 0xff;
}

/** G.711 µ-law: code → linear. */
export function mulawDecodeSample(code: number): number {
  const u = ~code & 0xff;
  const segment = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << segment) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** PCM through a µ-law encode/decode round trip. */
export function mulawRoundTrip(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = mulawDecodeSample(mulawEncodeSample(pcm[i] ?? 0));
  return out;
}

/** Feeds PCM to a detector in 20 ms frames and collects the digits. */
export function detectAll(
  detector: { process(pcm: Int16Array, nowMs: number): ReadonlyArray<{ digit: string }> },
  pcm: Int16Array,
  sampleRateHz: number,
): string {
  const frame = sampleRateHz / 50;
  let digits = '';
  for (let offset = 0, t = 20; offset < pcm.length; offset += frame, t += 20) {
    for (const e of detector.process(pcm.subarray(offset, offset + frame), t)) digits += e.digit;
  }
  return digits;
}
