import { RtpError, err, ok, type Result } from './rtp-error.js';

/** Size of the fixed RTP header without CSRCs or extension (RFC 3550 §5.1). */
export const RTP_HEADER_BYTES = 12;

/**
 * A zero-copy view over one RTP packet (RFC 3550 §5.1). {@link RtpPacketView.parse} validates the
 * header once; the getters then read the bytes in place, and {@link RtpPacketView.payload} is a
 * `subarray` of the datagram (no copy). A view may be re-pointed at the next datagram with
 * {@link RtpPacketView.reset} so the receive path allocates nothing per packet.
 */
export class RtpPacketView {
  private bytes: Uint8Array = new Uint8Array(0);
  private payloadStart = 0;
  private payloadEnd = 0;

  /** Validates `bytes` and returns a new view over it. */
  static parse(bytes: Uint8Array): Result<RtpPacketView, RtpError> {
    const view = new RtpPacketView();
    const error = view.reset(bytes);
    return error === null ? ok(view) : err(error);
  }

  /**
   * Re-points this view at `bytes`. Returns null when the packet is valid, else the reason
   * (the view is then unusable until the next successful reset).
   */
  reset(bytes: Uint8Array): RtpError | null {
    this.bytes = bytes;
    this.payloadStart = 0;
    this.payloadEnd = 0;
    const length = bytes.length;
    if (length < RTP_HEADER_BYTES) return new RtpError('too-short', `${length} bytes, need ${RTP_HEADER_BYTES}`);
    const b0 = bytes[0] ?? 0;
    if (b0 >> 6 !== 2) return new RtpError('bad-version', `version ${b0 >> 6}`);
    let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
    if (offset > length) return new RtpError('too-short', 'CSRC list runs past the end');
    if ((b0 & 0x10) !== 0) {
      // §5.3.1: 16-bit profile id, 16-bit length in 32-bit words, then the words.
      if (offset + 4 > length) return new RtpError('bad-extension', 'extension header truncated');
      const words = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
      offset += 4 + words * 4;
      if (offset > length) return new RtpError('bad-extension', 'extension runs past the end');
    }
    let end = length;
    if ((b0 & 0x20) !== 0) {
      // §5.1: the last octet counts the padding octets, itself included.
      const pad = bytes[length - 1] ?? 0;
      if (pad === 0 || offset + pad > length) return new RtpError('bad-padding', `padding count ${pad}`);
      end = length - pad;
    }
    this.payloadStart = offset;
    this.payloadEnd = end;
    return null;
  }

  /** The underlying datagram. */
  get buffer(): Uint8Array {
    return this.bytes;
  }
  /** RTP version (always 2 for a valid view). */
  get version(): number {
    return (this.bytes[0] ?? 0) >> 6;
  }
  /** P bit. */
  get hasPadding(): boolean {
    return ((this.bytes[0] ?? 0) & 0x20) !== 0;
  }
  /** X bit. */
  get hasExtension(): boolean {
    return ((this.bytes[0] ?? 0) & 0x10) !== 0;
  }
  /** CC field: number of CSRC identifiers. */
  get csrcCount(): number {
    return (this.bytes[0] ?? 0) & 0x0f;
  }
  /** M bit. */
  get marker(): boolean {
    return ((this.bytes[1] ?? 0) & 0x80) !== 0;
  }
  /** PT field. */
  get payloadType(): number {
    return (this.bytes[1] ?? 0) & 0x7f;
  }
  /** 16-bit sequence number. */
  get sequenceNumber(): number {
    return ((this.bytes[2] ?? 0) << 8) | (this.bytes[3] ?? 0);
  }
  /** 32-bit RTP timestamp (unsigned). */
  get timestamp(): number {
    return this.u32(4);
  }
  /** Synchronisation source identifier (unsigned). */
  get ssrc(): number {
    return this.u32(8);
  }
  /** The i-th CSRC (0-based, i < csrcCount). */
  csrc(i: number): number {
    if (i < 0 || i >= this.csrcCount) throw new RangeError(`CSRC index ${i} out of range`);
    return this.u32(RTP_HEADER_BYTES + i * 4);
  }
  /** All CSRCs (allocates; not for the hot path). */
  csrcList(): number[] {
    const list: number[] = [];
    for (let i = 0; i < this.csrcCount; i++) list.push(this.csrc(i));
    return list;
  }
  /** Byte offset of the payload inside {@link buffer}. */
  get payloadOffset(): number {
    return this.payloadStart;
  }
  /** Payload length in bytes (padding excluded). */
  get payloadLength(): number {
    return this.payloadEnd - this.payloadStart;
  }
  /** The payload as a subarray of the datagram (no copy). */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.payloadStart, this.payloadEnd);
  }

  private u32(at: number): number {
    const b = this.bytes;
    return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
  }
}
