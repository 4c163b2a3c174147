import { RTP_HEADER_BYTES } from './rtp-packet-view.js';

/** Fields of an RTP header to write (RFC 3550 §5.1); no extension, padding off. */
export interface RtpHeaderFields {
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly marker?: boolean;
  /** Up to 15 contributing sources. */
  readonly csrcs?: readonly number[];
}

/**
 * Writes an RTP version-2 header at `offset` and returns the bytes written
 * (`RTP_HEADER_BYTES + 4 × CSRC count`). The payload goes right after it. Allocation-free.
 */
export function writeRtpHeader(buf: Uint8Array, offset: number, fields: RtpHeaderFields): number {
  const csrcs = fields.csrcs;
  const cc = csrcs === undefined ? 0 : csrcs.length;
  if (cc > 15) throw new RangeError(`${cc} CSRCs, at most 15`);
  const size = RTP_HEADER_BYTES + cc * 4;
  if (offset < 0 || offset + size > buf.length) throw new RangeError('buffer too small for the RTP header');
  buf[offset] = 0x80 | cc;
  buf[offset + 1] = (fields.marker === true ? 0x80 : 0) | (fields.payloadType & 0x7f);
  const seq = fields.sequenceNumber & 0xffff;
  buf[offset + 2] = seq >> 8;
  buf[offset + 3] = seq & 0xff;
  writeU32(buf, offset + 4, fields.timestamp);
  writeU32(buf, offset + 8, fields.ssrc);
  for (let i = 0; i < cc; i++) writeU32(buf, offset + 12 + i * 4, csrcs?.[i] ?? 0);
  return size;
}

function writeU32(buf: Uint8Array, at: number, value: number): void {
  const v = value >>> 0;
  buf[at] = v >>> 24;
  buf[at + 1] = (v >>> 16) & 0xff;
  buf[at + 2] = (v >>> 8) & 0xff;
  buf[at + 3] = v & 0xff;
}
