/**
 * Allocation-free reads and writes of the RTP fixed header (RFC 3550 §5.1) straight on a
 * datagram buffer. A temporary home until the `packet/` header view lands; the io layer only
 * needs these few fields on its per-packet path.
 */

/** RTP fixed header length without CSRCs (RFC 3550 §5.1). */
export const RTP_HEADER_BYTES = 12;

/**
 * Offset of the payload in an RTP datagram, or `undefined` when the datagram is not RTP
 * version 2 or is too short for its CSRCs/extension. (Checked once at the socket edge.)
 */
export function rtpPayloadOffset(buf: Uint8Array, length: number): number | undefined {
  if (length < RTP_HEADER_BYTES) return undefined;
  const b0 = buf[0] ?? 0;
  if (b0 >> 6 !== 2) return undefined;
  let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
  if ((b0 & 0x10) !== 0) {
    // Header extension (RFC 3550 §5.3.1): 4-byte header then length in 32-bit words.
    if (offset + 4 > length) return undefined;
    offset += 4 + (((buf[offset + 2] ?? 0) << 8) | (buf[offset + 3] ?? 0)) * 4;
  }
  if (offset > length) return undefined;
  return offset;
}

/** End of the payload after removing padding (RFC 3550 §5.1 P bit), `undefined` if the padding is bogus. */
export function rtpPayloadEnd(buf: Uint8Array, length: number, payloadOffset: number): number | undefined {
  if (((buf[0] ?? 0) & 0x20) === 0) return length;
  const pad = buf[length - 1] ?? 0;
  if (pad === 0 || length - pad < payloadOffset) return undefined;
  return length - pad;
}

/** Marker bit. */
export const rtpMarker = (buf: Uint8Array): boolean => ((buf[1] ?? 0) & 0x80) !== 0;
/** Payload type (7 bits). */
export const rtpPayloadType = (buf: Uint8Array): number => (buf[1] ?? 0) & 0x7f;
/** Sequence number (16 bits). */
export const rtpSequence = (buf: Uint8Array): number => ((buf[2] ?? 0) << 8) | (buf[3] ?? 0);
/** Timestamp (32 bits, unsigned). */
export const rtpTimestamp = (buf: Uint8Array): number =>
  (((buf[4] ?? 0) << 24) | ((buf[5] ?? 0) << 16) | ((buf[6] ?? 0) << 8) | (buf[7] ?? 0)) >>> 0;
/** SSRC (32 bits, unsigned). */
export const rtpSsrc = (buf: Uint8Array): number =>
  (((buf[8] ?? 0) << 24) | ((buf[9] ?? 0) << 16) | ((buf[10] ?? 0) << 8) | (buf[11] ?? 0)) >>> 0;

/** Writes a 12-byte RTP header (V=2, no padding/extension/CSRC) at offset 0. */
export function writeRtpHeader(
  buf: Uint8Array,
  fields: { payloadType: number; marker: boolean; sequenceNumber: number; timestamp: number; ssrc: number },
): void {
  buf[0] = 0x80;
  buf[1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  buf[2] = (fields.sequenceNumber >> 8) & 0xff;
  buf[3] = fields.sequenceNumber & 0xff;
  const ts = fields.timestamp >>> 0;
  buf[4] = ts >>> 24;
  buf[5] = (ts >>> 16) & 0xff;
  buf[6] = (ts >>> 8) & 0xff;
  buf[7] = ts & 0xff;
  const ssrc = fields.ssrc >>> 0;
  buf[8] = ssrc >>> 24;
  buf[9] = (ssrc >>> 16) & 0xff;
  buf[10] = (ssrc >>> 8) & 0xff;
  buf[11] = ssrc & 0xff;
}

/** Forward distance from `a` to `b` in uint16 sequence space, in -32768..32767. */
export function seqDelta(a: number, b: number): number {
  return (((b - a) & 0xffff) << 16) >> 16;
}
