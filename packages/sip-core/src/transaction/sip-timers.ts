/**
 * RFC 3261 §17.1.1.1 / Table 4 base timers of one stack instance, in ms.
 * Derived timers: G starts at T1 and doubles to T2; H, J, L (RFC 6026) and the
 * 2xx give-up (§13.3.1.4) are 64*T1; I is T4 over UDP and 0 over TCP.
 */
export interface SipTimers {
  /** RTT estimate, default 500 ms. */
  readonly t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  readonly t2: number;
  /** Maximum time a message stays in the network, default 5 s. */
  readonly t4: number;
}

/** RFC 3261 defaults. */
export const DEFAULT_SIP_TIMERS: SipTimers = { t1: 500, t2: 4000, t4: 5000 };
