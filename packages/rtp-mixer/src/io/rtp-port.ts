/**
 * One endpoint's transport: symmetric RTP (RFC 4961) with latching, a per-stream packet-rate
 * cap, reception statistics, periodic RTCP reports and the inactivity timer.
 *
 * Latching: before any source is latched, or when the latched source has been silent for
 * {@link RELATCH_AFTER_SILENCE_MS}, a new source address must send {@link PROBATION_PACKETS}
 * packets in sequence (RFC 3550 A.1 probation) before it is latched; everything from any
 * other source is dropped and counted. We send to the latched address, or to the SDP address
 * until something is latched. A re-INVITE (new remote) clears the latch.
 */
import type { RemoteInfo } from 'node:dgram';
import type { SocketPair } from './bind-socket-pair.js';
import { buildRtcpReport, rtcpReportSize, srMiddleNtp } from './build-rtcp-report.js';
import { ReceiveStatistics } from './receive-statistics.js';
import { RtpPacketView } from '../packet/index.js';

/** In-sequence packets a new source must send before it is latched. */
export const PROBATION_PACKETS = 4;
/** Silence of the latched source after which another source may win probation. */
export const RELATCH_AFTER_SILENCE_MS = 1000;
/** Default largest packet rate accepted per stream (SECURITY.md); the excess is dropped and counted. */
export const MAX_PACKETS_PER_SECOND = 200;
/**
 * Token bucket depth, in seconds of the cap: a quarter second (50 packets at 200 pps) absorbs
 * a jitter burst of a legitimate phone without letting a flood through for long.
 */
const RATE_BURST_SECONDS = 0.25;

/** Where RTP goes and comes from, as the SDP says. */
export interface PortRemote {
  readonly address: string;
  readonly port: number;
  readonly rtcpPort?: number;
}

/**
 * Receives accepted RTP: a view on the datagram (valid only during the call: the port reuses
 * it for the next packet; the datagram buffer itself is never reused) and its arrival time.
 */
export type RtpHandler = (view: RtpPacketView, arrivalMs: number) => void;

/** Construction options. */
export interface RtpPortOptions {
  readonly pair: SocketPair;
  readonly remote: PortRemote;
  readonly isRtcpMux: boolean;
  readonly clockRateHz: number;
  readonly ssrc: number;
  readonly cname: string;
  readonly now: () => number;
  readonly onRtp: RtpHandler;
  /**
   * Connect the RTP socket to the latched source while it is live (default false). Saves the
   * per-send address lookup and route lookup, but the kernel then drops other sources' packets
   * unseen, so they are not counted in `droppedWrongSource`.
   */
  readonly connectWhenLatched?: boolean;
  /**
   * Largest sustained rate of accepted packets from the latched source (default
   * {@link MAX_PACKETS_PER_SECOND}); the excess is dropped before parsing the payload and
   * counted in `droppedRateCap`.
   */
  readonly maxPacketsPerSecond?: number;
}

/** Counters (all monotonic). */
export interface RtpPortCounters {
  packetsReceived: number;
  packetsSent: number;
  octetsSent: number;
  droppedWrongSource: number;
  droppedRateCap: number;
  droppedMalformed: number;
  ssrcChanges: number;
  rtcpReceived: number;
}

export class RtpPort {
  readonly counters: RtpPortCounters = {
    packetsReceived: 0,
    packetsSent: 0,
    octetsSent: 0,
    droppedWrongSource: 0,
    droppedRateCap: 0,
    droppedMalformed: 0,
    ssrcChanges: 0,
    rtcpReceived: 0,
  };
  readonly stats = new ReceiveStatistics();
  private remote: PortRemote;
  private latchedAddress: string | undefined;
  private latchedPort = 0;
  private candidateAddress: string | undefined;
  private candidatePort = 0;
  private candidateSeq = 0;
  private candidateCount = 0;
  /** Arrival time of the last accepted RTP packet (starts at creation: the timeout counts from there). */
  lastRtpMs: number;
  private readonly ratePerMs: number;
  private readonly rateBurst: number;
  private tokens: number;
  private tokensAtMs: number;
  private lastSsrc: number | undefined;
  private lastSentTs = 0;
  private lastSentAtMs = 0;
  private sentSinceReport = false;
  private lastSrMiddle = 0;
  private lastSrAtMs = 0;
  private readonly cname: Uint8Array;
  private readonly rtcpOut: Uint8Array;
  private isClosed = false;
  /** Socket connect state (only with `connectWhenLatched`). */
  private connectState: 'none' | 'connecting' | 'connected' = 'none';
  /** One header view re-pointed at every datagram: no allocation per packet. */
  private readonly view = new RtpPacketView();

  constructor(private readonly options: RtpPortOptions) {
    this.remote = options.remote;
    this.lastRtpMs = options.now();
    this.tokensAtMs = this.lastRtpMs;
    const rate = options.maxPacketsPerSecond ?? MAX_PACKETS_PER_SECOND;
    this.ratePerMs = rate / 1000;
    this.rateBurst = Math.max(1, Math.round(rate * RATE_BURST_SECONDS));
    this.tokens = this.rateBurst;
    this.cname = new TextEncoder().encode(options.cname.slice(0, 255));
    this.rtcpOut = new Uint8Array(rtcpReportSize(this.cname.length));
    options.pair.rtp.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.onRtpSocket(msg, rinfo));
    options.pair.rtcp.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.onRtcp(msg, rinfo));
    // A socket error (ICMP unreachable on send, for example) must not kill the worker.
    options.pair.rtp.on('error', () => undefined);
    options.pair.rtcp.on('error', () => undefined);
  }

  /** Local RTP port. */
  get localPort(): number {
    return this.options.pair.port;
  }

  /** True once a source passed probation. */
  get isLatched(): boolean {
    return this.latchedAddress !== undefined;
  }

  /** True while the RTP socket is connected to the latched source (`connectWhenLatched`). */
  get isConnected(): boolean {
    return this.connectState === 'connected';
  }

  /** Applies a re-INVITE's new remote address; the latch starts over. */
  setRemote(remote: PortRemote): void {
    this.disconnect();
    this.remote = remote;
    this.latchedAddress = undefined;
    this.candidateAddress = undefined;
    this.candidateCount = 0;
  }

  private onRtpSocket(msg: Buffer, rinfo: RemoteInfo): void {
    const b1 = msg[1] ?? 0;
    // RFC 5761 §4: with rtcp-mux, payload types 64-95 (byte 1 = 192..223) are RTCP.
    if (this.options.isRtcpMux && b1 >= 192 && b1 <= 223) {
      this.onRtcp(msg, rinfo);
      return;
    }
    const view = this.view;
    if (view.reset(msg) !== null) {
      this.counters.droppedMalformed++;
      return;
    }
    const nowMs = this.options.now();
    if (!this.acceptSource(view.sequenceNumber, rinfo, nowMs)) {
      this.counters.droppedWrongSource++;
      return;
    }
    // Token bucket: the cap sustained, a quarter second of it deep. Strangers never reach it,
    // so a flood from elsewhere cannot spend the latched source's tokens.
    this.tokens = Math.min(this.rateBurst, this.tokens + (nowMs - this.tokensAtMs) * this.ratePerMs);
    this.tokensAtMs = nowMs;
    if (this.tokens < 1) {
      this.counters.droppedRateCap++;
      return;
    }
    this.tokens -= 1;
    this.counters.packetsReceived++;
    this.lastRtpMs = nowMs;
    const ssrc = view.ssrc;
    if (this.lastSsrc !== ssrc) {
      if (this.lastSsrc !== undefined) this.counters.ssrcChanges++;
      this.lastSsrc = ssrc;
    }
    this.stats.update(ssrc, view.sequenceNumber, view.timestamp, Math.round((nowMs * this.options.clockRateHz) / 1000));
    this.options.onRtp(view, nowMs);
  }

  private acceptSource(seq: number, rinfo: RemoteInfo, nowMs: number): boolean {
    if (this.latchedAddress !== undefined) {
      if (rinfo.port === this.latchedPort && rinfo.address === this.latchedAddress) {
        // The latched source is back after a silence that disconnected the socket.
        if (this.connectState === 'none') this.connectToLatched();
        return true;
      }
      if (nowMs - this.lastRtpMs < RELATCH_AFTER_SILENCE_MS) return false;
    }
    if (this.candidateAddress === rinfo.address && this.candidatePort === rinfo.port && seq === ((this.candidateSeq + 1) & 0xffff)) {
      this.candidateCount++;
    } else {
      this.candidateAddress = rinfo.address;
      this.candidatePort = rinfo.port;
      this.candidateCount = 1;
    }
    this.candidateSeq = seq;
    if (this.candidateCount < PROBATION_PACKETS) return false;
    this.latchedAddress = rinfo.address;
    this.latchedPort = rinfo.port;
    this.candidateAddress = undefined;
    this.candidateCount = 0;
    this.connectToLatched();
    return true;
  }

  private connectToLatched(): void {
    if (this.options.connectWhenLatched !== true || this.connectState !== 'none' || this.latchedAddress === undefined) return;
    this.connectState = 'connecting';
    const address = this.latchedAddress;
    const port = this.latchedPort;
    this.options.pair.rtp.connect(port, address, (error?: Error) => {
      if (this.isClosed) return;
      if (error !== undefined && error !== null) {
        // Stay unconnected: sends keep going with an address.
        this.connectState = 'none';
        return;
      }
      this.connectState = 'connected';
      // The latch moved (or was cleared) while connecting: follow it.
      if (this.latchedAddress !== address || this.latchedPort !== port) {
        this.disconnect();
        this.connectToLatched();
      }
    });
  }

  private disconnect(): void {
    if (this.connectState !== 'connected') return;
    this.connectState = 'none';
    this.options.pair.rtp.disconnect();
  }

  /**
   * Slow-cadence housekeeping: once the latched source has been silent for
   * {@link RELATCH_AFTER_SILENCE_MS}, a connected socket is disconnected so other sources can
   * win probation (and be counted) again.
   */
  poll(nowMs: number): void {
    if (this.connectState === 'connected' && nowMs - this.lastRtpMs >= RELATCH_AFTER_SILENCE_MS) this.disconnect();
  }

  private onRtcp(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.latchedAddress !== undefined && rinfo.address !== this.latchedAddress) return;
    this.counters.rtcpReceived++;
    const middle = srMiddleNtp(msg, msg.length);
    if (middle !== undefined) {
      this.lastSrMiddle = middle;
      this.lastSrAtMs = this.options.now();
    }
  }

  /** Sends one RTP datagram (`length` bytes of `packet`); `rtpTs` feeds the next SR. */
  send(packet: Uint8Array, length: number, rtpTs: number, nowMs: number): void {
    if (this.isClosed) return;
    const socket = this.options.pair.rtp;
    if (this.connectState === 'connected') {
      if (packet.length === length) socket.send(packet);
      else socket.send(packet, 0, length);
      this.afterSend(length, rtpTs, nowMs);
      return;
    }
    const address = this.latchedAddress ?? this.remote.address;
    const port = this.latchedAddress === undefined ? this.remote.port : this.latchedPort;
    // A packet that is exactly `length` bytes skips dgram's per-send slice allocation.
    if (packet.length === length) this.options.pair.rtp.send(packet, port, address);
    else this.options.pair.rtp.send(packet, 0, length, port, address);
    this.afterSend(length, rtpTs, nowMs);
  }

  private afterSend(length: number, rtpTs: number, nowMs: number): void {
    this.counters.packetsSent++;
    this.counters.octetsSent += length - 12;
    this.lastSentTs = rtpTs;
    this.lastSentAtMs = nowMs;
    this.sentSinceReport = true;
  }

  /** Sends the periodic compound RTCP report (RFC 3550 §6.4): SR if we sent, else RR. */
  sendRtcpReport(nowMs: number, wallClockMs: number): void {
    if (this.isClosed) return;
    const block = this.stats.hasData
      ? {
          ssrc: this.stats.ssrc,
          fractionLost: this.stats.takeFractionLost(),
          cumulativeLost: this.stats.cumulativeLost,
          extendedHighestSeq: this.stats.extendedMax,
          jitter: Math.round(this.stats.jitter),
          lastSr: this.lastSrMiddle,
          // DLSR in 1/65536 s units (RFC 3550 §6.4.1).
          delaySinceLastSr: this.lastSrMiddle === 0 ? 0 : Math.round(((nowMs - this.lastSrAtMs) / 1000) * 65536),
        }
      : undefined;
    const sender = this.sentSinceReport
      ? {
          ntpMs: wallClockMs,
          rtpTimestamp: (this.lastSentTs + Math.round(((nowMs - this.lastSentAtMs) * this.options.clockRateHz) / 1000)) >>> 0,
          packetCount: this.counters.packetsSent,
          octetCount: this.counters.octetsSent,
        }
      : undefined;
    this.sentSinceReport = false;
    const length = buildRtcpReport(this.rtcpOut, {
      ssrc: this.options.ssrc,
      cname: this.cname,
      ...(sender === undefined ? {} : { sender }),
      ...(block === undefined ? {} : { block }),
    });
    const address = this.latchedAddress ?? this.remote.address;
    if (this.options.isRtcpMux && this.connectState === 'connected') {
      this.options.pair.rtp.send(this.rtcpOut, 0, length);
    } else if (this.options.isRtcpMux) {
      const port = this.latchedAddress === undefined ? this.remote.port : this.latchedPort;
      this.options.pair.rtp.send(this.rtcpOut, 0, length, port, address);
    } else {
      const port = this.remote.rtcpPort ?? this.remote.port + 1;
      this.options.pair.rtcp.send(this.rtcpOut, 0, length, port, address);
    }
  }

  /** Stops receiving; the owner releases the sockets. */
  close(): void {
    this.isClosed = true;
    this.options.pair.rtp.removeAllListeners('message');
    this.options.pair.rtcp.removeAllListeners('message');
  }
}
