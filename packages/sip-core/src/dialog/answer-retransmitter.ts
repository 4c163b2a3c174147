import type { Clock, SipTimers, TimerHandle } from '../transaction/index.js';

/**
 * Retransmits a 2xx to INVITE until its ACK arrives (RFC 3261 §13.3.1.4):
 * first after T1, doubling up to T2, over unreliable transports only; after
 * 64*T1 without ACK `onGiveUp` runs (the UAS then sends BYE).
 */
export class AnswerRetransmitter {
  private timer: TimerHandle | undefined;
  private giveUp: TimerHandle | undefined;
  private interval: number;
  private active = true;

  /**
   * @param clock - time source
   * @param timers - T1/T2
   * @param reliable - TCP: no retransmissions, only the give-up timer
   * @param resend - sends the 2xx again
   * @param onGiveUp - no ACK within 64*T1
   */
  constructor(
    private readonly clock: Clock,
    private readonly timers: SipTimers,
    reliable: boolean,
    private readonly resend: () => void,
    onGiveUp: () => void,
  ) {
    this.interval = timers.t1;
    if (!reliable) this.schedule();
    this.giveUp = clock.setTimeout(() => {
      if (!this.active) return;
      this.stop();
      onGiveUp();
    }, 64 * timers.t1);
  }

  /** Whether still waiting for the ACK. */
  get waiting(): boolean {
    return this.active;
  }

  /** ACK arrived (or the dialog ended): stop. */
  stop(): void {
    this.active = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    if (this.giveUp !== undefined) this.clock.clearTimeout(this.giveUp);
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (!this.active) return;
      this.resend();
      this.interval = Math.min(2 * this.interval, this.timers.t2);
      this.schedule();
    }, this.interval);
  }
}
