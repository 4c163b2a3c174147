/**
 * Prompts loaded once per worker and shared by every playback, kept at both internal rates
 * (8 and 16 kHz) so playback never resamples per tick; generated tones and music on hold.
 * Resampling here is a windowed-sinc filter (good enough for speech prompts, run once at load).
 */
import type { ToneName } from '../protocol/index.js';

/** One clip at the engine's two internal rates. */
export interface Clip {
  readonly at8k: Int16Array;
  readonly at16k: Int16Array;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Polyphase windowed-sinc resampling by the rational ratio to/from (Hann window, 16 zero
 * crossings of the narrower band each side), cut-off at the lower Nyquist. Coefficients are
 * computed once per call, so a long prompt costs one multiply-add per tap per output sample.
 */
export function resampleOnce(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return input.slice();
  const divisor = gcd(fromHz, toHz);
  const up = toHz / divisor;
  const down = fromHz / divisor;
  const cutoff = Math.min(1, up / down); // relative to the input Nyquist
  const halfInput = Math.ceil(16 / cutoff); // input samples each side
  const taps = 2 * halfInput;
  const table = new Float64Array(up * taps);
  for (let phase = 0; phase < up; phase++) {
    const frac = phase / up;
    for (let k = 0; k < taps; k++) {
      const x = k - halfInput + 1 - frac; // distance in input samples
      const arg = x * cutoff;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const window = Math.abs(x) >= halfInput ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * x) / halfInput);
      table[phase * taps + k] = sinc * window * cutoff;
    }
  }
  const outLength = Math.floor((input.length * up) / down);
  const out = new Int16Array(outLength);
  for (let n = 0; n < outLength; n++) {
    const position = n * down;
    const base = Math.floor(position / up);
    const phase = position - base * up;
    const first = base - halfInput + 1;
    const row = phase * taps;
    let acc = 0;
    for (let k = 0; k < taps; k++) {
      const index = first + k;
      if (index >= 0 && index < input.length) acc += (input[index] as number) * (table[row + k] as number);
    }
    out[n] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
  }
  return out;
}

function toneClip(parts: ReadonlyArray<readonly [hz: number, ms: number]>, amplitude: number): Clip {
  const make = (rate: number): Int16Array => {
    const total = parts.reduce((sum, [, ms]) => sum + (rate * ms) / 1000, 0);
    const out = new Int16Array(total);
    let offset = 0;
    for (const [hz, ms] of parts) {
      const n = (rate * ms) / 1000;
      const ramp = Math.min(n / 2, rate / 200); // 5 ms ramps: no clicks
      for (let i = 0; i < n; i++) {
        const envelope = Math.min(1, i / ramp, (n - 1 - i) / ramp);
        out[offset + i] = hz === 0 ? 0 : Math.round(amplitude * envelope * Math.sin((2 * Math.PI * hz * i) / rate));
      }
      offset += n;
    }
    return out;
  };
  return { at8k: make(8000), at16k: make(16000) };
}

/** Generated tones by name (entry rises, exit falls, error is a low triple). */
export const TONES: Readonly<Record<ToneName, Clip>> = {
  entry: toneClip([[523, 120], [0, 30], [784, 160]], 6000),
  exit: toneClip([[784, 120], [0, 30], [523, 160]], 6000),
  beep: toneClip([[1000, 200]], 6000),
  error: toneClip([[400, 150], [0, 50], [400, 150], [0, 50], [400, 150]], 6000),
};

/** Eight seconds of a soft arpeggio, looped for music on hold. */
export const MUSIC: Clip = toneClip(
  [262, 330, 392, 523, 392, 330, 294, 349, 440, 587, 440, 349, 262, 330, 392, 330].map((hz) => [hz, 500] as const),
  2500,
);

/** The worker's prompt library. */
export class PromptStore {
  private readonly clips = new Map<string, Clip>();

  /** Stores (or replaces) a prompt given at 8, 16 or 48 kHz. */
  load(name: string, pcm: Int16Array, sampleRateHz: number): void {
    this.clips.set(name, {
      at8k: resampleOnce(pcm, sampleRateHz, 8000),
      at16k: resampleOnce(pcm, sampleRateHz, 16000),
    });
  }

  /** A loaded prompt by name. */
  get(name: string): Clip | undefined {
    return this.clips.get(name);
  }
}
