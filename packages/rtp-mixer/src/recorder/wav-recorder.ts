import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { WAV_HEADER_BYTES, encodeWavHeader } from '../player/wav-format.js';

/** Options of {@link WavRecorder}. */
export interface WavRecorderOptions {
  readonly sampleRateHz: number;
  /** fsync after this many ms of audio (default 5000): bounds what a power cut can lose. */
  readonly syncEveryMs?: number;
}

/**
 * Writes a room mix to a 16-bit PCM mono WAV as it happens. The header is written first with a
 * zero data size and fixed on {@link close}; after a crash, {@link repairWav} fixes it. Writes are
 * synchronous and small (one frame), which suits a media worker that owns the file.
 */
export class WavRecorder {
  private fd: number | null;
  private dataBytes = 0;
  private unsyncedSamples = 0;
  private readonly syncEverySamples: number;

  constructor(
    readonly path: string,
    private readonly options: WavRecorderOptions,
  ) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, encodeWavHeader(options.sampleRateHz, 0));
    this.syncEverySamples = ((options.syncEveryMs ?? 5000) * options.sampleRateHz) / 1000;
  }

  /** Bytes of audio written so far. */
  get bytesWritten(): number {
    return this.dataBytes;
  }

  /** Appends one frame. */
  append(pcm: Int16Array): void {
    if (this.fd === null) throw new Error('recorder closed');
    // WAV is little-endian, like every platform Node supports.
    writeSync(this.fd, new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    this.dataBytes += pcm.byteLength;
    this.unsyncedSamples += pcm.length;
    if (this.unsyncedSamples >= this.syncEverySamples) {
      fsyncSync(this.fd);
      this.unsyncedSamples = 0;
    }
  }

  /** Writes the final sizes into the header and closes the file. Idempotent. */
  close(): void {
    if (this.fd === null) return;
    writeSync(this.fd, encodeWavHeader(this.options.sampleRateHz, this.dataBytes), 0, WAV_HEADER_BYTES, 0);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}
