import { RtcpPacketConverter, RtcpReceiverInfo, RtcpRrPacket, RtcpSenderInfo, RtcpSrPacket } from 'werift-rtp';
import { RtpError, err, ok, type Result } from './rtp-error.js';

/** One reception report block (RFC 3550 §6.4.1). */
export interface RtcpReportBlock {
  readonly ssrc: number;
  /** Fraction lost since the last report, 8-bit fixed point (0..255). */
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  readonly extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units. */
  readonly jitter: number;
  readonly lastSr: number;
  readonly delaySinceLastSr: number;
}

/** Sender info of an SR (RFC 3550 §6.4.1). */
export interface RtcpSenderReportInfo {
  /** 64-bit NTP timestamp. */
  readonly ntpTimestamp: bigint;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** A parsed SR or RR; other RTCP types in a compound packet are skipped. */
export type RtcpReport =
  | { readonly kind: 'sr'; readonly ssrc: number; readonly sender: RtcpSenderReportInfo; readonly blocks: RtcpReportBlock[] }
  | { readonly kind: 'rr'; readonly ssrc: number; readonly blocks: RtcpReportBlock[] };

function toInfo(b: RtcpReportBlock): RtcpReceiverInfo {
  return new RtcpReceiverInfo({
    ssrc: b.ssrc,
    fractionLost: b.fractionLost,
    packetsLost: b.cumulativeLost,
    highestSequence: b.extendedHighestSeq,
    jitter: b.jitter,
    lsr: b.lastSr,
    dlsr: b.delaySinceLastSr,
  });
}

function fromInfo(r: RtcpReceiverInfo): RtcpReportBlock {
  return {
    ssrc: r.ssrc,
    fractionLost: r.fractionLost,
    cumulativeLost: r.packetsLost,
    extendedHighestSeq: r.highestSequence,
    jitter: r.jitter,
    lastSr: r.lsr,
    delaySinceLastSr: r.dlsr,
  };
}

/**
 * Builds a receiver report (RFC 3550 §6.4.2) with werift-rtp. RTCP is sent every few seconds,
 * so the allocation here is irrelevant; the RTP hot path never uses werift.
 */
export function buildReceiverReport(ssrc: number, blocks: readonly RtcpReportBlock[]): Uint8Array {
  return new RtcpRrPacket({ ssrc, reports: blocks.map(toInfo) }).serialize();
}

/** Builds a sender report (RFC 3550 §6.4.1). */
export function buildSenderReport(ssrc: number, sender: RtcpSenderReportInfo, blocks: readonly RtcpReportBlock[]): Uint8Array {
  return new RtcpSrPacket({ ssrc, senderInfo: new RtcpSenderInfo({ ...sender }), reports: blocks.map(toInfo) }).serialize();
}

/** Parses a (compound) RTCP datagram and returns its SR/RR reports. */
export function parseRtcp(bytes: Uint8Array): Result<RtcpReport[], RtpError> {
  if (bytes.length < 8) return err(new RtpError('too-short', `${bytes.length} bytes of RTCP`));
  if ((bytes[0] ?? 0) >> 6 !== 2) return err(new RtpError('bad-version', 'RTCP version is not 2'));
  let packets: ReturnType<typeof RtcpPacketConverter.deSerialize>;
  try {
    packets = RtcpPacketConverter.deSerialize(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    return err(new RtpError('bad-rtcp', 'werift-rtp could not parse the packet', { cause }));
  }
  const reports: RtcpReport[] = [];
  for (const p of packets) {
    if (p instanceof RtcpSrPacket) {
      const s = p.senderInfo;
      reports.push({
        kind: 'sr',
        ssrc: p.ssrc,
        sender: { ntpTimestamp: s.ntpTimestamp, rtpTimestamp: s.rtpTimestamp, packetCount: s.packetCount, octetCount: s.octetCount },
        blocks: p.reports.map(fromInfo),
      });
    } else if (p instanceof RtcpRrPacket) {
      reports.push({ kind: 'rr', ssrc: p.ssrc, blocks: p.reports.map(fromInfo) });
    }
  }
  return ok(reports);
}
