/** Codec names as they appear in SDP rtpmap (RFC 3551 §6, RFC 7587). */
export type AudioCodecName = 'PCMU' | 'PCMA' | 'opus';

/**
 * One direction-agnostic codec instance (one per endpoint: Opus keeps state). Returned arrays
 * are views on buffers the codec reuses: they are valid until the next call on the same
 * instance, so the hot path allocates nothing. Copy them to keep them.
 */
export interface AudioCodec {
  readonly name: AudioCodecName;
  /** RTP clock rate (RFC 3551 / RFC 7587: 8000 for G.711, 48000 for Opus). */
  readonly clockRateHz: number;
  /** Rate of the PCM given to encode and returned by decode. */
  readonly sampleRateHz: number;
  /** PCM samples in one frame of `ptimeMs`. */
  frameSamples(ptimeMs: number): number;
  /** Encodes one frame of PCM at {@link sampleRateHz}. */
  encode(pcm: Int16Array): Uint8Array;
  /** Decodes one payload to PCM at {@link sampleRateHz}. */
  decode(payload: Uint8Array): Int16Array;
  /** One frame standing in for a lost packet (G.711: last frame repeated with a fade; Opus: PLC). */
  conceal(): Int16Array;
  /** Frees native resources; the instance is unusable afterwards. */
  close(): void;
}
