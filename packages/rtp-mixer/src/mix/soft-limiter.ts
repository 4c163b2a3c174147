/** Default knee: about -2.5 dBFS. Below it the limiter is the identity. */
export const LIMITER_KNEE = 24576;
const CEILING = 32767;

/**
 * Soft-knee limiter of one sample: the identity for |x| ≤ knee, then a tanh curve that meets the
 * identity with slope 1 at the knee and approaches ±32767 without reaching past it, so loud sums
 * never wrap around or clip hard. Stateless, so the same input always gives the same output.
 */
export function softLimit(x: number, knee: number = LIMITER_KNEE): number {
  if (x <= knee && x >= -knee) return Math.round(x);
  const range = CEILING - knee;
  const magnitude = knee + range * Math.tanh((Math.abs(x) - knee) / range);
  const y = Math.round(magnitude);
  return x < 0 ? -y : y;
}

/** Applies {@link softLimit} to `acc[0..out.length)` into `out`. */
export function softLimitInto(acc: Float32Array, out: Int16Array, knee: number = LIMITER_KNEE): void {
  for (let i = 0; i < out.length; i++) out[i] = softLimit(acc[i] ?? 0, knee);
}
