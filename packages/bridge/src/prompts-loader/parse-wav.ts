/**
 * A strict reader for the prompt files: RIFF/WAVE, PCM (format 1, or WAVE_FORMAT_EXTENSIBLE
 * with the PCM sub-format), mono, 16-bit little-endian, 8-48 kHz. Anything else is refused
 * with a reason rather than played as noise.
 *
 * ```
 * "RIFF" size:u32 "WAVE" { id:4cc size:u32 body[size] pad-to-even }*
 * fmt  body: format:u16 channels:u16 rate:u32 byteRate:u32 blockAlign:u16 bits:u16 ...
 * data body: samples
 * ```
 */
import { err, ok, type Result } from '../config/bridge-error.js';

/** Decoded PCM of one prompt. */
export interface PromptAudio {
  readonly pcm: Int16Array;
  readonly sampleRateHz: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Parses a WAV file's bytes; the error string says what is wrong. */
export function parseWav(bytes: Uint8Array): Result<PromptAudio, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return err('not a RIFF/WAVE file');
  let format: { sampleRateHz: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (body + size > bytes.length) return err(`chunk "${id}" runs past the end of the file`);
    if (id === 'fmt ') {
      if (size < 16) return err('fmt chunk too short');
      const audioFormat = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRateHz = view.getUint32(body + 4, true);
      const bits = view.getUint16(body + 14, true);
      const isPcm = audioFormat === WAVE_FORMAT_PCM || (audioFormat === WAVE_FORMAT_EXTENSIBLE && size >= 26 && view.getUint16(body + 24, true) === WAVE_FORMAT_PCM);
      if (!isPcm) return err(`audio format ${audioFormat} is not PCM`);
      if (channels !== 1) return err(`${channels} channels; prompts must be mono`);
      if (bits !== 16) return err(`${bits}-bit samples; prompts must be 16-bit`);
      if (sampleRateHz < 8000 || sampleRateHz > 48000) return err(`sample rate ${sampleRateHz} Hz is outside 8000-48000`);
      format = { sampleRateHz };
    } else if (id === 'data') {
      if (format === undefined) return err('data chunk before fmt chunk');
      if (size % 2 !== 0) return err('odd number of data bytes for 16-bit samples');
      const pcm = new Int16Array(size / 2);
      for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(body + i * 2, true);
      return ok({ pcm, sampleRateHz: format.sampleRateHz });
    }
    offset = body + size + (size % 2);
  }
  return err(format === undefined ? 'no fmt chunk' : 'no data chunk');
}
