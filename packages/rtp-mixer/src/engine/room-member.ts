/**
 * A participant as its room's mixer sees it: audio in at the room rate, audio out at the
 * room rate. {@link LocalMember} wraps an endpoint on the same worker; {@link RemoteMember}
 * wraps the rings of an endpoint that lives on another worker.
 */
import type { EngineEndpoint } from './engine-endpoint.js';
import { FrameRing } from './frame-ring.js';
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
  /** Fills `frame` with this tick's input at `roomRateHz`; false when there is none. */
  input(frame: Int16Array, roomRateHz: 8000 | 16000, nowMs: number): boolean;
  /** Codec key for the shared listener encode, or undefined when the member must get raw PCM. */
  sharedKey(roomRateHz: 8000 | 16000): string | undefined;
  /** Sends an already-encoded shared frame. */
  sendEncoded(payload: Buffer, length: number, nowMs: number): void;
  /** Sends PCM at the room rate (mix-minus, or anything needing a private encode). */
  sendPcm(pcm: Int16Array, roomRateHz: 8000 | 16000, nowMs: number): void;
  /** True if the member has its own playback to hear on top of the room. */
  hasOwnPlayback(): boolean;
  /** Codec rate preferred for the room rate decision. */
  readonly nativeRateHz: 8000 | 16000;
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

  input(frame: Int16Array, roomRateHz: 8000 | 16000, nowMs: number): boolean {
    const rate = this.endpoint.codec.sampleRateHz;
    if (rate === roomRateHz) return this.endpoint.readFrame(frame, nowMs);
    const hasAudio = this.endpoint.readFrame(this.native, nowMs);
    if (rate === 16000) this.down.halve(this.native, 320, frame);
    else this.up.double(this.native, 160, frame);
    return hasAudio;
  }

  sharedKey(roomRateHz: 8000 | 16000): string | undefined {
    return this.endpoint.codec.sampleRateHz === roomRateHz && this.endpoint.players.length === 0 ? this.endpoint.codec.sharedEncodeKey : undefined;
  }

  sendEncoded(payload: Buffer, length: number, nowMs: number): void {
    this.endpoint.sendEncoded(payload, length, nowMs);
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

  input(frame: Int16Array, roomRateHz: 8000 | 16000): boolean {
    const got = this.uplink.read(this.scratch);
    const samples = roomRateHz / 50;
    if (got === undefined) {
      frame.fill(0, 0, samples);
      return false;
    }
    if (got.rateHz === roomRateHz) frame.set(this.scratch.subarray(0, samples));
    else if (got.rateHz === 16000) this.converter.halve(this.scratch, 320, frame);
    else this.converter.double(this.scratch, 160, frame);
    return true;
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
