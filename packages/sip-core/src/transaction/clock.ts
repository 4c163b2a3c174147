/** Opaque handle returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  readonly __timer: true;
}

/**
 * Time source and scheduler of one stack instance. Injected so transaction and
 * dialog tests run in virtual time (STYLE.md: fakes only at true edges).
 */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a pending timer; a no-op for fired or cancelled ones. */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and unref'd Node timers (a stack never keeps the process alive by its timers). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t as unknown as TimerHandle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};
