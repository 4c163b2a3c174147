/**
 * Modular arithmetic for RTP sequence numbers (16 bit) and timestamps (32 bit), RFC 3550 §5.1.
 * Differences are taken modulo 2^n and mapped to the signed range so that 0 is "newer" than
 * 65535 and 0 is "newer" than 2^32-1.
 */

/** Signed distance `a - b` between two sequence numbers, in [-32768, 32767]. */
export function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}

/** True when sequence number `a` comes after `b` (modulo 2^16). */
export function seqNewer(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

/** `seq + n` modulo 2^16. */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) & 0xffff;
}

/** Signed distance `a - b` between two RTP timestamps, in [-2^31, 2^31). */
export function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** True when timestamp `a` comes after `b` (modulo 2^32). */
export function tsNewer(a: number, b: number): boolean {
  return tsDiff(a, b) > 0;
}

/** `ts + n` modulo 2^32, as an unsigned number. */
export function tsAdd(ts: number, n: number): number {
  return (ts + n) >>> 0;
}
