/**
 * A participant as its room's mixer sees it: audio in at the room rate, audio out at the
 * room rate. {@link LocalMember} wraps an endpoint on the same worker; {@link RemoteMember}
 * wraps the rings of an endpoint that lives on another worker.
 */
import type { EngineEndpoint } from './engine-endpoint.js';
import { FrameRing } from './frame-ring.js';
import { FRAME_NONE, FRAME_PAYLOAD } from './playout-buffer.js';
import { RateConverter } from './rate-convert.js';

/** Per-participant state the mixer keeps (mute, deaf, gain, talk detection). */
export interface MemberState {
  isMuted: boolean;
  isDeaf: boolean;
  /** Linear gain (from gainDb). */
  gain: number;
  isTalking: boolean;
  /** Ticks left before a silent talker stops counting as talking (VAD hangover). */
  hangoverTicks: number;
  /** Mean-square energy of this tick's frame. */
  energy: number;
  hasAudio: boolean;
}

/** What the mixer needs from a participant. */
export interface RoomMember {
  readonly endpointId: string;
  readonly state: MemberState;
  /** Takes this tick's input (advancing its jitter buffer); false when there is none. */
  pull(roomRateHz: 8000 | 16000, nowMs: number): boolean;
  /** Mean-square energy of the pulled input (estimated from the payload where possible). */
  energy(): number;
  /** Writes the pulled input into `frame` at `roomRateHz` (only talkers are decoded). */
  decode(frame: Int16Array, roomRateHz: 8000 | 16000): void;
  /** Codec key for the shared listener encode at a room rate, or undefined when the member must get raw PCM. */
  sharedKey(roomRateHz: 8000 | 16000): string | undefined;
  /** Sends an already-encoded shared frame (`payload` is exactly the frame's bytes). */
  sendEncoded(payload: Uint8Array, nowMs: number): void;
  /** Sends PCM at the room rate (mix-minus, or anything needing a private encode). */
  sendPcm(pcm: Int16Array, roomRateHz: 8000 | 16000, nowMs: number): void;
  /** True if the member has its own playback to hear on top of the room. */
  hasOwnPlayback(): boolean;
  /** Codec rate preferred for the room rate decision. */
  readonly nativeRateHz: 8000 | 16000;
}

/** Mean-square energy of `samples` samples. */
export function frameEnergy(frame: Int16Array, samples: number): number {
  let energy = 0;
  for (let s = 0; s < samples; s++) {
    const v = frame[s] as number;
    energy += v * v;
  }
  return energy / samples;
}

/** Fresh mixer state from join options. */
export function memberState(options: { muted?: boolean; deaf?: boolean; gainDb?: number }): MemberState {
  return {
    isMuted: options.muted ?? false,
    isDeaf: options.deaf ?? false,
    gain: Math.pow(10, (options.gainDb ?? 0) / 20),
    isTalking: false,
    hangoverTicks: 0,
    energy: 0,
    hasAudio: false,
  };
}

/** An endpoint on the room's own worker. */
export class LocalMember implements RoomMember {
  private readonly native = new Int16Array(320);
  private readonly converted = new Int16Array(320);
  private readonly down = new RateConverter(320);
  private readonly up = new RateConverter(320);

  constructor(
    readonly endpoint: EngineEndpoint,
    readonly state: MemberState,
  ) {}

  get endpointId(): string {
    return this.endpoint.endpointId;
  }

  get nativeRateHz(): 8000 | 16000 {
    return this.endpoint.codec.sampleRateHz;
  }

  private kind = FRAME_NONE;

  pull(_roomRateHz: 8000 | 16000, nowMs: number): boolean {
    this.kind = this.endpoint.readInput(this.native, nowMs);
    return this.kind !== FRAME_NONE;
  }

  energy(): number {
    const endpoint = this.endpoint;
    if (this.kind === FRAME_PAYLOAD) {
      const playout = endpoint.playout;
      const estimate = playout.framePacket === undefined ? 0 : endpoint.codec.payloadEnergy(playout.framePacket, playout.frameStart, playout.frameEnd);
      if (estimate !== undefined) return estimate;
      endpoint.decodeTaken(this.native);
      this.kind = FRAME_PAYLOAD + 1;
    }
    return this.kind === FRAME_NONE ? 0 : frameEnergy(this.native, endpoint.codec.sampleRateHz / 50);
  }

  decode(frame: Int16Array, roomRateHz: 8000 | 16000): void {
    const rate = this.endpoint.codec.sampleRateHz;
    if (this.kind === FRAME_PAYLOAD) {
      if (rate === roomRateHz) {
        this.endpoint.decodeTaken(frame);
        return;
      }
      this.endpoint.decodeTaken(this.native);
    }
    if (rate === roomRateHz) frame.set(this.native.subarray(0, rate / 50));
    else if (rate === 16000) this.down.halve(this.native, 320, frame);
    else this.up.double(this.native, 160, frame);
  }

  sharedKey(roomRateHz: 8000 | 16000): string | undefined {
    return this.endpoint.codec.sampleRateHz === roomRateHz ? this.endpoint.codec.sharedEncodeKey : undefined;
  }

  sendEncoded(payload: Uint8Array, nowMs: number): void {
    this.endpoint.sendEncoded(payload, nowMs);
  }

  sendPcm(pcm: Int16Array, roomRateHz: 8000 | 16000, nowMs: number): void {
    const rate = this.endpoint.codec.sampleRateHz;
    let out = pcm;
    if (rate !== roomRateHz) {
      if (rate === 16000) this.up.double(pcm, 160, this.converted);
      else this.down.halve(pcm, 320, this.converted);
      out = this.converted;
    }
    if (this.endpoint.players.length > 0) {
      if (out !== this.converted) {
        this.converted.set(out.subarray(0, rate / 50));
        out = this.converted;
      }
      this.endpoint.readPlayback(out, rate / 50, true);
    }
    this.endpoint.sendPcm(out, nowMs);
  }

  hasOwnPlayback(): boolean {
    return this.endpoint.players.length > 0;
  }
}

/**
 * An endpoint on another worker: its decoded frames arrive on the uplink ring, its mix goes
 * back on the downlink ring (at the room rate; its own worker converts and encodes).
 */
export class RemoteMember implements RoomMember {
  readonly uplink: FrameRing;
  readonly downlink: FrameRing;
  private readonly scratch = new Int16Array(320);
  private readonly converter = new RateConverter(320);

  constructor(
    readonly endpointId: string,
    readonly state: MemberState,
    rings: { uplink: SharedArrayBuffer; downlink: SharedArrayBuffer },
    readonly nativeRateHz: 8000 | 16000,
  ) {
    this.uplink = new FrameRing(rings.uplink);
    this.downlink = new FrameRing(rings.downlink);
  }

  private readonly pulled = new Int16Array(320);
  private pulledSamples = 0;

  pull(roomRateHz: 8000 | 16000): boolean {
    const got = this.uplink.read(this.scratch);
    const samples = roomRateHz / 50;
    this.pulledSamples = samples;
    if (got === undefined) {
      this.pulled.fill(0, 0, samples);
      return false;
    }
    if (got.rateHz === roomRateHz) this.pulled.set(this.scratch.subarray(0, samples));
    else if (got.rateHz === 16000) this.converter.halve(this.scratch, 320, this.pulled);
    else this.converter.double(this.scratch, 160, this.pulled);
    return true;
  }

  energy(): number {
    return frameEnergy(this.pulled, this.pulledSamples);
  }

  decode(frame: Int16Array): void {
    frame.set(this.pulled.subarray(0, this.pulledSamples));
  }

  sharedKey(): string | undefined {
    return undefined;
  }

  sendEncoded(): void {
    // Never called: a remote member has no shared key.
  }

  sendPcm(pcm: Int16Array, roomRateHz: 8000 | 16000): void {
    this.downlink.write(pcm, roomRateHz / 50, roomRateHz);
  }

  hasOwnPlayback(): boolean {
    return false;
  }
}
