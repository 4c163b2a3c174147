import type { AudioCodec } from './audio-codec.js';
import { decodeAlaw, decodeMulaw, encodeAlaw, encodeMulaw } from './g711.js';

/** Longest frame kept for concealment: 120 ms at 8 kHz. */
const MAX_FRAME_SAMPLES = 960;
/** Each concealed frame is attenuated by this factor, so 5 lost frames fade to ~1/4 and then silence. */
const CONCEAL_FADE = 0.75;
/** After this many consecutive concealed frames, output silence (G.711 Appendix I caps at 60 ms). */
const MAX_CONCEALED_FRAMES = 6;

/**
 * G.711 µ-law (PCMU) or A-law (PCMA) at 8 kHz behind {@link AudioCodec}. Loss concealment repeats
 * the last good frame with a geometric fade, then goes silent.
 */
export class G711Codec implements AudioCodec {
  readonly clockRateHz = 8000;
  readonly sampleRateHz = 8000;
  private readonly encoded = new Uint8Array(MAX_FRAME_SAMPLES);
  private readonly decoded = new Int16Array(MAX_FRAME_SAMPLES);
  private readonly last = new Int16Array(MAX_FRAME_SAMPLES);
  private readonly concealed = new Int16Array(MAX_FRAME_SAMPLES);
  private lastLength = 160;
  private concealCount = 0;

  constructor(readonly name: 'PCMU' | 'PCMA') {}

  frameSamples(ptimeMs: number): number {
    return (ptimeMs * 8) | 0;
  }

  encode(pcm: Int16Array): Uint8Array {
    const out = this.encoded.subarray(0, Math.min(pcm.length, MAX_FRAME_SAMPLES));
    if (this.name === 'PCMU') encodeMulaw(pcm, out);
    else encodeAlaw(pcm, out);
    return out;
  }

  decode(payload: Uint8Array): Int16Array {
    const n = Math.min(payload.length, MAX_FRAME_SAMPLES);
    const out = this.decoded.subarray(0, n);
    if (this.name === 'PCMU') decodeMulaw(payload, out);
    else decodeAlaw(payload, out);
    this.last.set(out);
    this.lastLength = n;
    this.concealCount = 0;
    return out;
  }

  conceal(): Int16Array {
    const n = this.lastLength;
    const out = this.concealed.subarray(0, n);
    this.concealCount++;
    if (this.concealCount > MAX_CONCEALED_FRAMES) {
      out.fill(0);
      return out;
    }
    const start = CONCEAL_FADE ** (this.concealCount - 1);
    const end = CONCEAL_FADE ** this.concealCount;
    // Fade linearly across the frame so there is no step at frame edges.
    for (let i = 0; i < n; i++) out[i] = Math.round((this.last[i] ?? 0) * (start + ((end - start) * i) / n));
    return out;
  }

  close(): void {
    this.lastLength = 0;
  }
}
