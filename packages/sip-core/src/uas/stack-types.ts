import type { SipLimits, SipRequest } from '../message/index.js';
import type { Clock, SipTimers } from '../transaction/index.js';
import type { SipBoundAddress, SipLogger, SipSource, SipStackStats, SipTransport, SipTransportContext, SipTransportProtocol } from '../transport/index.js';
import type { IncomingCall } from './incoming-call.js';

/**
 * What to do with a new incoming request, decided by the application before
 * any transaction exists (rate limits, scanner filters, lockouts).
 */
export type AdmitDecision =
  | { readonly action: 'accept' }
  /** Silently drop: no response, no state (counted in `dropped`). */
  | { readonly action: 'drop' }
  | {
      readonly action: 'reject';
      readonly status: number;
      readonly reason?: string;
      readonly headers?: ReadonlyArray<readonly [string, string]>;
    };

/** One listening socket. */
export interface SipListen {
  readonly transport: SipTransportProtocol;
  /** Address to bind (`0.0.0.0`, `::`, `127.0.0.1` ...). */
  readonly host: string;
  /** 0 = ephemeral (tests). */
  readonly port: number;
  /**
   * Host to put in Contact and Via (default: `host`, or the first
   * non-internal interface address when `host` is a wildcard).
   */
  readonly advertise?: string;
}

/** Limits of the stack: the parser's plus UAS policy. */
export interface SipStackLimits extends SipLimits {
  /** Our Min-SE in seconds (RFC 4028 §5); smaller Session-Expires gets 422. Default 90. */
  readonly minSessionExpiresSeconds: number;
  /** TCP idle timeout (ms). Default 60 000. */
  readonly tcpIdleTimeoutMs: number;
  /**
   * An INVITE the application neither answers nor rejects within this time
   * (ms) gets 408, so a forgotten call cannot hold state forever. Default 180 000.
   */
  readonly unansweredTimeoutMs: number;
}

/** Options of `createSipStack`. */
export interface SipStackOptions {
  readonly listen: ReadonlyArray<SipListen>;
  readonly clock?: Clock;
  readonly timers?: Partial<SipTimers>;
  readonly limits?: Partial<SipStackLimits>;
  /** Server / User-Agent header value. Default `pinbridge`. */
  readonly userAgent?: string;
  /** Consulted for every new request (not retransmissions, not ACK) before a transaction exists. */
  readonly admit?: (request: SipRequest, source: SipSource) => AdmitDecision;
  readonly logger?: SipLogger;
  /**
   * Replaces the socket transports (tests: a fake datagram network in
   * virtual time). Receives each `listen` entry and the context to feed.
   */
  readonly transportFactory?: (listen: SipListen, ctx: SipTransportContext) => Promise<SipTransport>;
}

/** Events of the stack. */
export type SipStackEvents = {
  /** A new call (INVITE outside any dialog) passed admission. Answer, reject or progress it. */
  invite: [call: IncomingCall];
};

/** A running SIP stack (UAS). */
export interface SipStack {
  /** Subscribes to stack events. */
  on<K extends keyof SipStackEvents>(event: K, listener: (...args: SipStackEvents[K]) => void): this;
  /** Unsubscribes. */
  off<K extends keyof SipStackEvents>(event: K, listener: (...args: SipStackEvents[K]) => void): this;
  /** Bound host/port per transport (real ports when 0 was asked for). */
  addresses(): SipBoundAddress[];
  /** A copy of the counters. */
  stats(): Readonly<SipStackStats>;
  /** Number of live calls (offered, early, answered or confirmed). */
  activeCalls(): number;
  /** Closes every socket and timer; sends nothing (BYE calls first). */
  close(): Promise<void>;
}
