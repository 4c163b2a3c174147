/**
 * The engine's view of a codec: decode a payload straight from the datagram into PCM at the
 * codec's internal rate, conceal a lost frame, encode a frame into a caller-owned buffer.
 * G.711 is table-driven (ITU-T G.711 segment tables); Opus uses `@discordjs/opus`.
 */
import { createRequire } from 'node:module';
import type { CodecSpec } from '../protocol/index.js';

/** A codec instance owned by one endpoint (Opus keeps state). */
export interface FrameCodec {
  /** Sample rate of the PCM side (8000 for G.711, 16000 for Opus in this engine). */
  readonly sampleRateHz: 8000 | 16000;
  /** RTP timestamp units per PCM sample. */
  readonly rtpUnitsPerSample: number;
  /** Key shared by endpoints whose encoded output is byte-identical for the same PCM. */
  readonly sharedEncodeKey: string;
  /** Decodes `payload[start, end)` into `out` at `outOffset`; returns samples written. */
  decode(payload: Uint8Array, start: number, end: number, out: Int16Array, outOffset: number): number;
  /** Writes `samples` of concealment for a lost frame (repeat-and-fade for G.711, PLC for Opus). */
  conceal(out: Int16Array, outOffset: number, samples: number): void;
  /** Encodes `pcm[0, samples)` into `out` at `outOffset`; returns bytes written. */
  encode(pcm: Int16Array, samples: number, out: Uint8Array, outOffset: number): number;
}

const MULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
const MULAW_ENCODE = new Uint8Array(65536);
const ALAW_ENCODE = new Uint8Array(65536);

// ITU-T G.711 µ-law expansion: 8 segments, bias 0x84 (132) on the 16-bit scale.
for (let code = 0; code < 256; code++) {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  MULAW_DECODE[code] = (u & 0x80) !== 0 ? 0x84 - t : t - 0x84;
}
// ITU-T G.711 A-law expansion: even bits inverted (0x55), 8 segments.
for (let code = 0; code < 256; code++) {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  ALAW_DECODE[code] = (a & 0x80) !== 0 ? t : -t;
}

function segmentOf(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= (ends[i] ?? 0)) return i;
  return ends.length;
}
const MULAW_SEG_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const ALAW_SEG_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
for (let i = 0; i < 65536; i++) {
  const pcm = (i << 16) >> 16;
  // µ-law compresses 14-bit magnitudes (G.711 table 2): shift, bias 33, clip at 8158.
  let mag = pcm >> 2;
  let mask = 0xff;
  if (mag < 0) {
    mag = -mag;
    mask = 0x7f;
  }
  mag = Math.min(mag, 8158) + 0x21;
  const seg = segmentOf(mag, MULAW_SEG_END);
  MULAW_ENCODE[i] = seg >= 8 ? 0x7f ^ mask : ((seg << 4) | ((mag >> (seg + 1)) & 0x0f)) ^ mask;
  // A-law compresses 13-bit magnitudes (G.711 table 1a).
  let a = pcm >> 3;
  let amask = 0xd5;
  if (a < 0) {
    amask = 0x55;
    a = -a - 1;
  }
  const aseg = segmentOf(a, ALAW_SEG_END);
  let aval = aseg >= 8 ? 0x7f : aseg << 4;
  if (aseg < 8) aval |= aseg < 2 ? (a >> 1) & 0x0f : (a >> aseg) & 0x0f;
  ALAW_ENCODE[i] = aval ^ amask;
}

class G711FrameCodec implements FrameCodec {
  readonly sampleRateHz = 8000 as const;
  readonly rtpUnitsPerSample = 1;
  private lastFrame = new Int16Array(160);
  private lastLength = 0;
  private fade = 1;

  constructor(
    private readonly decodeTable: Int16Array,
    private readonly encodeTable: Uint8Array,
    readonly sharedEncodeKey: string,
  ) {}

  decode(payload: Uint8Array, start: number, end: number, out: Int16Array, outOffset: number): number {
    const table = this.decodeTable;
    const n = end - start;
    for (let i = 0; i < n; i++) out[outOffset + i] = table[payload[start + i] ?? 0] ?? 0;
    if (n <= this.lastFrame.length) {
      this.lastFrame.set(out.subarray(outOffset, outOffset + n));
      this.lastLength = n;
    }
    this.fade = 1;
    return n;
  }

  conceal(out: Int16Array, outOffset: number, samples: number): void {
    // Repeat the last frame, fading out over ~3 lost frames (G.711 Appendix I in spirit).
    const source = this.lastFrame;
    const length = this.lastLength;
    for (let i = 0; i < samples; i++) {
      const value = length === 0 ? 0 : (source[i % length] ?? 0);
      out[outOffset + i] = Math.round(value * this.fade);
    }
    this.fade = Math.max(0, this.fade - 0.34);
  }

  encode(pcm: Int16Array, samples: number, out: Uint8Array, outOffset: number): number {
    const table = this.encodeTable;
    for (let i = 0; i < samples; i++) out[outOffset + i] = table[(pcm[i] ?? 0) & 0xffff] ?? 0;
    return samples;
  }
}

/** The subset of `@discordjs/opus` the engine uses. */
interface OpusBinding {
  encode(pcm: Buffer): Buffer;
  decode(data: Buffer): Buffer;
  applyEncoderCTL?(ctl: number, value: number): void;
}
type OpusModule = { OpusEncoder: new (rate: number, channels: number) => OpusBinding };

const requireCjs = createRequire(import.meta.url);
let opusModule: OpusModule | undefined;
function loadOpus(): OpusModule {
  opusModule ??= requireCjs('@discordjs/opus') as OpusModule;
  return opusModule;
}

/** OPUS_SET_COMPLEXITY_REQUEST (opus_defines.h). */
const OPUS_SET_COMPLEXITY = 4010;

class OpusFrameCodec implements FrameCodec {
  readonly sampleRateHz = 16000 as const;
  /** Opus RTP always runs a 48 kHz clock (RFC 7587 §4.1). */
  readonly rtpUnitsPerSample = 3;
  readonly sharedEncodeKey = 'opus/16000';
  private readonly coder: OpusBinding;
  private readonly pcmBytes = Buffer.alloc(320 * 2);
  private lastDecoded = new Int16Array(320);
  private fade = 1;

  constructor() {
    const { OpusEncoder } = loadOpus();
    this.coder = new OpusEncoder(16000, 1);
    this.coder.applyEncoderCTL?.(OPUS_SET_COMPLEXITY, 5);
  }

  decode(payload: Uint8Array, start: number, end: number, out: Int16Array, outOffset: number): number {
    const data = Buffer.from(payload.buffer, payload.byteOffset + start, end - start);
    let pcm: Buffer;
    try {
      pcm = this.coder.decode(data);
    } catch {
      return 0;
    }
    const samples = Math.min(pcm.length >> 1, out.length - outOffset);
    for (let i = 0; i < samples; i++) out[outOffset + i] = pcm.readInt16LE(i * 2);
    if (samples <= this.lastDecoded.length) this.lastDecoded.set(out.subarray(outOffset, outOffset + samples));
    this.fade = 1;
    return samples;
  }

  conceal(out: Int16Array, outOffset: number, samples: number): void {
    for (let i = 0; i < samples; i++) out[outOffset + i] = Math.round((this.lastDecoded[i % this.lastDecoded.length] ?? 0) * this.fade);
    this.fade = Math.max(0, this.fade - 0.34);
  }

  encode(pcm: Int16Array, samples: number, out: Uint8Array, outOffset: number): number {
    const bytes = this.pcmBytes;
    for (let i = 0; i < samples; i++) bytes.writeInt16LE(pcm[i] ?? 0, i * 2);
    const packet = this.coder.encode(samples * 2 === bytes.length ? bytes : bytes.subarray(0, samples * 2));
    out.set(packet, outOffset);
    return packet.length;
  }
}

/** Makes a fresh codec instance for a negotiated codec. */
export function createFrameCodec(spec: CodecSpec): FrameCodec {
  switch (spec.name) {
    case 'PCMU':
      return new G711FrameCodec(MULAW_DECODE, MULAW_ENCODE, 'PCMU');
    case 'PCMA':
      return new G711FrameCodec(ALAW_DECODE, ALAW_ENCODE, 'PCMA');
    case 'opus':
      return new OpusFrameCodec();
    default: {
      const unhandled: never = spec.name;
      return unhandled;
    }
  }
}

/** Largest encoded 20 ms frame the engine produces (G.711 at 8 kHz: 160; Opus: well below). */
export const MAX_FRAME_PAYLOAD_BYTES = 1275;
