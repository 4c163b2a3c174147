import { serializeSipMessage, type SipRequest, type SipResponse } from '../message/index.js';
import type { SipDestination, SipStackStats } from '../transport/index.js';
import type { Clock, TimerHandle } from './clock.js';
import type { SipTimers } from './sip-timers.js';

/** How a client transaction ended. */
export type ClientOutcome = { readonly kind: 'response'; readonly response: SipResponse } | { readonly kind: 'timeout' };

/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2) for the requests the UAS
 * sends itself (BYE, UPDATE refresh): Timer E retransmits over UDP from T1
 * doubling to T2, Timer F gives up after 64*T1. Provisional responses only
 * stretch E to T2 (§17.1.2.2). Completes on the first final response.
 */
export class NonInviteClientTransaction {
  private timerE: TimerHandle | undefined;
  private timerF: TimerHandle | undefined;
  private interval: number;
  private done = false;
  private readonly bytes: Uint8Array;

  /**
   * @param request - the request; its top Via branch is the key
   * @param destination - next hop
   * @param send - transport send
   * @param clock - time source
   * @param timers - T1/T2
   * @param stats - counters
   * @param onDone - final response or Timer F
   */
  constructor(
    readonly request: SipRequest,
    private readonly destination: SipDestination,
    private readonly send: (bytes: Uint8Array, destination: SipDestination) => void,
    private readonly clock: Clock,
    private readonly timers: SipTimers,
    private readonly stats: SipStackStats,
    private readonly onDone: (outcome: ClientOutcome) => void,
  ) {
    this.interval = timers.t1;
    this.bytes = serializeSipMessage(request);
    this.send(this.bytes, destination);
    if (destination.transport === 'udp') this.scheduleE();
    this.timerF = clock.setTimeout(() => this.finish({ kind: 'timeout' }), 64 * timers.t1);
  }

  /** A response whose top Via branch matched. */
  onResponse(response: SipResponse): void {
    if (this.done) return;
    if (response.status < 200) {
      this.interval = this.timers.t2;
      return;
    }
    this.finish({ kind: 'response', response });
  }

  /** Stops without an outcome callback (stack close). */
  cancel(): void {
    this.done = true;
    this.clear();
  }

  private scheduleE(): void {
    this.timerE = this.clock.setTimeout(() => {
      if (this.done) return;
      this.stats.requestsRetransmitted++;
      this.send(this.bytes, this.destination);
      this.interval = Math.min(2 * this.interval, this.timers.t2);
      this.scheduleE();
    }, this.interval);
  }

  private finish(outcome: ClientOutcome): void {
    if (this.done) return;
    this.done = true;
    this.clear();
    this.onDone(outcome);
  }

  private clear(): void {
    if (this.timerE !== undefined) this.clock.clearTimeout(this.timerE);
    if (this.timerF !== undefined) this.clock.clearTimeout(this.timerF);
  }
}
