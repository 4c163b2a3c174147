/** The injected time source: the policy never reads the wall clock itself. */
export interface Clock {
  /** Milliseconds since the Unix epoch (or any monotonic origin used consistently). */
  nowMs(): number;
}

/** A hand-driven clock for tests and virtual-time simulations. */
export class ManualClock implements Clock {
  constructor(private currentMs = 0) {}
  /** The current virtual time. */
  nowMs(): number {
    return this.currentMs;
  }
  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('ManualClock cannot go backwards');
    this.currentMs += ms;
  }
  /** Jumps to an absolute time at or after the current one. */
  set(ms: number): void {
    if (ms < this.currentMs) throw new RangeError('ManualClock cannot go backwards');
    this.currentMs = ms;
  }
}

/** Milliseconds in common units, for readable config defaults. */
export const SECOND_MS = 1000;
/** One minute in ms. */
export const MINUTE_MS = 60 * SECOND_MS;
/** One hour in ms. */
export const HOUR_MS = 60 * MINUTE_MS;
/** One day in ms. */
export const DAY_MS = 24 * HOUR_MS;
