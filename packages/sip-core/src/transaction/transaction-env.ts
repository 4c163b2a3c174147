import type { SipResponse } from '../message/index.js';
import type { SipSource, SipStackStats } from '../transport/index.js';
import type { Clock } from './clock.js';
import type { SipTimers } from './sip-timers.js';

/** What a server transaction needs from the stack: time, counters and a way to send a response. */
export interface TransactionEnv {
  readonly clock: Clock;
  readonly timers: SipTimers;
  readonly stats: SipStackStats;
  /**
   * Sends serialized response bytes back for a request that came from `source`
   * (RFC 3261 §18.2.2 routing is the stack's job).
   */
  sendResponse(bytes: Uint8Array, response: SipResponse, source: SipSource): void;
}
