import type { RtpError, Result } from '../packet/rtp-error.js';
import { err, ok } from '../packet/rtp-error.js';
import { Resampler } from '../resample/resampler.js';
import { parseWav } from './wav-format.js';

/**
 * Named prompts loaded once and shared by every player: each prompt is kept at its source rate and
 * resampled at most once per target rate (8, 16 or 48 kHz), on first use.
 */
export class PromptLibrary {
  private readonly sources = new Map<string, { rateHz: number; pcm: Int16Array }>();
  private readonly cache = new Map<string, Int16Array>();

  /** Adds raw 16-bit PCM at `rateHz`. */
  addPcm(name: string, pcm: Int16Array, rateHz: number): void {
    this.sources.set(name, { rateHz, pcm });
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${name}@`)) this.cache.delete(key);
  }

  /** Adds a WAV (16-bit PCM mono at 8/16/48 kHz). */
  addWav(name: string, bytes: Uint8Array): Result<void, RtpError> {
    const wav = parseWav(bytes);
    if (!wav.ok) return err(wav.error);
    this.addPcm(name, Int16Array.from(wav.value.samples), wav.value.sampleRateHz);
    return ok(undefined);
  }

  /** True when `name` is loaded. */
  has(name: string): boolean {
    return this.sources.has(name);
  }

  /** The prompt at `rateHz` (resampled once, then shared), or undefined when not loaded. */
  get(name: string, rateHz: number): Int16Array | undefined {
    const source = this.sources.get(name);
    if (source === undefined) return undefined;
    if (source.rateHz === rateHz) return source.pcm;
    const key = `${name}@${rateHz}`;
    let pcm = this.cache.get(key);
    if (pcm === undefined) {
      const resampler = new Resampler(source.rateHz, rateHz);
      // Flush the filter delay with trailing silence so the end of the prompt is not cut.
      const padded = new Int16Array(source.pcm.length + Math.ceil(resampler.delaySamples * (source.rateHz / rateHz)) + 1);
      padded.set(source.pcm);
      const out = Int16Array.from(resampler.process(padded));
      const skip = Math.round(resampler.delaySamples);
      pcm = out.slice(skip, skip + Math.round((source.pcm.length * rateHz) / source.rateHz));
      this.cache.set(key, pcm);
    }
    return pcm;
  }
}
