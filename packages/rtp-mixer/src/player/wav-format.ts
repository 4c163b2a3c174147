import { RtpError, err, ok, type Result } from '../packet/rtp-error.js';

/** Bytes of the canonical RIFF/WAVE header written by {@link encodeWavHeader}. */
export const WAV_HEADER_BYTES = 44;

/** A parsed 16-bit PCM mono WAV. `samples` views the input bytes when aligned, else is a copy. */
export interface WavAudio {
  readonly sampleRateHz: number;
  readonly samples: Int16Array;
}

/**
 * Canonical 44-byte header of a 16-bit PCM mono WAV with `dataBytes` of samples
 * (RIFF chunk size = 36 + dataBytes; "fmt " chunk of 16 bytes, format 1).
 */
export function encodeWavHeader(sampleRateHz: number, dataBytes: number): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set([0x52, 0x49, 0x46, 0x46], 0); // "RIFF"
  view.setUint32(4, 36 + dataBytes, true);
  header.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8); // "WAVEfmt "
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  header.set([0x64, 0x61, 0x74, 0x61], 36); // "data"
  view.setUint32(40, dataBytes, true);
  return header;
}

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

/**
 * Reads a RIFF/WAVE file of 16-bit PCM mono. Walks the chunks (skipping LIST and others);
 * a data chunk whose declared size runs past the end is clipped to the bytes present.
 */
export function parseWav(bytes: Uint8Array): Result<WavAudio, RtpError> {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') {
    return err(new RtpError('bad-wav', 'not a RIFF/WAVE file'));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let sampleRateHz = 0;
  while (at + 8 <= bytes.length) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return err(new RtpError('bad-wav', 'short fmt chunk'));
      const format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const bits = view.getUint16(body + 14, true);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        return err(new RtpError('unsupported-format', `format ${format}, ${channels} channels, ${bits} bits`));
      }
      sampleRateHz = view.getUint32(body + 4, true);
    } else if (id === 'data') {
      if (sampleRateHz === 0) return err(new RtpError('bad-wav', 'data before fmt'));
      const length = Math.min(size, bytes.length - body) & ~1;
      const start = bytes.byteOffset + body;
      const samples =
        start % 2 === 0
          ? new Int16Array(bytes.buffer, start, length / 2)
          : new Int16Array(bytes.slice(body, body + length).buffer);
      return ok({ sampleRateHz, samples });
    }
    at = body + size + (size & 1);
  }
  return err(new RtpError('bad-wav', 'no data chunk'));
}
