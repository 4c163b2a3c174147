import type { SipLimits, SipMessage } from '../message/index.js';
import type { SipDestination, SipSource, SipTransportProtocol } from './sip-source.js';
import type { SipStackStats } from './sip-stack-stats.js';

/** One parsed inbound message and where it came from. */
export interface SipInbound {
  readonly message: SipMessage;
  readonly source: SipSource;
}

/** Minimal logger shape (pino-compatible). */
export interface SipLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The address a transport is bound to. */
export interface SipBoundAddress {
  readonly transport: SipTransportProtocol;
  readonly host: string;
  readonly port: number;
}

/**
 * One listening transport (UDP socket or TCP server). Inbound messages are
 * parsed in the transport and handed to `onMessage`; malformed input is
 * answered or dropped here and counted (RFC 3261 §18.1.2, §18.3).
 */
export interface SipTransport {
  readonly protocol: SipTransportProtocol;
  /** Bound host and port (the real port when 0 was asked for). */
  address(): SipBoundAddress;
  /** Sends bytes; failures are counted in `sendErrors` and logged, never thrown. */
  send(bytes: Uint8Array, destination: SipDestination): void;
  /** Reliable transports: whether a connection to this remote end is open (responses reuse it). */
  hasConnection?(address: string, port: number): boolean;
  /** Stops listening and closes every connection; sends nothing. */
  close(): Promise<void>;
}

/** What every transport needs from the stack. */
export interface SipTransportContext {
  readonly limits: SipLimits;
  readonly stats: SipStackStats;
  readonly logger: SipLogger;
  /** Called for every parsed message. Must not throw (the stack catches). */
  readonly onMessage: (inbound: SipInbound) => void;
}

/** TCP-only settings. */
export interface SipTcpOptions {
  /** Close a connection idle for this long (ms). Default 60 000. */
  readonly idleTimeoutMs: number;
}
