/*
 * Adaptive jitter buffer.
 *
 *   ┌──────────┐ depth ≥ target ┌─────────┐
 *   │buffering │───────────────►│ playing │── pop: frame | 'lost' (gap, newer data queued)
 *   └──────────┘◄───────────────└─────────┘
 *        ▲        underflow (nothing queued): target += 1 frame
 *        └── reset (SSRC change, sequence jump)
 */
import { RtpPacketView } from '../packet/rtp-packet-view.js';
import { seqAdd, seqDiff } from '../packet/sequence-math.js';

/** A packet handed to {@link JitterBuffer.push} without an RTP view. */
export interface JitterPacket {
  readonly seq: number;
  readonly ts: number;
  readonly payload: Uint8Array;
  readonly ssrc?: number;
  readonly marker?: boolean;
}

/** A frame returned by {@link JitterBuffer.pop}; reused: valid until the next push or pop. */
export interface JitterFrame {
  seq: number;
  ts: number;
  marker: boolean;
  payload: Uint8Array;
}

/** What happened to a pushed packet. */
export type JitterPushOutcome = 'queued' | 'duplicate' | 'late' | 'too-large' | 'reset';

/** Options of {@link JitterBuffer}. */
export interface JitterBufferOptions {
  /** Packetisation time in ms (default 20). */
  readonly ptimeMs?: number;
  /** RTP clock rate (default 8000). */
  readonly clockRateHz?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly initialDelayMs?: number;
  /** Largest payload kept (default 1500 bytes). */
  readonly maxPayloadBytes?: number;
}

/** Counters and current settings of a {@link JitterBuffer}. */
export interface JitterBufferStats {
  received: number;
  played: number;
  lost: number;
  late: number;
  duplicates: number;
  underflows: number;
  /** Frames skipped to shrink the delay or because the ring overflowed. */
  dropped: number;
  resets: number;
  targetDelayMs: number;
  /** Interarrival jitter estimate in ms (RFC 3550 §6.4.1 / A.8 filter). */
  jitterMs: number;
}

/** A sequence jump larger than this restarts the stream (RFC 3550 A.1 MAX_DROPOUT spirit, scaled to the ring). */
const MAX_JUMP = 500;
/** Pops without a late packet or underflow before the target shrinks one frame (~5 s at 20 ms). */
const SHRINK_AFTER_POPS = 250;

/**
 * Reorders packets by sequence number, drops duplicates and late packets, and releases one frame
 * per {@link pop}. The target delay starts at `initialDelayMs`, grows one frame on every late packet
 * or underflow and with the jitter estimate, and shrinks one frame after ~5 s of calm (by skipping
 * the oldest frame). Handles 16-bit sequence and 32-bit timestamp wrap; an SSRC change resets it.
 * Payloads are copied into preallocated slots: no allocation per packet.
 */
export class JitterBuffer {
  readonly stats: JitterBufferStats;
  private readonly ptimeMs: number;
  private readonly clockRateHz: number;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly initialDelayMs: number;
  private readonly capacity = 64;
  private readonly slotPayload: Uint8Array[];
  private readonly slotLength = new Int32Array(64);
  private readonly slotSeq = new Int32Array(64).fill(-1);
  private readonly slotTs = new Float64Array(64);
  private readonly slotMarker = new Uint8Array(64);
  private readonly frame: JitterFrame = { seq: 0, ts: 0, marker: false, payload: new Uint8Array(0) };
  private ssrc: number | null = null;
  private hasStream = false;
  private isPlaying = false;
  private nextSeq = 0;
  private newestSeq = 0;
  private lastTransit = 0;
  private hasTransit = false;
  private jitterMs = 0;
  private calmPops = 0;

  constructor(options: JitterBufferOptions = {}) {
    this.ptimeMs = options.ptimeMs ?? 20;
    this.clockRateHz = options.clockRateHz ?? 8000;
    this.minDelayMs = options.minDelayMs ?? 20;
    this.maxDelayMs = options.maxDelayMs ?? 200;
    this.initialDelayMs = options.initialDelayMs ?? 40;
    const size = options.maxPayloadBytes ?? 1500;
    this.slotPayload = Array.from({ length: this.capacity }, () => new Uint8Array(size));
    this.stats = {
      received: 0,
      played: 0,
      lost: 0,
      late: 0,
      duplicates: 0,
      underflows: 0,
      dropped: 0,
      resets: 0,
      targetDelayMs: this.initialDelayMs,
      jitterMs: 0,
    };
  }

  /** Frames currently queued ahead of playout (including gaps). */
  get depthFrames(): number {
    return this.hasStream ? Math.max(0, seqDiff(this.newestSeq, this.nextSeq) + 1) : 0;
  }

  /** Adds a received packet. `arrivalMs` is the receive time on any monotonic ms clock. */
  push(packet: RtpPacketView | JitterPacket, arrivalMs: number): JitterPushOutcome {
    let seq: number, ts: number, ssrc: number | undefined, marker: boolean, payload: Uint8Array;
    if (packet instanceof RtpPacketView) {
      seq = packet.sequenceNumber;
      ts = packet.timestamp;
      ssrc = packet.ssrc;
      marker = packet.marker;
      payload = packet.payload;
    } else {
      seq = packet.seq & 0xffff;
      ts = packet.ts >>> 0;
      ssrc = packet.ssrc;
      marker = packet.marker === true;
      payload = packet.payload;
    }
    if (payload.length > (this.slotPayload[0]?.length ?? 0)) return 'too-large';
    let outcome: JitterPushOutcome = 'queued';
    if (ssrc !== undefined && this.ssrc !== null && ssrc !== this.ssrc) {
      this.reset();
      this.stats.resets++;
      outcome = 'reset';
    }
    if (ssrc !== undefined) this.ssrc = ssrc;
    if (this.hasStream && Math.abs(seqDiff(seq, this.newestSeq)) > MAX_JUMP) {
      this.clear();
      this.stats.resets++;
      outcome = 'reset';
    }
    this.stats.received++;
    this.updateJitter(ts, arrivalMs);
    if (!this.hasStream) {
      this.hasStream = true;
      this.nextSeq = seq;
      this.newestSeq = seq;
    } else if (seqDiff(seq, this.nextSeq) < 0) {
      this.stats.late++;
      this.grow();
      return 'late';
    }
    const slot = seq % this.capacity;
    if (this.slotSeq[slot] === seq) {
      this.stats.duplicates++;
      return 'duplicate';
    }
    if (seqDiff(seq, this.nextSeq) >= this.capacity) {
      // Ring full: skip the oldest frames so the newest fits.
      const skip = seqDiff(seq, this.nextSeq) - this.capacity + 1;
      for (let i = 0; i < skip; i++) this.discardNext();
      this.stats.dropped += skip;
    }
    this.slotPayload[slot]?.set(payload);
    this.slotLength[slot] = payload.length;
    this.slotSeq[slot] = seq;
    this.slotTs[slot] = ts;
    this.slotMarker[slot] = marker ? 1 : 0;
    if (seqDiff(seq, this.newestSeq) > 0) this.newestSeq = seq;
    return outcome;
  }

  /**
   * Releases the frame due at this tick: the frame, `'lost'` when its packet is missing but later
   * ones are queued (conceal it), or `'empty'` while buffering or after an underflow.
   */
  pop(playoutMs: number): JitterFrame | 'lost' | 'empty' {
    void playoutMs; // Playout is paced by the caller's clock; kept for symmetry and future time-stretch.
    if (!this.hasStream) return 'empty';
    const depthMs = this.depthFrames * this.ptimeMs;
    if (!this.isPlaying) {
      if (depthMs < this.stats.targetDelayMs) return 'empty';
      this.isPlaying = true;
    }
    if (this.depthFrames === 0) {
      this.stats.underflows++;
      this.isPlaying = false;
      this.grow();
      return 'empty';
    }
    this.calmPops++;
    if (this.calmPops >= SHRINK_AFTER_POPS) {
      this.calmPops = 0;
      const floor = Math.max(this.minDelayMs, Math.ceil((3 * this.jitterMs) / this.ptimeMs) * this.ptimeMs);
      if (this.stats.targetDelayMs - this.ptimeMs >= floor) this.stats.targetDelayMs -= this.ptimeMs;
      if (depthMs > this.stats.targetDelayMs + this.ptimeMs && this.depthFrames > 1) {
        this.discardNext();
        this.stats.dropped++;
      }
    }
    const seq = this.nextSeq;
    const slot = seq % this.capacity;
    this.nextSeq = seqAdd(seq, 1);
    if (this.slotSeq[slot] !== seq) {
      this.stats.lost++;
      return 'lost';
    }
    this.slotSeq[slot] = -1;
    this.stats.played++;
    const frame = this.frame;
    frame.seq = seq;
    frame.ts = this.slotTs[slot] ?? 0;
    frame.marker = this.slotMarker[slot] === 1;
    frame.payload = (this.slotPayload[slot] ?? new Uint8Array(0)).subarray(0, this.slotLength[slot] ?? 0);
    return frame;
  }

  /** Forgets the stream, SSRC included (statistics are kept). */
  reset(): void {
    this.clear();
    this.ssrc = null;
    this.hasTransit = false;
  }

  private clear(): void {
    this.slotSeq.fill(-1);
    this.hasStream = false;
    this.isPlaying = false;
    this.stats.targetDelayMs = this.initialDelayMs;
  }

  private discardNext(): void {
    const slot = this.nextSeq % this.capacity;
    if (this.slotSeq[slot] === this.nextSeq) this.slotSeq[slot] = -1;
    this.nextSeq = seqAdd(this.nextSeq, 1);
  }

  private grow(): void {
    this.calmPops = 0;
    this.stats.targetDelayMs = Math.min(this.maxDelayMs, this.stats.targetDelayMs + this.ptimeMs);
  }

  private updateJitter(ts: number, arrivalMs: number): void {
    // RFC 3550 A.8 in ms; the timestamp is unwrapped relative to the previous transit.
    const transit = arrivalMs - (ts * 1000) / this.clockRateHz;
    if (this.hasTransit) {
      let d = transit - this.lastTransit;
      const wrapMs = (0x100000000 * 1000) / this.clockRateHz;
      if (d > wrapMs / 2) d -= wrapMs;
      else if (d < -wrapMs / 2) d += wrapMs;
      const jitterMs = this.jitterMs + (Math.abs(d) - this.jitterMs) / 16;
      this.jitterMs = jitterMs;
      this.stats.jitterMs = jitterMs;
      const needed = Math.ceil((3 * jitterMs) / this.ptimeMs) * this.ptimeMs;
      if (needed > this.stats.targetDelayMs) this.stats.targetDelayMs = Math.min(this.maxDelayMs, needed);
    }
    this.lastTransit = transit;
    this.hasTransit = true;
  }
}
