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
  /**
   * One second of encoded frames packed back to back in one buffer, as a phone's packets sit in
   * recently received datagrams: 50 separate 1500-byte buffers per member would make the mix
   * read its input from a working set of 75 MB at 1000 participants (DRAM misses the engine
   * never sees: its packets arrived a tick or two ago and are still in cache).
   */
  private readonly frames: Uint8Array;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
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
    const packed = new Uint8Array(50 * 1500);
    let offset = 0;
    for (let f = 0; f < 50; f++) {
      for (let i = 0; i < samples; i++) pcm[i] = toneHz === 0 ? 0 : Math.round(5000 * Math.sin((2 * Math.PI * toneHz * (f * samples + i)) / rate));
      const length = encoder.encode(pcm, samples, packed, offset);
      this.starts.push(offset);
      this.ends.push(offset + length);
      offset += length;
    }
    this.frames = packed.slice(0, offset);
  }

  private start = 0;
  private end = 0;
  private readonly pcm = new Int16Array(320);
  private isDecoded = false;

  // Same three phases as the engine's LocalMember: take the payload, estimate its energy
  // without decoding (G.711) and decode only the talkers that get mixed.
  pull(): boolean {
    const current = this.tick++ % this.starts.length;
    this.start = this.starts[current] as number;
    this.end = this.ends[current] as number;
    this.codec.rememberPayload(this.frames, this.start, this.end);
    this.isDecoded = false;
    return true;
  }

  energy(): number {
    const estimate = this.codec.payloadEnergy(this.frames, this.start, this.end);
    if (estimate !== undefined) return estimate;
    const samples = this.codec.decode(this.frames, this.start, this.end, this.pcm, 0);
    this.isDecoded = true;
    let energy = 0;
    for (let i = 0; i < samples; i++) energy += (this.pcm[i] as number) * (this.pcm[i] as number);
    return energy / Math.max(1, samples);
  }

  decode(frame: Int16Array, roomRateHz: 8000 | 16000): void {
    if (this.isDecoded) frame.set(this.pcm.subarray(0, roomRateHz / 50));
    else this.codec.decode(this.frames, this.start, this.end, frame, 0);
  }

  sharedKey(roomRateHz: 8000 | 16000): string | undefined {
    return this.codec.sampleRateHz === roomRateHz ? this.codec.sharedEncodeKey : undefined;
  }

  sendEncoded(payload: Uint8Array): void {
    this.packet.set(payload, 12);
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

/**
 * Mixes `rooms × size` participants for at least `ticks` ticks (and at least `minMeasureMs` of
 * mixing, so small loads are not measured over a few milliseconds of CPU) as fast as possible.
 */
export function runOffline(options: {
  rooms: number;
  size: number;
  talkers: number;
  codec: 'pcmu' | 'pcma' | 'opus' | 'mixed';
  ticks: number;
  minMeasureMs?: number;
}): OfflineResult {
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
  const minMeasureMs = options.minMeasureMs ?? 0;
  // Warm-up (JIT): 50 ticks, and a quarter of the measuring time for small loads.
  const warmUntil = performance.now() + minMeasureMs / 4;
  let tick = 0;
  for (; tick < 50 || performance.now() < warmUntil; tick++) for (const room of rooms) room.mix(tick * 20);
  const costs: number[] = [];
  const cpu0 = process.cpuUsage();
  const measureUntil = performance.now() + minMeasureMs;
  for (let i = 0; i < options.ticks || performance.now() < measureUntil; i++, tick++) {
    const started = performance.now();
    for (const room of rooms) room.mix(tick * 20);
    costs.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpu0);
  costs.sort((a, b) => a - b);
  return {
    participants,
    ticks: costs.length,
    cpuUsPerParticipantTick: (cpu.user + cpu.system) / (costs.length * participants),
    tickCostP50Ms: costs[Math.floor(costs.length * 0.5)] ?? 0,
    tickCostP99Ms: costs[Math.floor(costs.length * 0.99)] ?? 0,
  };
}
