/**
 * The worker's drift-free 20 ms clock: tick k is due at `start + k × period` (absolute target
 * times, so timer error never accumulates), lateness is measured against that target, missed
 * ticks are caught up (a short GC pause does not lose audio), and a stall longer than
 * {@link MAX_CATCH_UP_TICKS} periods resynchronises instead of bursting.
 */

/** Missed ticks run back-to-back at most this many at once. */
export const MAX_CATCH_UP_TICKS = 5;

/** Called per tick with the current time and the tick's scheduled time (ms, monotonic). */
export type TickHandler = (nowMs: number, scheduledMs: number) => void;

export class MixClock {
  private nextMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private isRunning = false;
  /** Ticks dropped by resynchronisation after a long stall. */
  skippedTicks = 0;

  constructor(
    private readonly onTick: TickHandler,
    private readonly periodMs = 20,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts ticking one period from now. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.nextMs = this.now() + this.periodMs;
    this.schedule();
  }

  /** Stops; no tick runs after this returns. */
  stop(): void {
    this.isRunning = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.isRunning) return;
    const delay = this.nextMs - this.now();
    this.timer = setTimeout(() => this.run(), delay > 1 ? Math.floor(delay) : 0);
  }

  private run(): void {
    if (!this.isRunning) return;
    let now = this.now();
    if (now < this.nextMs - 0.5) {
      // Timers may fire a little early: wait for the real target.
      this.schedule();
      return;
    }
    if (now - this.nextMs > MAX_CATCH_UP_TICKS * this.periodMs) {
      const missed = Math.floor((now - this.nextMs) / this.periodMs);
      this.skippedTicks += missed;
      this.nextMs += missed * this.periodMs;
    }
    let ran = 0;
    while (this.isRunning && now >= this.nextMs - 0.5 && ran <= MAX_CATCH_UP_TICKS) {
      this.onTick(now, this.nextMs);
      this.nextMs += this.periodMs;
      ran++;
      now = this.now();
    }
    this.schedule();
  }
}
