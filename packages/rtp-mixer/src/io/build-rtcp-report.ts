/**
 * Builds the periodic compound RTCP packet of RFC 3550 §6.1: an SR (§6.4.1) when we sent RTP
 * since the last report, else an RR (§6.4.2), each with at most one report block, followed by
 * an SDES CNAME chunk (§6.5.1). Written into a caller-owned buffer; returns the byte count.
 */

/** Sender-side counters for the SR sender-info block. */
export interface SenderInfo {
  readonly ntpMs: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** One reception report block (RFC 3550 §6.4.1). */
export interface ReportBlock {
  readonly ssrc: number;
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  readonly extendedHighestSeq: number;
  readonly jitter: number;
  readonly lastSr: number;
  readonly delaySinceLastSr: number;
}

/** Seconds between 1900-01-01 (NTP epoch) and 1970-01-01 (Unix epoch). */
const NTP_UNIX_OFFSET_S = 2208988800;

function u32(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, value >>> 0);
}

/** Upper bound of the compound size for a CNAME of `cnameBytes` bytes. */
export function rtcpReportSize(cnameBytes: number): number {
  return 28 + 24 + 8 + Math.ceil((2 + cnameBytes + 1) / 4) * 4 + 4;
}

/** Writes SR-or-RR + SDES; returns the number of bytes written. */
export function buildRtcpReport(
  out: Uint8Array,
  options: { ssrc: number; cname: Uint8Array; sender?: SenderInfo; block?: ReportBlock },
): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const rc = options.block === undefined ? 0 : 1;
  let offset = 0;
  const start = offset;
  const isSr = options.sender !== undefined;
  view.setUint8(offset, 0x80 | rc);
  view.setUint8(offset + 1, isSr ? 200 : 201);
  u32(view, offset + 4, options.ssrc);
  offset += 8;
  if (options.sender !== undefined) {
    const seconds = Math.floor(options.sender.ntpMs / 1000) + NTP_UNIX_OFFSET_S;
    const fraction = Math.floor(((options.sender.ntpMs % 1000) / 1000) * 0x100000000);
    u32(view, offset, seconds);
    u32(view, offset + 4, fraction);
    u32(view, offset + 8, options.sender.rtpTimestamp);
    u32(view, offset + 12, options.sender.packetCount);
    u32(view, offset + 16, options.sender.octetCount);
    offset += 20;
  }
  if (options.block !== undefined) {
    const b = options.block;
    u32(view, offset, b.ssrc);
    u32(view, offset + 4, ((b.fractionLost & 0xff) << 24) | (b.cumulativeLost & 0xffffff));
    u32(view, offset + 8, b.extendedHighestSeq);
    u32(view, offset + 12, b.jitter);
    u32(view, offset + 16, b.lastSr);
    u32(view, offset + 20, b.delaySinceLastSr);
    offset += 24;
  }
  view.setUint16(start + 2, (offset - start) / 4 - 1);
  // SDES with one chunk: SSRC, CNAME item, terminating null, padded to 32 bits.
  const sdesStart = offset;
  view.setUint8(offset, 0x81);
  view.setUint8(offset + 1, 202);
  u32(view, offset + 4, options.ssrc);
  offset += 8;
  view.setUint8(offset, 1);
  view.setUint8(offset + 1, options.cname.length);
  out.set(options.cname, offset + 2);
  offset += 2 + options.cname.length;
  do {
    view.setUint8(offset, 0);
    offset++;
  } while (offset % 4 !== 0);
  view.setUint16(sdesStart + 2, (offset - sdesStart) / 4 - 1);
  return offset;
}

/** The middle 32 bits of an SR's NTP timestamp (the LSR field of RFC 3550 §6.4.1), if it is an SR. */
export function srMiddleNtp(buf: Uint8Array, length: number): number | undefined {
  if (length < 28 || (buf[1] ?? 0) !== 200) return undefined;
  return (((buf[10] ?? 0) << 24) | ((buf[11] ?? 0) << 16) | ((buf[12] ?? 0) << 8) | (buf[13] ?? 0)) >>> 0;
}
