/**
 * The mixer benchmark's load generator, run as its own child process (so its CPU is not
 * counted as the engine's): one UDP socket per simulated phone, 20 ms RTP to the engine
 * (talkers send a tone, the others silence), and counting of the mixes that come back.
 * Controlled over the fork IPC channel by main.ts.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createFrameCodec } from '@pinbridge/rtp-mixer';

/** Codec of a simulated phone. */
export type LoadCodec = 'pcmu' | 'pcma' | 'opus';

/** One phone as main.ts describes it once the engine endpoint exists. */
export interface LoadParticipant {
  readonly index: number;
  readonly enginePort: number;
  readonly codec: LoadCodec;
  readonly toneHz: number;
}

/** Messages main → generator. */
export type ToGenerator =
  | { readonly type: 'open'; readonly count: number }
  | { readonly type: 'start'; readonly participants: readonly LoadParticipant[] }
  | { readonly type: 'window' }
  | { readonly type: 'stop' };

/** Messages generator → main. */
export type FromGenerator =
  | { readonly type: 'opened'; readonly ports: readonly number[] }
  | { readonly type: 'started' }
  | { readonly type: 'window'; readonly received: number; readonly expected: number; readonly sent: number; readonly sendLateP99Ms: number };

const PAYLOAD_TYPE: Record<LoadCodec, number> = { pcmu: 0, pcma: 8, opus: 111 };

interface Phone {
  readonly socket: Socket;
  participant?: LoadParticipant;
  packet?: Buffer;
  frames?: readonly Buffer[];
  seq: number;
  ts: number;
  frame: number;
  // Receive side: RFC 3550 A.1-style extended highest sequence per window.
  hasSeq: boolean;
  highest: number;
  windowBase: number;
  received: number;
}

const phones: Phone[] = [];
const frameCache = new Map<string, Buffer[]>();

/** One second (50 frames) of a tone or silence, encoded once per codec and frequency. */
function framesFor(codec: LoadCodec, hz: number): Buffer[] {
  const key = `${codec}/${hz}`;
  const cached = frameCache.get(key);
  if (cached !== undefined) return cached;
  const spec =
    codec === 'opus'
      ? ({ name: 'opus', payloadType: 111, clockRateHz: 48000, channels: 2 } as const)
      : ({ name: codec === 'pcmu' ? 'PCMU' : 'PCMA', payloadType: PAYLOAD_TYPE[codec], clockRateHz: 8000, channels: 1 } as const);
  const coder = createFrameCodec(spec);
  const rate = coder.sampleRateHz;
  const samples = rate / 50;
  const pcm = new Int16Array(samples);
  const out = new Uint8Array(1500);
  const frames: Buffer[] = [];
  for (let f = 0; f < 50; f++) {
    for (let i = 0; i < samples; i++) pcm[i] = hz === 0 ? 0 : Math.round(5000 * Math.sin((2 * Math.PI * hz * (f * samples + i)) / rate));
    const length = coder.encode(pcm, samples, out, 0);
    frames.push(Buffer.from(out.subarray(0, length)));
  }
  frameCache.set(key, frames);
  return frames;
}

function reply(message: FromGenerator): void {
  process.send?.(message);
}

async function open(count: number): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const phone: Phone = { socket, seq: (i * 7919) & 0xffff, ts: i * 1000, frame: 0, hasSeq: false, highest: 0, windowBase: 0, received: 0 };
    socket.on('message', (msg: Buffer) => {
      const b1 = msg[1] ?? 0;
      if (msg.length < 12 || (b1 >= 192 && b1 <= 223)) return; // RTCP
      const seq = msg.readUInt16BE(2);
      if (!phone.hasSeq) {
        phone.hasSeq = true;
        phone.highest = seq;
        phone.windowBase = seq - 1;
      } else {
        const delta = ((seq - (phone.highest & 0xffff)) << 16) >> 16;
        if (delta > 0) phone.highest += delta;
      }
      phone.received++;
    });
    phones.push(phone);
    ports.push(socket.address().port);
  }
  reply({ type: 'opened', ports });
}

function start(participants: readonly LoadParticipant[]): void {
  for (const participant of participants) {
    const phone = phones[participant.index];
    if (phone === undefined) continue;
    phone.participant = participant;
    phone.frames = framesFor(participant.codec, participant.toneHz);
    phone.packet = Buffer.alloc(12 + 1500);
  }
  reply({ type: 'started' });
}

let sent = 0;
const lateness: number[] = [];

function sendAll(): void {
  for (const phone of phones) {
    const participant = phone.participant;
    const frames = phone.frames;
    const packet = phone.packet;
    if (participant === undefined || frames === undefined || packet === undefined) continue;
    const payload = frames[phone.frame % frames.length] as Buffer;
    phone.frame++;
    packet[0] = 0x80;
    packet[1] = PAYLOAD_TYPE[participant.codec];
    packet.writeUInt16BE(phone.seq, 2);
    packet.writeUInt32BE(phone.ts >>> 0, 4);
    packet.writeUInt32BE(0x10000 + participant.index, 8);
    payload.copy(packet, 12);
    phone.seq = (phone.seq + 1) & 0xffff;
    phone.ts = (phone.ts + (participant.codec === 'opus' ? 960 : 160)) >>> 0;
    phone.socket.send(packet, 0, 12 + payload.length, participant.enginePort, '127.0.0.1');
    sent++;
  }
}

// Drift-free 20 ms sender (absolute targets, like the engine's clock).
let next = performance.now() + 20;
function loop(): void {
  const now = performance.now();
  if (now >= next) {
    lateness.push(now - next);
    sendAll();
    next += 20;
    if (now - next > 200) next = now + 20;
  }
  setTimeout(loop, Math.max(0, Math.floor(next - performance.now())));
}
loop();

function window(): void {
  let received = 0;
  let expected = 0;
  for (const phone of phones) {
    if (!phone.hasSeq) continue;
    received += phone.received;
    expected += phone.highest - phone.windowBase;
    phone.received = 0;
    phone.windowBase = phone.highest;
  }
  lateness.sort((a, b) => a - b);
  const p99 = lateness[Math.floor(lateness.length * 0.99)] ?? 0;
  lateness.length = 0;
  reply({ type: 'window', received, expected, sent, sendLateP99Ms: p99 });
  sent = 0;
}

process.on('message', (message: ToGenerator) => {
  switch (message.type) {
    case 'open':
      void open(message.count);
      return;
    case 'start':
      start(message.participants);
      return;
    case 'window':
      window();
      return;
    case 'stop':
      for (const phone of phones) phone.socket.close();
      process.exit(0);
      return;
    default: {
      const unhandled: never = message;
      return unhandled;
    }
  }
});
process.on('disconnect', () => process.exit(0));
