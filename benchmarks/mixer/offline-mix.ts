/**
 * `--no-network`: the engine's room mix alone, in-process, no sockets and no clock. Each
 * member decodes a real encoded frame per tick (talkers a tone, the others silence), the room
 * runs VAD, loudest-N, mix-minus and the shared encode, and outputs are encoded into a packet
 * buffer exactly as the engine does before `send`.
 */
import { createFrameCodec, EngineRoom, memberState, type CodecSpec, type FrameCodec, type MemberState, type RoomMember } from '@pinbridge/rtp-mixer';

/** Codec spec of a benchmark codec name. */
export function specOf(codec: 'pcmu' | 'pcma' | 'opus'): CodecSpec {
  switch (codec) {
    case 'pcmu':
      return { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 };
    case 'pcma':
      return { name: 'PCMA', payloadType: 8, clockRateHz: 8000, channels: 1 };
    case 'opus':
      return { name: 'opus', payloadType: 111, clockRateHz: 48000, channels: 2 };
    default: {
      const unhandled: never = codec;
      return unhandled;
    }
  }
}

class OfflineMember implements RoomMember {
  readonly state: MemberState = memberState({});
  private readonly codec: FrameCodec;
  private readonly frames: Uint8Array[] = [];
  private readonly lengths: number[] = [];
  private tick = 0;
  private readonly packet = Buffer.alloc(1600);
  readonly nativeRateHz: 8000 | 16000;

  constructor(
    readonly endpointId: string,
    spec: CodecSpec,
    toneHz: number,
  ) {
    this.codec = createFrameCodec(spec);
    this.nativeRateHz = this.codec.sampleRateHz;
    const encoder = createFrameCodec(spec);
    const rate = encoder.sampleRateHz;
    const samples = rate / 50;
    const pcm = new Int16Array(samples);
    for (let f = 0; f < 50; f++) {
      for (let i = 0; i < samples; i++) pcm[i] = toneHz === 0 ? 0 : Math.round(5000 * Math.sin((2 * Math.PI * toneHz * (f * samples + i)) / rate));
      const out = new Uint8Array(1500);
      this.lengths.push(encoder.encode(pcm, samples, out, 0));
      this.frames.push(out);
    }
  }

  private current = 0;
  private readonly pcm = new Int16Array(320);
  private isDecoded = false;

  // Same three phases as the engine's LocalMember: take the payload, estimate its energy
  // without decoding (G.711) and decode only the talkers that get mixed.
  pull(): boolean {
    this.current = this.tick++ % this.frames.length;
    this.codec.rememberPayload(this.frames[this.current] as Uint8Array, 0, this.lengths[this.current] as number);
    this.isDecoded = false;
    return true;
  }

  energy(): number {
    const payload = this.frames[this.current] as Uint8Array;
    const length = this.lengths[this.current] as number;
    const estimate = this.codec.payloadEnergy(payload, 0, length);
    if (estimate !== undefined) return estimate;
    const samples = this.codec.decode(payload, 0, length, this.pcm, 0);
    this.isDecoded = true;
    let energy = 0;
    for (let i = 0; i < samples; i++) energy += (this.pcm[i] as number) * (this.pcm[i] as number);
    return energy / Math.max(1, samples);
  }

  decode(frame: Int16Array, roomRateHz: 8000 | 16000): void {
    if (this.isDecoded) frame.set(this.pcm.subarray(0, roomRateHz / 50));
    else this.codec.decode(this.frames[this.current] as Uint8Array, 0, this.lengths[this.current] as number, frame, 0);
  }

  sharedKey(roomRateHz: 8000 | 16000): string | undefined {
    return this.codec.sampleRateHz === roomRateHz ? this.codec.sharedEncodeKey : undefined;
  }

  sendEncoded(payload: Buffer, length: number): void {
    payload.copy(this.packet, 12, 0, length);
  }

  sendPcm(pcm: Int16Array): void {
    this.codec.encode(pcm, this.codec.sampleRateHz / 50, this.packet, 12);
  }

  hasOwnPlayback(): boolean {
    return false;
  }
}

/** Result of one offline run. */
export interface OfflineResult {
  readonly participants: number;
  readonly ticks: number;
  readonly cpuUsPerParticipantTick: number;
  readonly tickCostP50Ms: number;
  readonly tickCostP99Ms: number;
}

/** Mixes `rooms × size` participants for `ticks` ticks as fast as possible. */
export function runOffline(options: { rooms: number; size: number; talkers: number; codec: 'pcmu' | 'pcma' | 'opus' | 'mixed'; ticks: number }): OfflineResult {
  const sink = { talking: (): void => undefined };
  const rooms: EngineRoom[] = [];
  for (let r = 0; r < options.rooms; r++) {
    const room = new EngineRoom(`room-${r}`, 3, sink);
    for (let m = 0; m < options.size; m++) {
      const codec = options.codec === 'mixed' ? (m % 2 === 0 ? 'pcmu' : 'opus') : options.codec;
      room.add(new OfflineMember(`r${r}m${m}`, specOf(codec), m < options.talkers ? 300 + 110 * m : 0));
    }
    rooms.push(room);
  }
  const participants = options.rooms * options.size;
  // Warm-up (JIT), then measure.
  for (let i = 0; i < 50; i++) for (const room of rooms) room.mix(i * 20);
  const costs: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < options.ticks; i++) {
    const started = performance.now();
    for (const room of rooms) room.mix(i * 20);
    costs.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpu0);
  costs.sort((a, b) => a - b);
  return {
    participants,
    ticks: options.ticks,
    cpuUsPerParticipantTick: (cpu.user + cpu.system) / (options.ticks * participants),
    tickCostP50Ms: costs[Math.floor(costs.length * 0.5)] ?? 0,
    tickCostP99Ms: costs[Math.floor(costs.length * 0.99)] ?? 0,
  };
}
