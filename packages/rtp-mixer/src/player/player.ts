/*
 * Player state machine (one per endpoint or per room).
 *
 *   idle ──play()──► playing ──last item ends──► (next() returns 'done' once) ──► idle
 *                      │  ▲ loop: restart the playlist
 *                      └──stop() (barge-in)──► idle (no 'done')
 */
import type { PromptLibrary } from './prompt-library.js';
import { renderMusicOnHold } from './music-on-hold.js';
import { renderTone, type ToneName } from './tone-generator.js';

/** One playlist entry. `digits` reads each digit with the prompts `digit-0` … `digit-9`. */
export type PlayerItem =
  | { kind: 'prompt'; name: string }
  | { kind: 'tone'; name: ToneName }
  | { kind: 'silence'; ms: number }
  | { kind: 'music' }
  | { kind: 'digits'; text: string };

const toneCache = new Map<string, Int16Array>();
function cached(key: string, make: () => Int16Array): Int16Array {
  let pcm = toneCache.get(key);
  if (pcm === undefined) {
    pcm = make();
    toneCache.set(key, pcm);
  }
  return pcm;
}

/**
 * Plays a queued playlist one frame per tick at a fixed rate. Tones and music are rendered once per
 * rate and shared by all players. Music plays until {@link stop}. Unknown prompts are skipped.
 */
export class Player {
  private readonly queue: Int16Array[] = [];
  private playlist: Int16Array[] = [];
  private isLooping = false;
  private index = 0;
  private position = 0;
  private isActive = false;
  private frame = new Int16Array(0);

  constructor(
    readonly sampleRateHz: number,
    private readonly prompts: PromptLibrary,
  ) {}

  /** True while a playlist is playing. */
  get isPlaying(): boolean {
    return this.isActive;
  }

  /** Replaces anything playing with `items`; `loop` restarts the list at its end. */
  play(items: readonly PlayerItem[], options: { loop?: boolean } = {}): void {
    this.queue.length = 0;
    for (const item of items) this.expand(item);
    this.playlist = this.queue.splice(0);
    this.isLooping = options.loop === true;
    this.index = 0;
    this.position = 0;
    this.isActive = this.playlist.length > 0;
  }

  /** Barge-in: stops at once; no 'done' is reported. */
  stop(): void {
    this.isActive = false;
    this.playlist = [];
  }

  /**
   * The next frame of `frameSamples` (a reused buffer), `'done'` once when the playlist has ended
   * (the frame that would follow), or null when idle.
   */
  next(frameSamples: number): Int16Array | 'done' | null {
    if (!this.isActive) return null;
    if (this.frame.length !== frameSamples) this.frame = new Int16Array(frameSamples);
    const out = this.frame;
    let filled = 0;
    while (filled < frameSamples) {
      const pcm = this.playlist[this.index];
      if (pcm === undefined) {
        if (this.isLooping && this.playlist.length > 0) {
          this.index = 0;
          continue;
        }
        if (filled === 0) {
          this.isActive = false;
          return 'done';
        }
        out.fill(0, filled);
        break;
      }
      const n = Math.min(frameSamples - filled, pcm.length - this.position);
      out.set(pcm.subarray(this.position, this.position + n), filled);
      filled += n;
      this.position += n;
      if (this.position >= pcm.length) {
        this.position = 0;
        // Music never ends by itself: it loops until stop().
        if (pcm !== this.music()) this.index++;
      }
    }
    return out;
  }

  private music(): Int16Array {
    return cached(`music@${this.sampleRateHz}`, () => renderMusicOnHold(this.sampleRateHz));
  }

  private expand(item: PlayerItem): void {
    switch (item.kind) {
      case 'prompt': {
        const pcm = this.prompts.get(item.name, this.sampleRateHz);
        if (pcm !== undefined && pcm.length > 0) this.queue.push(pcm);
        return;
      }
      case 'tone':
        this.queue.push(cached(`${item.name}@${this.sampleRateHz}`, () => renderTone(item.name, this.sampleRateHz)));
        return;
      case 'silence': {
        const n = Math.round((item.ms * this.sampleRateHz) / 1000);
        if (n > 0) this.queue.push(cached(`silence-${n}`, () => new Int16Array(n)));
        return;
      }
      case 'music':
        this.queue.push(this.music());
        return;
      case 'digits':
        for (const ch of item.text) if (ch >= '0' && ch <= '9') this.expand({ kind: 'prompt', name: `digit-${ch}` });
        return;
      default: {
        const never: never = item;
        throw new Error(`unknown item ${String(never)}`);
      }
    }
  }
}
