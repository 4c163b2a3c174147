/**
 * Plays a queued playlist (prompts, tones, silence, music) one 20 ms frame at a time at the
 * internal rate asked for. Finishing or being stopped is reported once through `onDone`.
 */
import type { PlayItem } from '../protocol/index.js';
import { MUSIC, TONES, type Clip, type PromptStore } from './prompt-store.js';

export class PlaylistPlayer {
  private index = 0;
  private position = 0;
  private isDone = false;

  constructor(
    readonly playbackId: string,
    private readonly items: readonly PlayItem[],
    private readonly isLoop: boolean,
    private readonly prompts: PromptStore,
    private readonly onDone: (reason: 'finished' | 'stopped') => void,
  ) {}

  /** True until the playlist finished or was stopped. */
  get isActive(): boolean {
    return !this.isDone;
  }

  /** Ends playback now (barge-in). */
  stop(): void {
    if (this.isDone) return;
    this.isDone = true;
    this.onDone('stopped');
  }

  /** Samples of one item at a rate; missing prompts play as nothing. */
  private clipOf(item: PlayItem, rateHz: 8000 | 16000): Int16Array | number {
    let clip: Clip | undefined;
    switch (item.kind) {
      case 'prompt':
        clip = this.prompts.get(item.name);
        break;
      case 'tone':
        clip = TONES[item.name];
        break;
      case 'music':
        clip = MUSIC;
        break;
      case 'silence':
        return Math.round((item.ms * rateHz) / 1000);
      default: {
        const unhandled: never = item;
        return unhandled;
      }
    }
    if (clip === undefined) return 0;
    return rateHz === 8000 ? clip.at8k : clip.at16k;
  }

  /**
   * Adds (`mix`) or writes one frame of `samples` at `rateHz` into `out`. Returns false when
   * nothing was produced (playback over).
   */
  read(out: Int16Array, samples: number, rateHz: 8000 | 16000, mix: boolean): boolean {
    if (this.isDone) return false;
    if (!mix) out.fill(0, 0, samples);
    let written = 0;
    let emptyItems = 0;
    while (written < samples) {
      const item = this.items[this.index];
      if (item === undefined) {
        if (this.isLoop && this.items.length > 0 && emptyItems < this.items.length) {
          this.index = 0;
          this.position = 0;
          continue;
        }
        this.isDone = true;
        this.onDone('finished');
        return written > 0;
      }
      const clip = this.clipOf(item, rateHz);
      const length = typeof clip === 'number' ? clip : clip.length;
      const take = Math.min(samples - written, length - this.position);
      if (take > 0) {
        if (typeof clip !== 'number') {
          for (let i = 0; i < take; i++) {
            const value = (out[written + i] ?? 0) + (clip[this.position + i] ?? 0);
            out[written + i] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
          }
        }
        written += take;
        this.position += take;
        emptyItems = 0;
      } else {
        emptyItems++;
      }
      if (this.position >= length) {
        this.index++;
        this.position = 0;
      }
    }
    return true;
  }
}
