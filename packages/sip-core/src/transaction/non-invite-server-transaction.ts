import { serializeSipMessage, type SipRequest, type SipResponse } from '../message/index.js';
import type { SipSource } from '../transport/index.js';
import type { TimerHandle } from './clock.js';
import type { TransactionEnv } from './transaction-env.js';

/**
 * Non-INVITE server transaction states (RFC 3261 §17.2.2, Figure 8).
 *
 * ```
 *        request received: pass to TU
 *                 |
 *                 v
 *           +-----------+  request rtx: absorb
 *           |  trying   |
 *           +-----------+
 *        1xx |       | final from TU: send
 *            v       |
 *   +------------+   |   request rtx: resend 1xx
 *   | proceeding |---+
 *   +------------+   | final from TU: send
 *                    v
 *              +-----------+  request rtx: resend final
 *              | completed |  Timer J = 64*T1 (UDP), 0 (TCP)
 *              +-----------+
 *                    | Timer J
 *                    v
 *              +------------+
 *              | terminated |
 *              +------------+
 * ```
 */
export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

/** A non-INVITE server transaction. */
export class NonInviteServerTransaction {
  readonly kind = 'non-invite';
  state: NonInviteServerState = 'trying';
  private lastResponse: Uint8Array | undefined;
  private lastParsed: SipResponse | undefined;
  private timerJ: TimerHandle | undefined;

  /**
   * @param key - transaction key
   * @param request - the request
   * @param source - where it came from
   * @param env - clock, timers, counters, response sender
   * @param onTerminated - removes the transaction from its table
   */
  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly source: SipSource,
    private readonly env: TransactionEnv,
    private readonly onTerminated: (tx: NonInviteServerTransaction) => void,
  ) {}

  /** Whether a final response was sent. */
  get hasFinal(): boolean {
    return this.state === 'completed' || this.state === 'terminated';
  }

  /** Sends a response from the TU; ignored after the final one. */
  respond(response: SipResponse): Uint8Array | undefined {
    if (this.hasFinal) return undefined;
    const bytes = serializeSipMessage(response);
    this.lastResponse = bytes;
    this.lastParsed = response;
    this.env.sendResponse(bytes, response, this.source);
    if (response.status < 200) {
      this.state = 'proceeding';
      return bytes;
    }
    this.state = 'completed';
    const j = this.source.transport === 'udp' ? 64 * this.env.timers.t1 : 0;
    this.timerJ = this.env.clock.setTimeout(() => this.terminate(), j);
    return bytes;
  }

  /** The request was retransmitted (§17.2.2). */
  onRetransmission(): void {
    this.env.stats.retransmissionsAbsorbed++;
    if (this.state === 'trying' || this.lastResponse === undefined || this.lastParsed === undefined) return;
    this.env.stats.responsesRetransmitted++;
    this.env.sendResponse(this.lastResponse, this.lastParsed, this.source);
  }

  /** Stops Timer J and removes the transaction. */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    if (this.timerJ !== undefined) this.env.clock.clearTimeout(this.timerJ);
    this.onTerminated(this);
  }
}
