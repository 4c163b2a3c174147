/**
 * A fake SIP phone's media side for tests: a plain `node:dgram` socket that sends µ-law RTP
 * (a tone, or RFC 4733 events) and keeps what it receives. The µ-law coding here comes from
 * the independent `alawmulaw` package, not from the engine under test.
 */
import { createSocket, type Socket } from 'node:dgram';
import alawmulaw from 'alawmulaw';

/** One received RTP packet, reduced to what tests check. */
export interface ReceivedPacket {
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Buffer;
}

export class RtpPeer {
  readonly received: ReceivedPacket[] = [];
  private readonly socket: Socket;
  private timer: NodeJS.Timeout | undefined;
  private seq = Math.floor(Math.random() * 60000);
  private ts = Math.floor(Math.random() * 1e9);
  private phase = 0;
  readonly ssrc = Math.floor(Math.random() * 0xffffffff) >>> 0;
  /** Datagrams sent so far. */
  sentCount = 0;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (msg: Buffer) => {
      if (msg.length < 12 || msg[0] === undefined || msg[0] >> 6 !== 2) return;
      const b1 = msg[1] ?? 0;
      if (b1 >= 192 && b1 <= 223) return; // RTCP
      this.received.push({
        payloadType: b1 & 0x7f,
        sequenceNumber: msg.readUInt16BE(2),
        timestamp: msg.readUInt32BE(4),
        ssrc: msg.readUInt32BE(8),
        payload: msg.subarray(12 + (msg[0] & 0x0f) * 4),
      });
    });
  }

  /** Binds an ephemeral loopback port. */
  static async open(): Promise<RtpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return new RtpPeer(socket);
  }

  /** The local port (what the SDP offer would carry). */
  get port(): number {
    return this.socket.address().port;
  }

  /** Sends one datagram. */
  sendRaw(packet: Buffer, port: number): void {
    this.sentCount++;
    this.socket.send(packet, port, '127.0.0.1');
  }

  /**
   * Builds an RTP packet with the next sequence number and this peer's SSRC, or another one
   * (an attacker copying a caller's SSRC).
   */
  packet(payloadType: number, timestamp: number, payload: Uint8Array, marker = false, ssrc = this.ssrc): Buffer {
    const b = Buffer.alloc(12 + payload.length);
    b[0] = 0x80;
    b[1] = (marker ? 0x80 : 0) | payloadType;
    b.writeUInt16BE(this.seq, 2);
    this.seq = (this.seq + 1) & 0xffff;
    b.writeUInt32BE(timestamp >>> 0, 4);
    b.writeUInt32BE(ssrc >>> 0, 8);
    b.set(payload, 12);
    return b;
  }

  /** One 20 ms µ-law frame of a sine at `hz` (amplitude `amplitude`), continuing the phase. */
  toneFrame(hz: number, amplitude = 6000): Uint8Array {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) {
      pcm[i] = Math.round(amplitude * Math.sin(this.phase));
      this.phase += (2 * Math.PI * hz) / 8000;
    }
    return alawmulaw.mulaw.encode(pcm);
  }

  /** Starts sending a µ-law tone to `port` every 20 ms (hz 0 sends silence). */
  startTone(port: number, hz: number, amplitude = 6000): void {
    this.stop();
    const send = (): void => {
      this.sendRaw(this.packet(0, this.ts, hz === 0 ? new Uint8Array(160).fill(0xff) : this.toneFrame(hz, amplitude)), port);
      this.ts = (this.ts + 160) >>> 0;
    };
    send();
    this.timer = setInterval(send, 20);
  }

  /**
   * Starts sending 20 ms µ-law frames to `port`, frame `i` being `frame(i)` (160 samples of
   * PCM, µ-law coded here), until {@link stop}.
   */
  startFrames(port: number, frame: (index: number) => Int16Array): void {
    this.stop();
    let index = 0;
    const send = (): void => {
      this.sendRaw(this.packet(0, this.ts, alawmulaw.mulaw.encode(frame(index++))), port);
      this.ts = (this.ts + 160) >>> 0;
    };
    send();
    this.timer = setInterval(send, 20);
  }

  /**
   * Sends one RFC 4733 digit (event code per RFC 4733 §3.2) as `packets` packets 20 ms apart,
   * the last three with the end bit (§2.5.1.4 retransmission), same timestamp.
   */
  async sendDigit(port: number, payloadType: number, eventCode: number, packets = 5): Promise<void> {
    const ts = this.ts;
    for (let i = 0; i < packets; i++) {
      const isEnd = i >= packets - 3;
      const payload = new Uint8Array([eventCode, (isEnd ? 0x80 : 0) | 10, 0, 0]);
      const duration = 160 * (Math.min(i, packets - 3) + 1);
      payload[2] = duration >> 8;
      payload[3] = duration & 0xff;
      this.sendRaw(this.packet(payloadType, ts, payload, i === 0), port);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Received µ-law audio (payload type 0) decoded to PCM, in arrival order. */
  receivedPcm(): Int16Array {
    const parts = this.received.filter((p) => p.payloadType === 0).map((p) => alawmulaw.mulaw.decode(p.payload));
    const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  /** Stops sending. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops and closes the socket. */
  close(): void {
    this.stop();
    this.socket.close();
  }
}

/** Goertzel power of `hz` in `pcm` at `rateHz`, normalised by the sample count squared. */
export function tonePower(pcm: Int16Array, hz: number, rateHz = 8000): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / rateHz);
  let s1 = 0;
  let s2 = 0;
  for (const x of pcm) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (pcm.length * pcm.length);
}
