/**
 * Caps on unverified IVR sessions (SECURITY.md "SIP admission"): at most 2 concurrent per
 * source, 200 concurrent overall, 30 new per second. Pure counting with an injected clock.
 */
import type { Clock } from './clock.js';
import type { PolicyConfig } from './policy-config.js';
import { fullBucket, takeToken } from './token-bucket.js';
import type { TokenBucketState } from './token-bucket.js';

/** Tracks open IVR sessions by source key. */
export class IvrSessions {
  private readonly perSource = new Map<string, number>();
  private open = 0;
  private readonly newBucket: TokenBucketState;

  constructor(private readonly options: { readonly config: PolicyConfig; readonly clock: Clock }) {
    this.newBucket = fullBucket(options.config.ivrSessions.newPerSecond, options.clock.nowMs());
  }

  /** Opens a session for `sourceKey` if every cap allows; the caller must `close` it later. */
  tryOpen(sourceKey: string): boolean {
    const cfg = this.options.config.ivrSessions;
    const current = this.perSource.get(sourceKey) ?? 0;
    if (current >= cfg.perSource || this.open >= cfg.overall) return false;
    if (!takeToken(this.newBucket, cfg.newPerSecond / 1000, cfg.newPerSecond, this.options.clock.nowMs())) return false;
    this.perSource.set(sourceKey, current + 1);
    this.open++;
    return true;
  }

  /** Closes a session opened by `tryOpen` (extra closes are ignored). */
  close(sourceKey: string): void {
    const current = this.perSource.get(sourceKey) ?? 0;
    if (current <= 0) return;
    if (current === 1) this.perSource.delete(sourceKey);
    else this.perSource.set(sourceKey, current - 1);
    this.open--;
  }

  /** Sessions open now. */
  openCount(): number {
    return this.open;
  }
}
