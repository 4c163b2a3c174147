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

/** Windowed-sinc resampling (Hann window, 16 zero crossings), cut-off at the lower Nyquist. */
export function resampleOnce(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return input.slice();
  const ratio = toHz / fromHz;
  const outLength = Math.floor(input.length * ratio);
  const out = new Int16Array(outLength);
  const cutoff = Math.min(1, ratio);
  const half = 16 / cutoff;
  for (let n = 0; n < outLength; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - half));
    const last = Math.min(input.length - 1, Math.floor(center + half));
    let acc = 0;
    for (let k = first; k <= last; k++) {
      const x = (k - center) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const window = 0.5 + 0.5 * Math.cos((Math.PI * (k - center)) / half);
      acc += (input[k] ?? 0) * sinc * window * cutoff;
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(acc)));
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
