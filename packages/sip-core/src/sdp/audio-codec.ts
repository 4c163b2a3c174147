/** Audio codecs pinbridge speaks. */
export type AudioCodecName = 'PCMU' | 'PCMA' | 'opus';

/** A codec as negotiated: its name, payload type, clock rate and channels. */
export interface NegotiatedCodec {
  readonly name: AudioCodecName;
  readonly payloadType: number;
  readonly clockRateHz: number;
  readonly channels: number;
}

/** Static payload types of RFC 3551 §6 Table 4 that we understand without an rtpmap. */
export const STATIC_AUDIO_PAYLOADS: ReadonlyMap<number, { readonly name: string; readonly rate: number; readonly channels: number }> = new Map([
  [0, { name: 'PCMU', rate: 8000, channels: 1 }],
  [8, { name: 'PCMA', rate: 8000, channels: 1 }],
]);

/** Canonical clock rate and channels of each codec (RFC 3551; RFC 7587 §4.1 for opus: always 48000/2). */
export const CODEC_FORMATS: Readonly<Record<AudioCodecName, { readonly rate: number; readonly channels: number; readonly defaultPt: number }>> = {
  PCMU: { rate: 8000, channels: 1, defaultPt: 0 },
  PCMA: { rate: 8000, channels: 1, defaultPt: 8 },
  opus: { rate: 48000, channels: 2, defaultPt: 111 },
};

/** Matches an rtpmap encoding name to one of ours (case-insensitive, RFC 4855 §3). */
export function codecByName(name: string): AudioCodecName | undefined {
  switch (name.toLowerCase()) {
    case 'pcmu':
      return 'PCMU';
    case 'pcma':
      return 'PCMA';
    case 'opus':
      return 'opus';
    default:
      return undefined;
  }
}
