/**
 * Benchmark audio, generated in process: DTMF tone pairs at a level in dBm0, seeded white
 * noise, a G.711 µ-law round trip, espeak-ng speech and music-like audio.
 *
 * Level reference (ITU-T G.711): the µ-law decoder's full scale is 8159 (14-bit), a 0 dBm0
 * sine peaks at 8031 of it, i.e. 3.17 dB below a full-scale sine. In 16-bit PCM (×4 and a
 * little headroom) that is a peak of about 22656; the µ-law coder here clips at 32635.
 * Kept apart from the package's test helpers on purpose: benchmarks use public entries only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLUMN_FREQUENCIES_HZ, ROW_FREQUENCIES_HZ, type DtmfDigit } from '@pinbridge/dtmf';

/** Peak of a 0 dBm0 sine in 16-bit PCM. */
export const PEAK_0_DBM0 = 22656;
export const SAMPLE_RATE_HZ = 8000;
const KEYPAD = '123A456B789C*0#D';

/** mulberry32: small, seeded, repeatable. */
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

/** One key's tone pair (each tone 3 dB below the pair's level), as float samples. */
export function tonePair(digit: DtmfDigit, levelDbm0: number, durationMs: number): Float64Array {
  const index = KEYPAD.indexOf(digit);
  const row = ROW_FREQUENCIES_HZ[Math.floor(index / 4)] ?? 0;
  const col = COLUMN_FREQUENCIES_HZ[index % 4] ?? 0;
  const amplitude = PEAK_0_DBM0 * 10 ** ((levelDbm0 - 3) / 20);
  const out = new Float64Array(Math.round((durationMs * SAMPLE_RATE_HZ) / 1000));
  for (let i = 0; i < out.length; i++) {
    const t = i / SAMPLE_RATE_HZ;
    out[i] = amplitude * (Math.sin(2 * Math.PI * row * t) + Math.sin(2 * Math.PI * col * t + 0.7));
  }
  return out;
}

/** Gaussian-ish white noise (sum of 12 uniforms) with the given RMS. */
export function whiteNoise(samples: number, rms: number, random: () => number): Float64Array {
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    let g = -6;
    for (let k = 0; k < 12; k++) g += random();
    out[i] = g * rms;
  }
  return out;
}

/** Mean square of a float signal. */
export function meanSquare(signal: Float64Array): number {
  let sum = 0;
  for (const s of signal) sum += s * s;
  return sum / Math.max(1, signal.length);
}

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

function mulawEncode(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), MULAW_CLIP) + MULAW_BIAS;
  let segment = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && segment > 0; mask >>= 1) segment--;
  return ~(sign | (segment << 4) | ((magnitude >> (segment + 3)) & 0x0f)) & 0xff;
}

function mulawDecode(code: number): number {
  const u = ~code & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + MULAW_BIAS) << ((u >> 4) & 0x07)) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Float samples → 16-bit PCM through a G.711 µ-law encode/decode round trip. */
export function throughMulaw(signal: Float64Array | Int16Array): Int16Array {
  const out = new Int16Array(signal.length);
  for (let i = 0; i < signal.length; i++) {
    const s = Math.max(-32768, Math.min(32767, Math.round(signal[i] ?? 0)));
    out[i] = mulawDecode(mulawEncode(s));
  }
  return out;
}

const WORDS = (
  'please enter your conference number followed by the pound key the host has not arrived yet ' +
  'one two three four five six seven eight nine zero star hash good morning everyone welcome ' +
  'thanks for joining can you hear me now quarterly figures budget review next steps agenda ' +
  'sorry you were on mute could you repeat that question I will send the slides after the call'
).split(' ');

const VOICES = [
  ['en-us', '170', '50'],
  ['en-gb+f3', '150', '70'],
  ['en-us+m3', '190', '30'],
  ['de', '160', '55'],
  ['fr+f2', '165', '80'],
  ['es+m1', '175', '40'],
  ['it+f4', '155', '90'],
  ['pt+m2', '180', '60'],
] as const;

/** About `seconds` of 8 kHz speech from espeak-ng (voices, languages, speeds, pitches), resampled with sox. */
export function espeakSpeech(seconds: number, seed: number): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), 'pinbridge-bench-dtmf-'));
  const random = seededRandom(seed);
  const parts: Int16Array[] = [];
  let total = 0;
  try {
    for (let i = 0; total < seconds * SAMPLE_RATE_HZ; i++) {
      const [voice, speed, pitch] = VOICES[i % VOICES.length] ?? VOICES[0];
      const words = Array.from({ length: 200 }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'hello');
      const text = join(dir, `t${i}.txt`);
      const wav = join(dir, `s${i}.wav`);
      const raw = join(dir, `s${i}.raw`);
      writeFileSync(text, words.join(' '));
      execFileSync('espeak-ng', ['-v', voice, '-s', speed, '-p', pitch, '-w', wav, '-f', text]);
      execFileSync('sox', ['-V1', wav, '-r', String(SAMPLE_RATE_HZ), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', raw]);
      const bytes = readFileSync(raw);
      const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~1)));
      parts.push(pcm);
      total += pcm.length;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out = new Int16Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** About `seconds` of music-like audio: chords with harmonics, arpeggios, glides and sweeps. */
export function musicLike(seconds: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(Math.round(seconds * SAMPLE_RATE_HZ));
  let offset = 0;
  for (let bar = 0; offset < out.length; bar++) {
    const length = Math.min(out.length - offset, Math.round(SAMPLE_RATE_HZ * (0.4 + random())));
    const root = 220 * 2 ** ((Math.floor(random() * 24) - 6) / 12);
    const chord = [1, 2 ** (4 / 12), 2 ** (7 / 12), 2, 2 ** (3 / 12) * 2].map((r) => root * r);
    const kind = bar % 4;
    for (let i = 0; i < length; i++) {
      const t = i / SAMPLE_RATE_HZ;
      const span = length / SAMPLE_RATE_HZ;
      let s = 0;
      if (kind === 0) {
        for (const f of chord) for (let h = 1; h <= 4; h++) s += Math.sin(2 * Math.PI * f * h * t) / h;
        s *= 2200 * Math.exp(-1.2 * t);
      } else if (kind === 1) {
        const f = chord[Math.floor(t * 10) % chord.length] ?? root;
        for (let h = 1; h <= 5; h++) s += Math.sin(2 * Math.PI * f * h * t) / (h * h);
        s *= 7000;
      } else if (kind === 2) {
        // Linear sweep 400 → 2000 Hz plus a sweep an octave below: crosses every DTMF frequency.
        s = 5000 * Math.sin(2 * Math.PI * (400 * t + (800 * t * t) / span)) + 2500 * Math.sin(2 * Math.PI * (200 * t + (400 * t * t) / span));
      } else {
        // Two pure tones gliding in parallel, a fifth apart (a row/column-like pair moving by).
        const f = root * 3 * (1 + 0.3 * (t / span));
        s = 6000 * Math.sin(2 * Math.PI * f * t) + 6000 * Math.sin(2 * Math.PI * f * 1.5 * t);
      }
      out[offset + i] = s;
    }
    offset += length;
  }
  return out;
}
