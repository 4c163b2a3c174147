import { createRequire } from 'node:module';
import type { AudioCodec } from './audio-codec.js';

/** Which Opus implementation backs an {@link OpusCodec}. */
export type OpusBackend = 'native' | 'wasm';

/** Options of {@link OpusCodec}. */
export interface OpusCodecOptions {
  /** PCM rate in and out (8000, 12000, 16000, 24000 or 48000; default 48000). RTP clock stays 48000 (RFC 7587 §4.1). */
  readonly sampleRateHz?: number;
  /** `native` = @discordjs/opus (default), `wasm` = opusscript. */
  readonly backend?: OpusBackend;
  /** Target bitrate in bit/s (default 32000). */
  readonly bitrate?: number;
  /** Encoder complexity 0..10 (default 5). */
  readonly complexity?: number;
  /** Frame duration used for concealment sizing (default 20 ms). */
  readonly ptimeMs?: number;
}

/** OPUS_SET_COMPLEXITY_REQUEST from opus_defines.h. */
const OPUS_SET_COMPLEXITY = 4010;

interface OpusBinding {
  encode(pcm: Buffer): Buffer;
  decode(payload: Buffer): Buffer;
  close(): void;
}

interface DiscordOpus {
  OpusEncoder: new (rate: number, channels: number) => {
    encode(pcm: Buffer): Buffer;
    decode(payload: Buffer): Buffer;
    setBitrate(bps: number): void;
    applyEncoderCTL(ctl: number, value: number): void;
  };
}
interface OpusScriptModule {
  new (rate: number, channels: number, application: number): {
    encode(pcm: Buffer, frameSize: number): Buffer;
    decode(payload: Buffer): Buffer;
    setBitrate(bps: number): void;
    encoderCTL(ctl: number, value: number): void;
    delete(): void;
  };
  Application: { VOIP: number };
}

// Both packages are CommonJS; load them lazily so G.711-only workers never pay for Opus.
const require = createRequire(import.meta.url);

function openBinding(backend: OpusBackend, rate: number, bitrate: number, complexity: number, frame: number): OpusBinding {
  if (backend === 'native') {
    const { OpusEncoder } = require('@discordjs/opus') as DiscordOpus;
    const codec = new OpusEncoder(rate, 1);
    codec.setBitrate(bitrate);
    codec.applyEncoderCTL(OPUS_SET_COMPLEXITY, complexity);
    return { encode: (pcm) => codec.encode(pcm), decode: (p) => codec.decode(p), close: () => undefined };
  }
  const OpusScript = require('opusscript') as OpusScriptModule;
  const codec = new OpusScript(rate, 1, OpusScript.Application.VOIP);
  codec.setBitrate(bitrate);
  codec.encoderCTL(OPUS_SET_COMPLEXITY, complexity);
  return { encode: (pcm) => codec.encode(pcm, frame), decode: (p) => codec.decode(p), close: () => codec.delete() };
}

/**
 * Opus (RFC 6716, RTP per RFC 7587) mono behind {@link AudioCodec}. Loss concealment asks the
 * decoder for PLC by decoding an empty packet (libopus `data == NULL`); the binding returns up to
 * 120 ms of concealment, of which one frame is used.
 */
export class OpusCodec implements AudioCodec {
  readonly name = 'opus' as const;
  readonly clockRateHz = 48000;
  readonly sampleRateHz: number;
  readonly backend: OpusBackend;
  private readonly binding: OpusBinding;
  private readonly frame: number;
  private readonly empty = Buffer.alloc(0);

  constructor(options: OpusCodecOptions = {}) {
    this.sampleRateHz = options.sampleRateHz ?? 48000;
    this.backend = options.backend ?? 'native';
    this.frame = this.frameSamples(options.ptimeMs ?? 20);
    this.binding = openBinding(this.backend, this.sampleRateHz, options.bitrate ?? 32000, options.complexity ?? 5, this.frame);
  }

  frameSamples(ptimeMs: number): number {
    return ((ptimeMs * this.sampleRateHz) / 1000) | 0;
  }

  encode(pcm: Int16Array): Uint8Array {
    return this.binding.encode(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }

  decode(payload: Uint8Array): Int16Array {
    const out = this.binding.decode(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
    return new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1);
  }

  conceal(): Int16Array {
    let out: Buffer;
    try {
      out = this.binding.decode(this.empty);
    } catch {
      // A backend without PLC: silence is the safe concealment.
      return new Int16Array(this.frame);
    }
    const pcm = new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1);
    return pcm.subarray(0, this.frame);
  }

  close(): void {
    this.binding.close();
  }
}
