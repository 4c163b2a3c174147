/**
 * Polyphase windowed-sinc resampler for the telephony rates 8, 16 and 48 kHz (integer ratios
 * 2, 3 and 6, up or down). One Kaiser-windowed sinc low-pass, designed at the higher rate with its
 * -6 dB point at fs_low/2 and a transition band 0.45..0.55·fs_low (≥ 60 dB design stopband),
 * serves as anti-imaging (up) or anti-aliasing (down) filter. State carries across frames, so a
 * stream can be fed frame by frame; the returned array is reused (valid until the next call).
 */

const SUPPORTED = new Set([8000, 16000, 48000]);
/** Kaiser β for ~60 dB stopband (Kaiser's formula 0.1102·(A − 8.7), A = 60). */
const KAISER_BETA = 5.653;
/** Transition width as a fraction of the lower rate. */
const TRANSITION = 0.1;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** Low-pass taps at the high rate: cutoff fs_low/2, odd length with (N−1) divisible by 2·ratio. */
function designFilter(ratio: number): Float32Array {
  const transitionNorm = TRANSITION / ratio; // Δf / fs_high
  let taps = Math.ceil((60 - 7.95) / (14.36 * transitionNorm)) + 1;
  // Integer group delay at the low rate: (N-1)/2 must be a multiple of ratio.
  while ((taps - 1) % (2 * ratio) !== 0) taps++;
  const h = new Float32Array(taps);
  const middle = (taps - 1) / 2;
  const cutoff = 0.5 / ratio; // cycles per high-rate sample
  const norm = besselI0(KAISER_BETA);
  let sum = 0;
  for (let n = 0; n < taps; n++) {
    const t = n - middle;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const w = besselI0(KAISER_BETA * Math.sqrt(1 - (t / middle) ** 2)) / norm;
    h[n] = sinc * w;
    sum += sinc * w;
  }
  for (let n = 0; n < taps; n++) h[n] = (h[n] ?? 0) / sum; // unity DC gain
  return h;
}

function clamp16(x: number): number {
  const r = Math.round(x);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/** Stateful integer-ratio resampler between 8, 16 and 48 kHz. */
export class Resampler {
  /** Up-sampling factor L (1 when decimating). */
  readonly up: number;
  /** Down-sampling factor M (1 when interpolating). */
  readonly down: number;
  /** Group delay of the filter, in output samples. */
  readonly delaySamples: number;
  private readonly h: Float32Array;
  /** Polyphase branches for interpolation: phases[p][k] = L·h[p + kL]. */
  private readonly phases: Float32Array[];
  private readonly historyLength: number;
  private work: Float32Array;
  private out: Int16Array;
  private downPhase = 0;

  constructor(
    readonly fromHz: number,
    readonly toHz: number,
  ) {
    if (!SUPPORTED.has(fromHz) || !SUPPORTED.has(toHz)) throw new RangeError(`unsupported rates ${fromHz} → ${toHz}`);
    this.up = toHz > fromHz ? toHz / fromHz : 1;
    this.down = fromHz > toHz ? fromHz / toHz : 1;
    const ratio = Math.max(this.up, this.down);
    this.h = ratio === 1 ? Float32Array.of(1) : designFilter(ratio);
    const L = this.up;
    this.phases = [];
    for (let p = 0; p < L; p++) {
      const branch = new Float32Array(Math.ceil((this.h.length - p) / L));
      for (let k = 0; k < branch.length; k++) branch[k] = L * (this.h[p + k * L] ?? 0);
      this.phases.push(branch);
    }
    this.historyLength = this.up > 1 ? (this.phases[0]?.length ?? 1) - 1 : this.h.length - 1;
    this.delaySamples = ((this.h.length - 1) / 2) / this.down;
    this.work = new Float32Array(this.historyLength + 960);
    this.out = new Int16Array(0);
  }

  /** Resamples one chunk; the result is a reused view sized to the output produced. */
  process(pcm: Int16Array): Int16Array {
    const hist = this.historyLength;
    if (this.work.length < hist + pcm.length) {
      const bigger = new Float32Array(hist + pcm.length);
      bigger.set(this.work.subarray(0, hist));
      this.work = bigger;
    }
    const work = this.work;
    for (let i = 0; i < pcm.length; i++) work[hist + i] = pcm[i] ?? 0;
    let produced: number;
    if (this.up > 1) produced = this.interpolate(pcm.length);
    else if (this.down > 1) produced = this.decimate(pcm.length);
    else {
      this.ensureOut(pcm.length);
      this.out.set(pcm);
      produced = pcm.length;
    }
    // Keep the last `hist` input samples for the next call.
    work.copyWithin(0, pcm.length, pcm.length + hist);
    return this.out.subarray(0, produced);
  }

  /** Forgets the history (new stream). */
  reset(): void {
    this.work.fill(0);
    this.downPhase = 0;
  }

  private ensureOut(n: number): void {
    if (this.out.length < n) this.out = new Int16Array(n);
  }

  private interpolate(n: number): number {
    const L = this.up;
    const hist = this.historyLength;
    this.ensureOut(n * L);
    const out = this.out;
    const work = this.work;
    for (let i = 0; i < n; i++) {
      const newest = hist + i;
      for (let p = 0; p < L; p++) {
        const branch = this.phases[p] ?? this.h;
        let acc = 0;
        for (let k = 0; k < branch.length; k++) acc += (branch[k] ?? 0) * (work[newest - k] ?? 0);
        out[i * L + p] = clamp16(acc);
      }
    }
    return n * L;
  }

  private decimate(n: number): number {
    const M = this.down;
    const hist = this.historyLength;
    const h = this.h;
    const taps = h.length;
    this.ensureOut(Math.ceil(n / M) + 1);
    const out = this.out;
    const work = this.work;
    let produced = 0;
    let i = this.downPhase;
    for (; i < n; i += M) {
      const newest = hist + i;
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += (h[k] ?? 0) * (work[newest - k] ?? 0);
      out[produced++] = clamp16(acc);
    }
    this.downPhase = i - n;
    return produced;
  }
}
