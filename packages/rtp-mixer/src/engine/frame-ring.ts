/**
 * A single-producer single-consumer ring of 20 ms PCM frames in a SharedArrayBuffer, used to
 * carry an endpoint's decoded audio to its room on another worker (uplink) and the room's mix
 * back (downlink). No copies through the message port and no allocation per frame: the
 * producer writes a slot then publishes the write index with `Atomics.store`; the consumer
 * reads the slot then publishes the read index.
 */

import { FRAME_RING_BYTES, FRAME_RING_FRAME_SAMPLES, FRAME_RING_SLOTS } from '../protocol/index.js';

/** Frames the ring holds; beyond that the producer drops (and counts) the newest. */
export const RING_SLOTS = FRAME_RING_SLOTS;
/** Largest frame: 20 ms at 16 kHz. */
export const RING_FRAME_SAMPLES = FRAME_RING_FRAME_SAMPLES;
const SLOT_WORDS = RING_FRAME_SAMPLES + 2;
const CONTROL_BYTES = 16;

/** Bytes of SharedArrayBuffer one ring needs. */
export const RING_BYTES = FRAME_RING_BYTES;

export class FrameRing {
  private readonly control: Int32Array;
  private readonly slots: Int16Array;
  dropped = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.control = new Int32Array(buffer, 0, 4);
    this.slots = new Int16Array(buffer, CONTROL_BYTES, RING_SLOTS * SLOT_WORDS);
  }

  /** A fresh buffer for a new ring. */
  static allocate(): SharedArrayBuffer {
    return new SharedArrayBuffer(RING_BYTES);
  }

  /** Frames waiting. */
  get depth(): number {
    return (Atomics.load(this.control, 0) - Atomics.load(this.control, 1)) | 0;
  }

  /** Producer: appends a frame of `samples` at `rateHz`; false (counted) when full. */
  write(frame: Int16Array, samples: number, rateHz: 8000 | 16000): boolean {
    const write = Atomics.load(this.control, 0);
    const read = Atomics.load(this.control, 1);
    if (((write - read) | 0) >= RING_SLOTS) {
      this.dropped++;
      return false;
    }
    const base = (write & (RING_SLOTS - 1)) * SLOT_WORDS;
    const n = Math.min(samples, RING_FRAME_SAMPLES);
    this.slots[base] = rateHz / 100;
    this.slots[base + 1] = n;
    this.slots.set(frame.subarray(0, n), base + 2);
    Atomics.store(this.control, 0, (write + 1) | 0);
    return true;
  }

  /**
   * Consumer: copies the oldest frame into `out` and returns its rate (8000/16000), or
   * `undefined` when empty. Frames beyond `maxDepth` are skipped to bound the delay.
   */
  read(out: Int16Array, maxDepth = 3): { readonly rateHz: 8000 | 16000; readonly samples: number } | undefined {
    let read = Atomics.load(this.control, 1);
    const write = Atomics.load(this.control, 0);
    if (read === write) return undefined;
    if (((write - read) | 0) > maxDepth) read = (write - maxDepth) | 0;
    const base = (read & (RING_SLOTS - 1)) * SLOT_WORDS;
    const rateHz = (this.slots[base] ?? 80) === 160 ? 16000 : 8000;
    const samples = this.slots[base + 1] ?? 0;
    out.set(this.slots.subarray(base + 2, base + 2 + samples));
    Atomics.store(this.control, 1, (read + 1) | 0);
    return rateHz === 16000 ? READ_16K[samples] ?? { rateHz, samples } : READ_8K[samples] ?? { rateHz, samples };
  }
}

// Preallocated results for the usual frame sizes, so `read` does not allocate per frame.
const READ_8K: Record<number, { readonly rateHz: 8000; readonly samples: number }> = { 160: { rateHz: 8000, samples: 160 } };
const READ_16K: Record<number, { readonly rateHz: 16000; readonly samples: number }> = { 320: { rateHz: 16000, samples: 320 } };
