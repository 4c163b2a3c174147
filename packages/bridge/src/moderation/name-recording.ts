/**
 * The "after the tone, say your name, then press #" step at join (issue 7 "Name
 * recording"): at most 3 s of audio, ended early by `#`, then trimmed of leading and
 * trailing silence so "Mary has joined" does not start with a pause. Sans-IO: audio enters
 * as 16-bit linear PCM frames and time as `nowMs`; the caller stores the result in memory
 * for the meeting and drops it when the meeting ends.
 */

/** Options of a name recording. */
export interface NameRecordingOptions {
  /** Sample rate of the PCM fed in (8000 for G.711 after decoding). */
  readonly sampleRate: number;
  /** Longest name kept; default 3000 ms. */
  readonly maxMs?: number;
  /** A 10 ms block is speech when its RMS level is above this; default -40 dBFS. */
  readonly silenceThresholdDbfs?: number;
  /** Silence kept before and after the speech so words are not clipped; default 100 ms. */
  readonly paddingMs?: number;
}

/** How a name recording ended. */
export type NameRecordingOutcome =
  | { readonly kind: 'recording' }
  /** Speech was found; `samples` is the trimmed name. */
  | { readonly kind: 'name'; readonly samples: Int16Array; readonly durationMs: number }
  /** Only silence (or nothing) was recorded: announce with a tone instead. */
  | { readonly kind: 'silent' };

/** Default longest name (issue 7: max 3 s). */
export const NAME_RECORDING_MAX_MS = 3000;

const BLOCK_MS = 10;
const FULL_SCALE = 32768;

/**
 * Returns the part of `samples` between the first and the last 10 ms block whose RMS level
 * is above the threshold, widened by the padding; `undefined` when no block is.
 */
export function trimSilence(samples: Int16Array, options: NameRecordingOptions): Int16Array | undefined {
  const blockSize = Math.max(1, Math.round((options.sampleRate * BLOCK_MS) / 1000));
  const threshold = FULL_SCALE * 10 ** ((options.silenceThresholdDbfs ?? -40) / 20);
  const thresholdSquared = threshold * threshold;
  let first = -1;
  let last = -1;
  for (let start = 0; start < samples.length; start += blockSize) {
    const end = Math.min(samples.length, start + blockSize);
    let sum = 0;
    for (let i = start; i < end; i++) {
      const s = samples[i] ?? 0;
      sum += s * s;
    }
    if (sum / (end - start) > thresholdSquared) {
      if (first < 0) first = start;
      last = end;
    }
  }
  if (first < 0) return undefined;
  const padding = Math.round((options.sampleRate * (options.paddingMs ?? 100)) / 1000);
  return samples.slice(Math.max(0, first - padding), Math.min(samples.length, last + padding));
}

/** One caller's name recording, from the tone to `#` or the 3 s limit. */
export class NameRecording {
  private readonly maxSamples: number;
  private readonly buffer: Int16Array;
  private length = 0;
  private readonly deadlineMs: number;
  private done: NameRecordingOutcome | undefined;

  /** Starts recording at `startMs` (right after the tone). */
  constructor(
    private readonly options: NameRecordingOptions,
    startMs: number,
  ) {
    const maxMs = options.maxMs ?? NAME_RECORDING_MAX_MS;
    this.maxSamples = Math.round((options.sampleRate * maxMs) / 1000);
    this.buffer = new Int16Array(this.maxSamples);
    this.deadlineMs = startMs + maxMs;
  }

  /** When the recording stops by itself unless `#` comes first. */
  get deadline(): number {
    return this.deadlineMs;
  }

  /** Adds one decoded audio frame; audio past the limit is dropped and ends the recording. */
  pushAudio(frame: Int16Array): NameRecordingOutcome {
    if (this.done !== undefined) return this.done;
    const room = this.maxSamples - this.length;
    this.buffer.set(room >= frame.length ? frame : frame.subarray(0, room), this.length);
    this.length += Math.min(room, frame.length);
    return this.length >= this.maxSamples ? this.finish() : { kind: 'recording' };
  }

  /** The caller pressed `#`: the recording ends now. */
  pressHash(): NameRecordingOutcome {
    return this.finish();
  }

  /** Drives the 3 s limit in (virtual) time. */
  poll(nowMs: number): NameRecordingOutcome {
    if (this.done !== undefined) return this.done;
    return nowMs >= this.deadlineMs ? this.finish() : { kind: 'recording' };
  }

  private finish(): NameRecordingOutcome {
    if (this.done !== undefined) return this.done;
    const trimmed = trimSilence(this.buffer.subarray(0, this.length), this.options);
    this.done =
      trimmed === undefined
        ? { kind: 'silent' }
        : { kind: 'name', samples: trimmed, durationMs: Math.round((trimmed.length * 1000) / this.options.sampleRate) };
    return this.done;
  }
}
