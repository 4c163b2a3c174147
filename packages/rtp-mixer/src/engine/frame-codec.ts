/**
 * The engine's view of a codec: decode a payload straight from the datagram into PCM at the
 * codec's internal rate, conceal a lost frame, encode a frame into a caller-owned buffer.
 * G.711 is table-driven (ITU-T G.711 segment tables); Opus uses `@discordjs/opus`.
 */
import { createRequire } from 'node:module';
import { ALAW_DECODE_TABLE, ALAW_ENCODE_TABLE, MULAW_DECODE_TABLE, MULAW_ENCODE_TABLE } from '../codec/index.js';
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
  /**
   * Mean-square energy of a payload estimated without decoding it (G.711: a table of squared
   * values over every other sample), or `undefined` when the codec cannot (Opus).
   */
  payloadEnergy(payload: Uint8Array, start: number, end: number): number | undefined;
  /** Notes a payload that was played without being decoded (it feeds concealment). */
  rememberPayload(payload: Uint8Array, start: number, end: number): void;
  /** PCM samples (at {@link sampleRateHz}) one payload decodes to, from its bytes or TOC. */
  payloadSamples(payload: Uint8Array, start: number, end: number): number;
}

/** Opus payloads this short are silence or DTX (RFC 6716 §2.1.9): not decoded for VAD. */
export const OPUS_SILENT_PAYLOAD_BYTES = 12;

/** Samples at `rateHz` of an Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(payload: Uint8Array, start: number, end: number, rateHz: number): number {
  if (end <= start) return 0;
  const toc = payload[start] as number;
  const config = toc >> 3;
  // Frame duration in units of 2.5 ms: SILK 10/20/40/60, hybrid 10/20, CELT 2.5/5/10/20.
  const units = config < 12 ? [4, 8, 16, 24][config & 3] : config < 16 ? [4, 8][config & 1] : [1, 2, 4, 8][config & 3];
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (end - start > 1 ? (payload[start + 1] as number) & 0x3f : 0) : 2;
  return ((units ?? 8) * frames * rateHz) / 400;
}

function squaredTable(decode: Int16Array): Float64Array {
  const table = new Float64Array(256);
  for (let code = 0; code < 256; code++) table[code] = (decode[code] as number) * (decode[code] as number);
  return table;
}

// Bit-exact ITU-T G.711 tables from the codec layer (checked there against an independent oracle).
const MULAW_DECODE = MULAW_DECODE_TABLE;
const ALAW_DECODE = ALAW_DECODE_TABLE;
const MULAW_ENCODE = MULAW_ENCODE_TABLE;
const ALAW_ENCODE = ALAW_ENCODE_TABLE;
const MULAW_SQUARES = squaredTable(MULAW_DECODE);
const ALAW_SQUARES = squaredTable(ALAW_DECODE);

class G711FrameCodec implements FrameCodec {
  readonly sampleRateHz = 8000 as const;
  private readonly squares: Float64Array;
  readonly rtpUnitsPerSample = 1;
  // The last payload, by reference (the datagram buffer is never reused): concealment
  // re-decodes it instead of copying every decoded frame.
  private lastPayload: Uint8Array | undefined;
  private lastStart = 0;
  private lastEnd = 0;
  private fade = 1;

  constructor(
    private readonly decodeTable: Int16Array,
    private readonly encodeTable: Uint8Array,
    readonly sharedEncodeKey: string,
  ) {
    this.squares = decodeTable === MULAW_DECODE ? MULAW_SQUARES : ALAW_SQUARES;
  }

  payloadEnergy(payload: Uint8Array, start: number, end: number): number {
    const squares = this.squares;
    // Four independent sums (every other sample each): the adds no longer wait on each other.
    // The squares are integers and the sums stay far below 2^53, so the order changes nothing.
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    let i = start;
    for (; i + 6 < end; i += 8) {
      e0 += squares[payload[i] as number] as number;
      e1 += squares[payload[i + 2] as number] as number;
      e2 += squares[payload[i + 4] as number] as number;
      e3 += squares[payload[i + 6] as number] as number;
    }
    for (; i < end; i += 2) e0 += squares[payload[i] as number] as number;
    return (e0 + e1 + e2 + e3) / ((end - start) >> 1 || 1);
  }

  payloadSamples(_payload: Uint8Array, start: number, end: number): number {
    return end - start;
  }

  rememberPayload(payload: Uint8Array, start: number, end: number): void {
    this.lastPayload = payload;
    this.lastStart = start;
    this.lastEnd = end;
    this.fade = 1;
  }

  decode(payload: Uint8Array, start: number, end: number, out: Int16Array, outOffset: number): number {
    const table = this.decodeTable;
    const n = end - start;
    for (let i = 0; i < n; i++) out[outOffset + i] = table[payload[start + i] as number] as number;
    this.lastPayload = payload;
    this.lastStart = start;
    this.lastEnd = end;
    this.fade = 1;
    return n;
  }

  conceal(out: Int16Array, outOffset: number, samples: number): void {
    // Repeat the last frame, fading out over ~3 lost frames (G.711 Appendix I in spirit).
    const source = this.lastPayload;
    const length = this.lastEnd - this.lastStart;
    const table = this.decodeTable;
    for (let i = 0; i < samples; i++) {
      const value = source === undefined || length <= 0 ? 0 : (table[source[this.lastStart + (i % length)] as number] as number);
      out[outOffset + i] = Math.round(value * this.fade);
    }
    this.fade = Math.max(0, this.fade - 0.34);
  }

  encode(pcm: Int16Array, samples: number, out: Uint8Array, outOffset: number): number {
    const table = this.encodeTable;
    for (let i = 0; i < samples; i++) out[outOffset + i] = table[(pcm[i] as number) & 0xffff] as number;
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

  /**
   * Silence/DTX packets count as zero energy without decoding: a room decodes only its
   * talkers. The decoder then skips those packets, which it treats like a short loss.
   */
  payloadEnergy(_payload: Uint8Array, start: number, end: number): number | undefined {
    return end - start <= OPUS_SILENT_PAYLOAD_BYTES ? 0 : undefined;
  }

  rememberPayload(): void {
    // Opus concealment comes from the decoder state.
  }

  payloadSamples(payload: Uint8Array, start: number, end: number): number {
    return opusPacketSamples(payload, start, end, this.sampleRateHz);
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
