/**
 * The RFC 4733 §2.3 telephone-event payload:
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { DtmfError, err, ok, type Result } from '../dtmf-error.js';

export const TELEPHONE_EVENT_BYTES = 4;

/** One decoded payload. `duration` is in RTP timestamp units. */
export interface TelephoneEvent {
  readonly event: number;
  readonly end: boolean;
  readonly volume: number;
  readonly duration: number;
}

/** Decodes the first four bytes of a payload; events above 15 are not DTMF keys. */
export function decodeTelephoneEvent(payload: Uint8Array): Result<TelephoneEvent, DtmfError> {
  if (payload.length < TELEPHONE_EVENT_BYTES) {
    return err(new DtmfError('too-short', `telephone-event payload is ${payload.length} bytes, needs 4`));
  }
  const event = payload[0] ?? 0;
  const flags = payload[1] ?? 0;
  if (event > 15) return err(new DtmfError('unknown-event', `event ${event} is not a DTMF key`));
  return ok({
    event,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
  });
}

/** Writes a payload into `out` at `offset`; returns the bytes written (4). */
export function encodeTelephoneEvent(value: TelephoneEvent, out: Uint8Array, offset = 0): number {
  out[offset] = value.event & 0xff;
  out[offset + 1] = (value.end ? 0x80 : 0) | (value.volume & 0x3f);
  out[offset + 2] = (value.duration >>> 8) & 0xff;
  out[offset + 3] = value.duration & 0xff;
  return TELEPHONE_EVENT_BYTES;
}
