/**
 * Appends a room's mix to a 16-bit mono PCM WAV file, batching about a second of audio per
 * write, and fixes the RIFF/data sizes on close (until the `recorder/` package's repairing
 * writer is wired in).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const HEADER_BYTES = 44;

function header(rateHz: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rateHz, 24);
  h.writeUInt32LE(rateHz * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export class WavFileWriter {
  private readonly fd: number;
  private readonly pending = Buffer.alloc(16000 * 2);
  private pendingBytes = 0;
  private dataBytes = 0;
  private rateHz: number | undefined;

  constructor(readonly filePath: string) {
    this.fd = openSync(filePath, 'w');
    writeSync(this.fd, header(8000, 0), 0, HEADER_BYTES, 0);
  }

  /** Appends a frame; the file's rate is the first frame's rate (later frames are converted by halving/doubling). */
  append(pcm: Int16Array, samples: number, rateHz: number): void {
    this.rateHz ??= rateHz;
    const step = rateHz / this.rateHz;
    const count = Math.floor(samples / step);
    if (this.pendingBytes + count * 2 > this.pending.length) this.flush();
    for (let i = 0; i < count; i++) {
      this.pending.writeInt16LE(pcm[Math.floor(i * step)] ?? 0, this.pendingBytes);
      this.pendingBytes += 2;
    }
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    writeSync(this.fd, this.pending, 0, this.pendingBytes, HEADER_BYTES + this.dataBytes);
    this.dataBytes += this.pendingBytes;
    this.pendingBytes = 0;
  }

  /** Flushes and writes the final header sizes. */
  close(): void {
    this.flush();
    writeSync(this.fd, header(this.rateHz ?? 8000, this.dataBytes), 0, HEADER_BYTES, 0);
    closeSync(this.fd);
  }
}
