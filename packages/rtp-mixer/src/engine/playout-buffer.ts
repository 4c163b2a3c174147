/**
 * A small reorder-and-playout buffer used until the adaptive `jitter/` buffer is wired in:
 * packets are held by sequence number (a 32-slot ring, RFC 3550 uint16 arithmetic), playout
 * starts once {@link START_DEPTH} packets are queued, a gap with later packets waiting is
 * concealed, late and duplicate packets are dropped, and decoded samples go through a FIFO so
 * any ptime plays out as 20 ms frames.
 */
import type { FrameCodec } from './frame-codec.js';

const SLOTS = 32;

/** {@link PlayoutBuffer.takeFrame}: nothing to play this tick. */
export const FRAME_NONE = 0;
/** {@link PlayoutBuffer.takeFrame}: one undecoded payload is this tick's frame. */
export const FRAME_PAYLOAD = 1;
/** {@link PlayoutBuffer.takeFrame}: decoded samples were written. */
export const FRAME_PCM = 2;
const START_DEPTH = 2;
/** Beyond this many queued packets the oldest are skipped to bound delay. */
const MAX_DEPTH = 10;

/** Counters of the playout side. */
export interface PlayoutCounters {
  late: number;
  duplicate: number;
  concealed: number;
  underruns: number;
}

export class PlayoutBuffer {
  readonly counters: PlayoutCounters = { late: 0, duplicate: 0, concealed: 0, underruns: 0 };
  private readonly packets: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
  private readonly starts = new Int32Array(SLOTS);
  private readonly ends = new Int32Array(SLOTS);
  private readonly seqs = new Int32Array(SLOTS).fill(-1);
  private nextSeq = -1;
  private highestSeq = 0;
  private queued = 0;
  private isPlaying = false;
  private readonly fifo: Int16Array;
  private fifoLength = 0;
  private lastFrameSamples = 0;

  constructor(private readonly codec: FrameCodec) {
    this.fifo = new Int16Array(codec.sampleRateHz * 0.2);
  }

  /** Forgets everything (SSRC change). */
  reset(): void {
    this.packets.fill(undefined);
    this.seqs.fill(-1);
    this.nextSeq = -1;
    this.queued = 0;
    this.isPlaying = false;
    this.fifoLength = 0;
  }

  /** Queues a packet's payload (kept by reference: the datagram buffer is not reused). */
  push(packet: Uint8Array, start: number, end: number, seq: number): void {
    if (this.nextSeq >= 0) {
      const ahead = ((seq - this.nextSeq) & 0xffff) << 16 >> 16;
      if (ahead < 0) {
        this.counters.late++;
        return;
      }
      if (ahead >= SLOTS) this.reset();
    }
    const slot = seq & (SLOTS - 1);
    if (this.seqs[slot] === seq) {
      this.counters.duplicate++;
      return;
    }
    if (this.nextSeq < 0) {
      this.nextSeq = seq;
      this.highestSeq = seq;
    }
    if (this.seqs[slot] === -1) this.queued++;
    this.packets[slot] = packet;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.seqs[slot] = seq;
    if ((((seq - this.highestSeq) & 0xffff) << 16) >> 16 > 0) this.highestSeq = seq;
    if (this.queued >= START_DEPTH) this.isPlaying = true;
  }

  /** Set when {@link takeFrame} returns {@link FRAME_PAYLOAD}: the frame's packet and payload span. */
  framePacket: Uint8Array | undefined;
  frameStart = 0;
  frameEnd = 0;

  /**
   * This tick's frame: {@link FRAME_NONE} (nothing playing), {@link FRAME_PAYLOAD} (the next
   * packet is exactly one undecoded frame: see `framePacket`; the caller decodes it only if it
   * needs samples) or {@link FRAME_PCM} (decoded or concealed samples written to `out`).
   */
  takeFrame(out: Int16Array, samples: number): number {
    if (this.fifoLength === 0 && this.isPlaying) {
      while (this.queued > MAX_DEPTH) this.dropOldest();
      const slot = this.nextSeq & (SLOTS - 1);
      const packet = this.packets[slot];
      const start = this.starts[slot] as number;
      const end = this.ends[slot] as number;
      if (packet !== undefined && this.seqs[slot] === this.nextSeq && this.codec.payloadSamples(packet, start, end) === samples) {
        this.framePacket = packet;
        this.frameStart = start;
        this.frameEnd = end;
        this.codec.rememberPayload(packet, start, end);
        this.lastFrameSamples = samples;
        this.packets[slot] = undefined;
        this.seqs[slot] = -1;
        this.queued--;
        this.nextSeq = (this.nextSeq + 1) & 0xffff;
        return FRAME_PAYLOAD;
      }
    }
    return this.pull(out, samples) ? FRAME_PCM : FRAME_NONE;
  }

  /**
   * Writes exactly `samples` samples of playout into `out`. Returns false (and writes
   * silence) while nothing is playing, so the mixer can skip a silent participant.
   */
  pull(out: Int16Array, samples: number): boolean {
    if (!this.isPlaying && this.fifoLength === 0) {
      out.fill(0, 0, samples);
      return false;
    }
    while (this.queued > MAX_DEPTH) this.dropOldest();
    while (this.fifoLength < samples) {
      if (!this.decodeNext()) break;
    }
    if (this.fifoLength < samples) {
      // Underrun: the stream paused (DTX/silence suppression) or the network stalled.
      this.counters.underruns++;
      out.set(this.fifo.subarray(0, this.fifoLength));
      out.fill(0, this.fifoLength, samples);
      const had = this.fifoLength > 0;
      this.fifoLength = 0;
      this.isPlaying = this.queued >= START_DEPTH;
      return had;
    }
    out.set(this.fifo.subarray(0, samples));
    this.fifo.copyWithin(0, samples, this.fifoLength);
    this.fifoLength -= samples;
    return true;
  }

  private dropOldest(): void {
    const slot = this.nextSeq & (SLOTS - 1);
    if (this.seqs[slot] === this.nextSeq) {
      this.packets[slot] = undefined;
      this.seqs[slot] = -1;
      this.queued--;
    }
    this.nextSeq = (this.nextSeq + 1) & 0xffff;
  }

  private decodeNext(): boolean {
    if (this.queued === 0 || this.nextSeq < 0) return false;
    const slot = this.nextSeq & (SLOTS - 1);
    const packet = this.packets[slot];
    const room = this.fifo.length - this.fifoLength;
    if (packet !== undefined && this.seqs[slot] === this.nextSeq) {
      const written = this.codec.decode(packet, this.starts[slot] ?? 0, this.ends[slot] ?? 0, this.fifo, this.fifoLength);
      this.fifoLength += Math.min(written, room);
      if (written > 0) this.lastFrameSamples = written;
      this.packets[slot] = undefined;
      this.seqs[slot] = -1;
      this.queued--;
    } else {
      // A hole with later packets queued: conceal one frame of the last seen size.
      const samples = Math.min(this.lastFrameSamples > 0 ? this.lastFrameSamples : this.codec.sampleRateHz / 50, room);
      this.codec.conceal(this.fifo, this.fifoLength, samples);
      this.fifoLength += samples;
      this.counters.concealed++;
    }
    this.nextSeq = (this.nextSeq + 1) & 0xffff;
    return true;
  }
}
