import { closeSync, fstatSync, openSync, readSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RtpError, err, ok, type Result } from '../packet/rtp-error.js';
import { WAV_HEADER_BYTES } from '../player/wav-format.js';

/**
 * Fixes the RIFF and data chunk sizes of a WAV written by {@link WavRecorder} and left open by a
 * crash, so the audio that reached the disk is readable. Returns whether the header changed.
 * A trailing odd byte (half a sample) is ignored by the declared size.
 */
export function repairWav(path: string): Result<boolean, RtpError> {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const header = new Uint8Array(WAV_HEADER_BYTES);
    if (size < WAV_HEADER_BYTES || readSync(fd, header, 0, WAV_HEADER_BYTES, 0) !== WAV_HEADER_BYTES) {
      return err(new RtpError('bad-wav', `${path}: shorter than a WAV header`));
    }
    const view = new DataView(header.buffer);
    const isOurs =
      view.getUint32(0, false) === 0x52494646 && view.getUint32(8, false) === 0x57415645 && view.getUint32(36, false) === 0x64617461;
    if (!isOurs) return err(new RtpError('bad-wav', `${path}: not a canonical 44-byte-header WAV`));
    const dataBytes = (size - WAV_HEADER_BYTES) & ~1;
    if (view.getUint32(40, true) === dataBytes && view.getUint32(4, true) === 36 + dataBytes) return ok(false);
    view.setUint32(4, 36 + dataBytes, true);
    view.setUint32(40, dataBytes, true);
    writeSync(fd, header, 0, WAV_HEADER_BYTES, 0);
    return ok(true);
  } finally {
    closeSync(fd);
  }
}

/** Runs {@link repairWav} on every `.wav` in `dir` (at start-up); returns the paths repaired. */
export function repairRecordings(dir: string): string[] {
  const repaired: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.toLowerCase().endsWith('.wav')) continue;
    const path = join(dir, name);
    const result = repairWav(path);
    if (result.ok && result.value) repaired.push(path);
  }
  return repaired;
}
