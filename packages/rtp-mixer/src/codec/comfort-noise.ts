/** Static payload type of comfort noise (RFC 3389 §4, RFC 3551 Table 4). */
export const COMFORT_NOISE_PAYLOAD_TYPE = 13;

/** True for a comfort-noise payload type (PT 13). Dynamic CN types are mapped by the SDP layer. */
export function isComfortNoise(payloadType: number): boolean {
  return payloadType === COMFORT_NOISE_PAYLOAD_TYPE;
}

/**
 * Fills `out` with low white noise at the level a CN payload announces (RFC 3389 §3: first octet
 * is the noise level in -dBov, 0..127). An empty payload yields silence. `seed` is the generator
 * state, returned updated so successive frames continue the sequence.
 */
export function decodeComfortNoise(payload: Uint8Array, out: Int16Array, seed: number): number {
  const level = payload[0];
  if (level === undefined) {
    out.fill(0);
    return seed;
  }
  const amplitude = 32767 * 10 ** (-(level & 0x7f) / 20);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    // xorshift32: cheap, deterministic.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = Math.round(((s >>> 0) / 0x100000000 - 0.5) * 2 * amplitude);
  }
  return s >>> 0;
}
