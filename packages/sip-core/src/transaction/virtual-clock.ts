import type { Clock, TimerHandle } from './clock.js';

interface VirtualTimer extends TimerHandle {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A {@link Clock} whose time only moves when the test calls {@link VirtualClock.advance}. */
export interface VirtualClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in time order (ties in scheduling order). */
  advance(ms: number): void;
  /** Number of timers still pending. */
  pending(): number;
}

/** Creates a {@link VirtualClock} starting at time 0. */
export function createVirtualClock(): VirtualClock {
  let now = 0;
  let seq = 0;
  let timers: VirtualTimer[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: VirtualTimer = { __timer: true, at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      timers.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      (handle as VirtualTimer).cancelled = true;
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        timers = timers.filter((t) => !t.cancelled);
        let next: VirtualTimer | undefined;
        for (const t of timers) if (t.at <= end && (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
        if (next === undefined) break;
        now = next.at;
        next.cancelled = true;
        next.fn();
      }
      now = end;
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}
