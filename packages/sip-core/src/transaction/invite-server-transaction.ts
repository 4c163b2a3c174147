import { serializeSipMessage, type SipRequest, type SipResponse } from '../message/index.js';
import type { SipSource } from '../transport/index.js';
import type { TimerHandle } from './clock.js';
import type { TransactionEnv } from './transaction-env.js';

/**
 * INVITE server transaction states (RFC 3261 §17.2.1, with the RFC 6026
 * `accepted` state for 2xx).
 *
 * ```
 *                  INVITE (send 100 Trying)
 *                        |
 *                        v
 *   INVITE rtx  +---------------+  1xx from TU: send
 *   resend 1xx  |  proceeding   |------------------+
 *   +---------->|               |<-----------------+
 *   +-----------+---------------+
 *        2xx from TU |      | 300-699 from TU: send, Timer G (UDP), Timer H
 *                    v      v
 *  +-------------------+   +-------------+  INVITE rtx / Timer G: resend final
 *  |  accepted (6026)  |   |  completed  |<-------+
 *  | INVITE rtx: absorb|   +-------------+--------+
 *  | ACK: to the TU    |     | ACK: Timer I    | Timer H: ACK never came
 *  +-------------------+     v                 |
 *        | Timer L     +-------------+         |
 *        |             |  confirmed  | ACK rtx: absorb
 *        |             +-------------+         |
 *        |                   | Timer I         |
 *        v                   v                 v
 *      +-------------------------------------------+
 *      |               terminated                  |
 *      +-------------------------------------------+
 * ```
 */
export type InviteServerState = 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

/** An INVITE server transaction. The 2xx itself is retransmitted by the UAS core (§13.3.1.4), not here. */
export class InviteServerTransaction {
  readonly kind = 'invite';
  state: InviteServerState = 'proceeding';
  private lastResponse: Uint8Array | undefined;
  private lastParsed: SipResponse | undefined;
  private timerG: TimerHandle | undefined;
  private timerEnd: TimerHandle | undefined;
  private gInterval: number;

  /**
   * @param key - transaction key (see `serverTransactionKey`)
   * @param request - the INVITE
   * @param source - where it came from
   * @param env - clock, timers, counters, response sender
   * @param onTerminated - removes the transaction from its table
   * @param onAckTimeout - Timer H fired: the ACK for our non-2xx final never came
   */
  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly source: SipSource,
    private readonly env: TransactionEnv,
    private readonly onTerminated: (tx: InviteServerTransaction) => void,
    private readonly onAckTimeout?: () => void,
  ) {
    this.gInterval = env.timers.t1;
  }

  /** Whether a final response was sent. */
  get hasFinal(): boolean {
    return this.state !== 'proceeding';
  }

  /**
   * Sends a response from the TU (RFC 3261 §17.2.1) and returns its bytes
   * (the UAS core retransmits a 2xx itself). Ignored, returning undefined,
   * once a final response was sent.
   */
  respond(response: SipResponse): Uint8Array | undefined {
    if (this.state !== 'proceeding') return undefined;
    const bytes = serializeSipMessage(response);
    this.lastResponse = bytes;
    this.lastParsed = response;
    this.env.sendResponse(bytes, response, this.source);
    if (response.status < 200) return bytes;
    const { clock, timers } = this.env;
    if (response.status < 300) {
      // RFC 6026 §7.1: stay to absorb INVITE retransmissions and pass ACKs up, Timer L = 64*T1.
      this.state = 'accepted';
      this.timerEnd = clock.setTimeout(() => this.terminate(), 64 * timers.t1);
      return bytes;
    }
    this.state = 'completed';
    if (this.source.transport === 'udp') this.scheduleG();
    this.timerEnd = clock.setTimeout(() => {
      this.terminate();
      this.onAckTimeout?.();
    }, 64 * timers.t1);
    return bytes;
  }

  /** A retransmission of the INVITE arrived (§17.2.1): resend the last response where the state wants it. */
  onRetransmission(): void {
    this.env.stats.retransmissionsAbsorbed++;
    if ((this.state === 'proceeding' || this.state === 'completed') && this.lastResponse !== undefined && this.lastParsed !== undefined) {
      this.env.stats.responsesRetransmitted++;
      this.env.sendResponse(this.lastResponse, this.lastParsed, this.source);
    }
  }

  /**
   * An ACK matched this transaction. Returns true when it was consumed
   * here (ACK of a non-2xx, or a retransmitted one), false when it belongs to
   * the TU (ACK of a 2xx in `accepted`, RFC 6026 §7.1).
   */
  onAck(): boolean {
    switch (this.state) {
      case 'completed':
        this.state = 'confirmed';
        this.clearTimers();
        this.timerEnd = this.env.clock.setTimeout(() => this.terminate(), this.source.transport === 'udp' ? this.env.timers.t4 : 0);
        return true;
      case 'confirmed':
      case 'proceeding':
      case 'terminated':
        this.env.stats.retransmissionsAbsorbed++;
        return true;
      case 'accepted':
        return false;
    }
  }

  /** Stops the timers and removes the transaction. */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.clearTimers();
    this.onTerminated(this);
  }

  private scheduleG(): void {
    this.timerG = this.env.clock.setTimeout(() => {
      if (this.state !== 'completed' || this.lastResponse === undefined || this.lastParsed === undefined) return;
      this.env.stats.responsesRetransmitted++;
      this.env.sendResponse(this.lastResponse, this.lastParsed, this.source);
      this.gInterval = Math.min(2 * this.gInterval, this.env.timers.t2);
      this.scheduleG();
    }, this.gInterval);
  }

  private clearTimers(): void {
    if (this.timerG !== undefined) this.env.clock.clearTimeout(this.timerG);
    if (this.timerEnd !== undefined) this.env.clock.clearTimeout(this.timerEnd);
    this.timerG = undefined;
    this.timerEnd = undefined;
  }
}
