/**
 * Test-side audio: G.711 μ-law encode/decode (ITU-T G.711 §2, the segment/quantisation
 * table), sine and DTMF tone synthesis (ITU-T Q.23 frequency pairs), and a Goertzel power
 * probe to check which tones a capture contains.
 */

const BIAS = 0x84;
const CLIP = 32635;

/** One 16-bit linear sample → μ-law byte. */
export function linearToUlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** μ-law byte → 16-bit linear sample. */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign !== 0 ? -magnitude : magnitude;
}

/** Q.23 DTMF frequency pairs (low, high) in Hz. */
export const DTMF_FREQUENCIES: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477],
};

/** Sum of sines at 8 kHz; `amplitude` per tone in linear units. */
export function tone(frequenciesHz: readonly number[], durationMs: number, amplitude: number, sampleRateHz = 8000, phaseSamples = 0): Int16Array {
  const n = Math.round((durationMs * sampleRateHz) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const f of frequenciesHz) v += amplitude * Math.sin((2 * Math.PI * f * (i + phaseSamples)) / sampleRateHz);
    out[i] = Math.round(v);
  }
  return out;
}

/** Relative power of `frequencyHz` in a block (Goertzel), normalised by block energy. */
export function tonePower(samples: Int16Array | Float32Array, frequencyHz: number, sampleRateHz: number): number {
  const k = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return energy === 0 ? 0 : power / (energy * samples.length / 2);
}

/** RMS level of a block. */
export function rms(samples: Int16Array | Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

/** Writes a 16-bit PCM WAV file image; `samples` are interleaved when `channels` > 1. */
export function wavBytes(samples: Int16Array, sampleRateHz: number, channels = 1): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRateHz, 24);
  header.writeUInt32LE(sampleRateHz * 2 * channels, 28);
  header.writeUInt16LE(2 * channels, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Reads a PCM WAV (16-bit, any channel count: the first channel is kept). */
export function readWav(bytes: Buffer): { samples: Int16Array; sampleRateHz: number } {
  let off = 12;
  let sampleRateHz = 8000;
  let channels = 1;
  while (off + 8 <= bytes.length) {
    const id = bytes.toString('ascii', off, off + 4);
    const size = bytes.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(off + 10);
      sampleRateHz = bytes.readUInt32LE(off + 12);
    } else if (id === 'data') {
      const end = Math.min(bytes.length, off + 8 + size);
      const frames = Math.floor((end - off - 8) / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = bytes.readInt16LE(off + 8 + i * 2 * channels);
      return { samples, sampleRateHz };
    }
    off += 8 + size + (size & 1);
  }
  return { samples: new Int16Array(0), sampleRateHz };
}
