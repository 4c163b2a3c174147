/**
 * A token bucket over plain numbers so it can live inside {@link PolicyState} records:
 * `ratePerMs` tokens accrue continuously up to `capacity`.
 */

/** Mutable bucket state (stored inside policy records). */
export interface TokenBucketState {
  tokens: number;
  refilledAtMs: number;
}

/** Creates a full bucket. */
export function fullBucket(capacity: number, nowMs: number): TokenBucketState {
  return { tokens: capacity, refilledAtMs: nowMs };
}

/** Adds the tokens accrued since the last refill (time never runs backwards here). */
export function refillBucket(bucket: TokenBucketState, ratePerMs: number, capacity: number, nowMs: number): void {
  const elapsed = Math.max(0, nowMs - bucket.refilledAtMs);
  bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * ratePerMs);
  bucket.refilledAtMs = Math.max(bucket.refilledAtMs, nowMs);
}

/** Takes one token if available; returns whether it did. */
export function takeToken(bucket: TokenBucketState, ratePerMs: number, capacity: number, nowMs: number): boolean {
  refillBucket(bucket, ratePerMs, capacity, nowMs);
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** Milliseconds until one whole token is available (0 if one is). */
export function msUntilToken(bucket: TokenBucketState, ratePerMs: number): number {
  if (bucket.tokens >= 1) return 0;
  return Math.ceil((1 - bucket.tokens) / ratePerMs);
}
