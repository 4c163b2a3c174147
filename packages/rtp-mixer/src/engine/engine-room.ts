/**
 * One conference room's mix, run once per tick by its worker (ARCHITECTURE.md "The mix"):
 * pull one frame per participant, detect voice with hangover, pick the loudest N talkers,
 * sum them (with per-participant gain) plus the room's own playback, send each talker the
 * sum minus itself, and encode the shared listener mix once per codec.
 *
 * Internal rate: 16 kHz when every participant's codec is wideband (all Opus), else 8 kHz.
 */
import type { CodecSpec } from '../protocol/index.js';
import { createFrameCodec, MAX_FRAME_PAYLOAD_BYTES, type FrameCodec } from './frame-codec.js';
import type { PlaylistPlayer } from './playlist-player.js';
import type { RoomMember } from './room-member.js';

/** Mean-square energy above which a frame counts as speech (about −40 dBFS). */
export const VAD_ENERGY_THRESHOLD = 100_000;
/** Ticks a talker keeps talking after its energy drops (200 ms hangover). */
export const VAD_HANGOVER_TICKS = 10;

/** Where the room reports talk changes and consumes its recorder output. */
export interface RoomSink {
  talking(endpointId: string, roomId: string, isTalking: boolean): void;
  recordFrame?(roomId: string, pcm: Int16Array, samples: number, rateHz: number): void;
}

interface SharedEncode {
  readonly codec: FrameCodec;
  readonly payload: Buffer;
  /** `payload` cut to this tick's encoded length (G.711: always the same view). */
  view: Uint8Array;
  tick: number;
}

const SHARED_SPECS: Record<string, CodecSpec> = {
  PCMU: { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 },
  PCMA: { name: 'PCMA', payloadType: 8, clockRateHz: 8000, channels: 1 },
  'opus/16000': { name: 'opus', payloadType: 111, clockRateHz: 48000, channels: 2 },
};

export class EngineRoom {
  readonly members: RoomMember[] = [];
  /** Room-wide playlists (announcements), mixed into everyone's output. */
  readonly players: PlaylistPlayer[] = [];
  isRecording = false;
  rateHz: 8000 | 16000 = 8000;
  private frames: Int16Array[] = [];
  private readonly sum = new Int32Array(320);
  private readonly shared = new Int16Array(320);
  private readonly own = new Int16Array(320);
  private readonly playback = new Int16Array(320);
  private readonly encodes = new Map<string, SharedEncode>();
  private talkers: number[] = [];
  /** Per member: whether it is mixed this tick (one of the loudest talkers). */
  private isMixed: boolean[] = [];
  /** Per member: its shared listener encode at the current rate, if its codec allows one. */
  private sharedSlots: (SharedEncode | undefined)[] = [];
  private silenceSlots: (SharedEncode | undefined)[] = [];
  private tick = 0;

  constructor(
    readonly roomId: string,
    private readonly mixTalkers: number,
    private readonly sink: RoomSink,
  ) {}

  /** Adds a participant and re-evaluates the internal rate. */
  add(member: RoomMember): void {
    this.members.push(member);
    this.frames.push(new Int16Array(320));
    this.updateRate();
  }

  /** Removes a participant; returns it (undefined if absent). */
  remove(endpointId: string): RoomMember | undefined {
    const index = this.members.findIndex((m) => m.endpointId === endpointId);
    if (index < 0) return undefined;
    const [member] = this.members.splice(index, 1);
    this.frames.splice(index, 1);
    if (member?.state.isTalking === true) this.sink.talking(member.endpointId, this.roomId, false);
    this.updateRate();
    return member;
  }

  private updateRate(): void {
    this.rateHz = this.members.length > 0 && this.members.every((m) => m.nativeRateHz === 16000) ? 16000 : 8000;
    this.isMixed = this.members.map(() => false);
    this.sharedSlots = this.members.map((m) => this.slotFor(m.sharedKey(this.rateHz), false));
    this.silenceSlots = this.members.map((m) => this.slotFor(m.sharedKey(this.rateHz), true));
  }

  private slotFor(key: string | undefined, isSilence: boolean): SharedEncode | undefined {
    if (key === undefined) return undefined;
    const spec = SHARED_SPECS[key];
    if (spec === undefined) return undefined;
    const cacheKey = isSilence ? `${key}#silence` : key;
    let encode = this.encodes.get(cacheKey);
    if (encode === undefined) {
      const payload = Buffer.alloc(MAX_FRAME_PAYLOAD_BYTES);
      encode = { codec: createFrameCodec(spec), payload, view: payload.subarray(0, 0), tick: -1 };
      this.encodes.set(cacheKey, encode);
    }
    return encode;
  }

  /** Runs one 20 ms mix. */
  mix(nowMs: number): void {
    this.tick++;
    const rate = this.rateHz;
    const samples = rate / 50;
    const members = this.members;
    const count = members.length;
    const talkers = this.talkers;
    talkers.length = 0;
    const isMixed = this.isMixed;
    // 1. Inputs and voice activity (every member is read, so jitter buffers and DTMF keep running).
    for (let i = 0; i < count; i++) {
      const member = members[i] as RoomMember;
      const state = member.state;
      state.hasAudio = member.pull(rate, nowMs);
      const energy = state.hasAudio && !state.isMuted ? member.energy() : 0;
      state.energy = energy;
      let isTalking = state.isTalking;
      if (!state.isMuted && energy > VAD_ENERGY_THRESHOLD) {
        isTalking = true;
        state.hangoverTicks = VAD_HANGOVER_TICKS;
      } else if (state.hangoverTicks > 0 && !state.isMuted) {
        state.hangoverTicks--;
      } else {
        isTalking = false;
      }
      if (isTalking !== state.isTalking) {
        state.isTalking = isTalking;
        this.sink.talking(member.endpointId, this.roomId, isTalking);
      }
      if (isTalking && state.hasAudio) this.insertTalker(i);
    }
    // 2. The sum of the loudest N talkers (the only inputs decoded), plus room playback.
    const sum = this.sum;
    sum.fill(0, 0, samples);
    for (let t = 0; t < talkers.length; t++) {
      const index = talkers[t] as number;
      isMixed[index] = true;
      const frame = this.frames[index] as Int16Array;
      (members[index] as RoomMember).decode(frame, rate);
      const gain = (members[index] as RoomMember).state.gain;
      if (gain === 1) for (let s = 0; s < samples; s++) sum[s] = (sum[s] as number) + (frame[s] as number);
      else for (let s = 0; s < samples; s++) sum[s] = (sum[s] as number) + Math.round((frame[s] as number) * gain);
    }
    let hasPlayback = false;
    while (this.players.length > 0) {
      const player = this.players[0] as PlaylistPlayer;
      if (player.read(this.playback, samples, rate, false)) {
        hasPlayback = true;
        break;
      }
      this.players.shift();
    }
    if (hasPlayback) for (let s = 0; s < samples; s++) sum[s] = (sum[s] as number) + (this.playback[s] as number);
    const shared = this.shared;
    for (let s = 0; s < samples; s++) {
      const v = sum[s] as number;
      shared[s] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    if (this.isRecording) this.sink.recordFrame?.(this.roomId, shared, samples, rate);
    // 3. Outputs: mix-minus for talkers, the shared encode for everyone else.
    for (let i = 0; i < count; i++) {
      const member = members[i] as RoomMember;
      const state = member.state;
      if (state.isDeaf) {
        this.sendShared(member, this.silenceSlots[i], this.silence(samples), samples, nowMs);
        continue;
      }
      if (isMixed[i] === true) {
        isMixed[i] = false;
        const frame = this.frames[i] as Int16Array;
        const gain = state.gain;
        const own = this.own;
        for (let s = 0; s < samples; s++) {
          const v = (sum[s] as number) - (gain === 1 ? (frame[s] as number) : Math.round((frame[s] as number) * gain));
          own[s] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
        }
        member.sendPcm(own, rate, nowMs);
      } else {
        this.sendShared(member, this.sharedSlots[i], shared, samples, nowMs);
      }
    }
  }

  private readonly zero = new Int16Array(320);
  private silence(samples: number): Int16Array {
    return this.zero.subarray(0, samples);
  }

  private sendShared(member: RoomMember, encode: SharedEncode | undefined, pcm: Int16Array, samples: number, nowMs: number): void {
    if (encode === undefined || member.hasOwnPlayback()) {
      member.sendPcm(pcm, this.rateHz, nowMs);
      return;
    }
    if (encode.tick !== this.tick) {
      const length = encode.codec.encode(pcm, samples, encode.payload, 0);
      if (length !== encode.view.length) encode.view = encode.payload.subarray(0, length);
      encode.tick = this.tick;
    }
    member.sendEncoded(encode.view, nowMs);
  }

  /** Keeps `talkers` as the indices of the loudest `mixTalkers` members, loudest first. */
  private insertTalker(index: number): void {
    const talkers = this.talkers;
    const energy = (this.members[index] as RoomMember).state.energy;
    let at = talkers.length;
    while (at > 0 && (this.members[talkers[at - 1] as number] as RoomMember).state.energy < energy) at--;
    if (at >= this.mixTalkers) return;
    talkers.splice(at, 0, index);
    if (talkers.length > this.mixTalkers) talkers.length = this.mixTalkers;
  }
}
