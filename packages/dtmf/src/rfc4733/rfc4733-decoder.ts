/**
 * Turns a stream of RFC 4733 telephone-event packets into exactly one digit per event.
 *
 * ```
 *            packet, new timestamp                 packet with E bit
 *   idle ─────────────────────────► in-event ──────────────────────────► idle (digit)
 *                                    │   ▲  │
 *        update (same timestamp)     └───┘  │ newer timestamp / poll() after
 *                                           │ lostEndTimeoutMs without packets
 *                                           └──────────────────────────► idle (digit)
 * ```
 *
 * An event is identified by its RTP timestamp (RFC 4733 §2.5.1.2: all packets of one event
 * carry the timestamp of its start). Ended timestamps are remembered, so the three
 * retransmitted end packets, duplicates and late reordered packets never yield a second
 * digit. A long press whose duration overflows 16 bits continues in a new segment with a
 * new timestamp, the same event and no marker (§2.5.1.3); its durations add up.
 */
import { digitForEvent, type DtmfDigitEvent } from '../dtmf-digit.js';
import { decodeTelephoneEvent } from './telephone-event.js';

/** The RTP fields the decoder needs from one packet. */
export interface Rfc4733Packet {
  readonly payload: Uint8Array;
  readonly rtpTimestamp: number;
  readonly sequenceNumber: number;
  readonly marker: boolean;
}

export interface Rfc4733DecoderOptions {
  /** The telephone-event clock: 8000, or 48000 alongside Opus. */
  readonly clockRateHz: number;
  /** An event with no packet for this long is delivered without its end (default 300 ms). */
  readonly lostEndTimeoutMs?: number;
}

/** Counters for operators and tests. */
export interface Rfc4733Stats {
  packets: number;
  invalid: number;
  duplicates: number;
  late: number;
  digits: number;
  lostEnds: number;
}

const MAX_SEGMENT_DURATION = 0xffff;
const REMEMBERED_EVENTS = 32;

interface ActiveEvent {
  timestamp: number;
  event: number;
  /** Duration of earlier segments of a long press, in timestamp units. */
  earlierSegments: number;
  segmentDuration: number;
  lastPacketAtMs: number;
}

/** Signed difference a − b of two 32-bit RTP timestamps. */
function timestampDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export class Rfc4733Decoder {
  private readonly clockRateHz: number;
  private readonly lostEndTimeoutMs: number;
  private active: ActiveEvent | undefined;
  private readonly ended: number[] = [];
  private newestEnded: number | undefined;
  readonly stats: Rfc4733Stats = { packets: 0, invalid: 0, duplicates: 0, late: 0, digits: 0, lostEnds: 0 };

  constructor(options: Rfc4733DecoderOptions) {
    if (!(options.clockRateHz > 0)) throw new RangeError('clockRateHz must be positive');
    this.clockRateHz = options.clockRateHz;
    this.lostEndTimeoutMs = options.lostEndTimeoutMs ?? 300;
  }

  /** Feeds one packet; returns the digits it completes (zero, one, or two when it also closes a lost end). */
  push(packet: Rfc4733Packet, nowMs: number): DtmfDigitEvent[] {
    this.stats.packets++;
    const decoded = decodeTelephoneEvent(packet.payload);
    if (!decoded.ok) {
      this.stats.invalid++;
      return [];
    }
    const { event, end, duration } = decoded.value;
    const timestamp = packet.rtpTimestamp >>> 0;
    if (this.ended.includes(timestamp)) {
      this.stats.duplicates++;
      return [];
    }
    const out: DtmfDigitEvent[] = [];
    const active = this.active;
    if (active && active.timestamp !== timestamp) {
      if (timestampDiff(timestamp, active.timestamp) < 0) {
        this.stats.late++;
        return [];
      }
      if (this.isNextSegment(active, timestamp, event, packet.marker)) {
        active.earlierSegments += active.segmentDuration;
        active.timestamp = timestamp;
        active.segmentDuration = duration;
        active.lastPacketAtMs = nowMs;
        return end ? this.finish(nowMs, false) : [];
      }
      out.push(...this.finish(nowMs, true));
    } else if (!active && this.newestEnded !== undefined && timestampDiff(timestamp, this.newestEnded) < 0) {
      this.stats.late++;
      return [];
    }
    if (this.active && this.active.timestamp === timestamp) {
      const current = this.active;
      if (current.event !== event) {
        this.stats.invalid++;
        return out;
      }
      current.segmentDuration = Math.max(current.segmentDuration, duration);
      current.lastPacketAtMs = nowMs;
    } else {
      this.active = { timestamp, event, earlierSegments: 0, segmentDuration: duration, lastPacketAtMs: nowMs };
    }
    if (end) out.push(...this.finish(nowMs, false));
    return out;
  }

  /** Delivers an event whose end packets were all lost, once it has been quiet long enough. */
  poll(nowMs: number): DtmfDigitEvent[] {
    const active = this.active;
    if (!active || nowMs - active.lastPacketAtMs < this.lostEndTimeoutMs) return [];
    return this.finish(nowMs, true);
  }

  /** Forgets everything (a new SSRC starts a new event space). */
  reset(): void {
    this.active = undefined;
    this.ended.length = 0;
    this.newestEnded = undefined;
  }

  private isNextSegment(active: ActiveEvent, timestamp: number, event: number, marker: boolean): boolean {
    return (
      !marker &&
      event === active.event &&
      active.segmentDuration === MAX_SEGMENT_DURATION &&
      timestampDiff(timestamp, active.timestamp) === MAX_SEGMENT_DURATION
    );
  }

  private finish(nowMs: number, isLostEnd: boolean): DtmfDigitEvent[] {
    const active = this.active;
    if (!active) return [];
    this.active = undefined;
    this.ended.push(active.timestamp);
    if (this.ended.length > REMEMBERED_EVENTS) this.ended.shift();
    this.newestEnded = active.timestamp;
    const digit = digitForEvent(active.event);
    if (digit === undefined) return [];
    if (isLostEnd) this.stats.lostEnds++;
    this.stats.digits++;
    const units = active.earlierSegments + active.segmentDuration;
    return [{ digit, durationMs: Math.round((units * 1000) / this.clockRateHz), endedAtMs: nowMs, source: 'rfc4733' }];
  }
}
