/**
 * Produces the packet sequence a sender emits for a digit string (RFC 4733 §2.5.1): a
 * first packet with the marker bit, an update every ptime with the growing duration,
 * and the end packet sent three times (§2.5.1.4). Used by tests, load tools and to send
 * digits.
 */
import { eventForDigit, toDtmfDigit } from '../dtmf-digit.js';
import { encodeTelephoneEvent } from './telephone-event.js';

export interface Rfc4733EncodeOptions {
  readonly clockRateHz: number;
  readonly startTimestamp: number;
  readonly startSequence: number;
  readonly ptimeMs?: number;
  /** How long each key is held (default 100 ms). */
  readonly durationMs?: number;
  /** Silence between keys (default 100 ms). */
  readonly gapMs?: number;
  readonly volume?: number;
}

/** One packet to send, at `sendAtMs` after the first. */
export interface Rfc4733OutgoingPacket {
  readonly payload: Uint8Array;
  readonly rtpTimestamp: number;
  readonly sequenceNumber: number;
  readonly marker: boolean;
  readonly sendAtMs: number;
}

const END_RETRANSMISSIONS = 3;

/** Encodes every DTMF key of `digits` (other characters throw: this is a programmer API). */
export function encodeRfc4733(digits: string, options: Rfc4733EncodeOptions): Rfc4733OutgoingPacket[] {
  const ptimeMs = options.ptimeMs ?? 20;
  const durationMs = options.durationMs ?? 100;
  const gapMs = options.gapMs ?? 100;
  const volume = options.volume ?? 10;
  const unitsPerMs = options.clockRateHz / 1000;
  const packets: Rfc4733OutgoingPacket[] = [];
  let sequence = options.startSequence & 0xffff;
  let elapsedMs = 0;
  for (const char of digits) {
    const digit = toDtmfDigit(char);
    if (digit === undefined) throw new RangeError(`not a DTMF key: ${JSON.stringify(char)}`);
    const event = eventForDigit(digit);
    const timestamp = (options.startTimestamp + Math.round(elapsedMs * unitsPerMs)) >>> 0;
    const steps = Math.max(1, Math.ceil(durationMs / ptimeMs));
    for (let step = 1; step <= steps; step++) {
      const isLast = step === steps;
      const duration = Math.min(0xffff, Math.round(Math.min(step * ptimeMs, durationMs) * unitsPerMs));
      const copies = isLast ? END_RETRANSMISSIONS : 1;
      for (let copy = 0; copy < copies; copy++) {
        const payload = new Uint8Array(4);
        encodeTelephoneEvent({ event, end: isLast, volume, duration }, payload);
        packets.push({ payload, rtpTimestamp: timestamp, sequenceNumber: sequence, marker: step === 1 && copy === 0, sendAtMs: elapsedMs + (step - 1) * ptimeMs });
        sequence = (sequence + 1) & 0xffff;
      }
    }
    elapsedMs += steps * ptimeMs + gapMs;
  }
  return packets;
}
