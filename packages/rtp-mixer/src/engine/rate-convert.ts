/**
 * 8 kHz ↔ 16 kHz conversion for endpoints whose codec rate differs from their room's rate
 * (an Opus caller in a G.711 room). An 11-tap half-band low-pass (cut-off fs/4) filters
 * before halving (no aliasing of speech above 4 kHz) and interpolates after doubling.
 * Each converter keeps its own history, so it adds 5 samples (0.3 ms) of delay and no clicks.
 */
const H0 = 0.5;
const H1 = 0.3133;
const H3 = -0.0977;
const H5 = 0.0344;
const TAPS_HALF = 5;

function clamp(value: number): number {
  return value > 32767 ? 32767 : value < -32768 ? -32768 : Math.round(value);
}

/** Stateful 2:1 or 1:2 converter for one direction of one stream. */
export class RateConverter {
  private readonly ext: Float64Array;

  constructor(maxInput: number) {
    this.ext = new Float64Array(maxInput + 2 * TAPS_HALF);
  }

  /** 16 → 8 kHz: writes `length / 2` samples. */
  halve(input: Int16Array, length: number, out: Int16Array): void {
    const ext = this.ext;
    for (let k = 0; k < length; k++) ext[2 * TAPS_HALF + k] = input[k] ?? 0;
    for (let i = 0; i < length >> 1; i++) {
      const c = 2 * i + TAPS_HALF;
      const v =
        H0 * (ext[c] ?? 0) +
        H1 * ((ext[c - 1] ?? 0) + (ext[c + 1] ?? 0)) +
        H3 * ((ext[c - 3] ?? 0) + (ext[c + 3] ?? 0)) +
        H5 * ((ext[c - 5] ?? 0) + (ext[c + 5] ?? 0));
      out[i] = clamp(v);
    }
    ext.copyWithin(0, length, length + 2 * TAPS_HALF);
  }

  /** 8 → 16 kHz: writes `2 × length` samples. */
  double(input: Int16Array, length: number, out: Int16Array): void {
    const ext = this.ext;
    const base = TAPS_HALF;
    for (let k = 0; k < length; k++) ext[base + k] = input[k] ?? 0;
    // Zero-stuffed half-band interpolation, centred 3 input samples back (needs 2 more ahead).
    for (let i = 0; i < length; i++) {
      const c = i + 2;
      out[2 * i] = clamp(ext[c] ?? 0);
      const v = 2 * (H1 * ((ext[c] ?? 0) + (ext[c + 1] ?? 0)) + H3 * ((ext[c - 1] ?? 0) + (ext[c + 2] ?? 0)) + H5 * ((ext[c - 2] ?? 0) + (ext[c + 3] ?? 0)));
      out[2 * i + 1] = clamp(v);
    }
    ext.copyWithin(0, length, length + base);
  }
}
