/**
 * The callers' media side: replays the recorded caller stream (read-pcap.ts) for every call,
 * from this process, instead of SIPp's play_pcap_audio.
 *
 * Why not SIPp's player: it opens one raw IPPROTO_UDP socket and one thread per call. Every
 * UDP packet to the address those sockets are bound to is copied into each of them by the
 * kernel (about 13 ns per socket per packet here), and the bridge's replies go to exactly that
 * address, so the bridge's own send path pays N copies per packet: at 1,500 callers that
 * alone is more than a core, charged to the process under test. The threads also cost about
 * 1 ms of CPU per call-second on this VM (a timer wake-up per packet). Here one timer sends
 * every due packet of every call (about 2.4 µs per packet) and no raw socket exists.
 *
 * How a call finds the bridge: each call gets its own "offer" socket whose port goes into the
 * SDP (SIPp's injection file). The bridge plays its first prompt to the SDP address; the
 * first packet tells us the bridge's RTP port for that call, the offer socket is closed and
 * the call's stream starts, sent from one shared socket. The bridge latches onto that source
 * (symmetric RTP) and sends its mix there; that socket's receive buffer is kept tiny because
 * the benchmark does not need the mix back (the kernel drops what does not fit).
 */
import dgram from 'node:dgram';
import type { RecordedPacket } from './read-pcap.js';

/** One call's replay position. */
interface Stream {
  readonly port: number;
  readonly address: string;
  readonly startMs: number;
  readonly ssrc: number;
  readonly timestampBase: number;
  sequence: number;
  index: number;
  loops: number;
}

/** Counters of the player. */
export interface PlayerCounts {
  /** Offer sockets still waiting for the bridge's first packet. */
  readonly waiting: number;
  readonly streaming: number;
  readonly packetsSent: number;
  readonly sendErrors: number;
}

const TICK_MS = 10;
const TINY_RECEIVE_BUFFER = 4096;

/** Replays `packets` for each call; the part after the last non-audio packet (the PIN events) loops. */
export class RtpPlayer {
  private readonly streams: Stream[] = [];
  private readonly offers = new Set<dgram.Socket>();
  private readonly loopFrom: number;
  private readonly loopMs: number;
  private readonly loopTimestamp: number;
  private packetsSent = 0;
  private sendErrors = 0;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly packets: readonly RecordedPacket[],
    private readonly sender: dgram.Socket,
    private readonly host: string,
  ) {
    const audioType = payloadType(packets[packets.length - 1]?.rtp);
    let lastOther = -1;
    packets.forEach((p, i) => {
      if (payloadType(p.rtp) !== audioType) lastOther = i;
    });
    this.loopFrom = lastOther + 1;
    const first = packets[this.loopFrom];
    const last = packets[packets.length - 1];
    const beforeLast = packets[packets.length - 2];
    if (first === undefined || last === undefined || beforeLast === undefined || this.loopFrom >= packets.length - 1) {
      throw new Error('the caller stream needs audio after its last telephone-event packet');
    }
    const frameMs = last.atMs - beforeLast.atMs;
    const frameTimestamp = (last.rtp.readUInt32BE(4) - beforeLast.rtp.readUInt32BE(4)) >>> 0;
    this.loopMs = last.atMs - first.atMs + frameMs;
    this.loopTimestamp = (last.rtp.readUInt32BE(4) - first.rtp.readUInt32BE(4) + frameTimestamp) >>> 0;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Binds the shared sender on `host` and starts the send timer. */
  static async start(packets: readonly RecordedPacket[], host: string): Promise<RtpPlayer> {
    const sender = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      sender.once('error', reject);
      sender.bind(0, host, () => resolve());
    });
    sender.setRecvBufferSize(TINY_RECEIVE_BUFFER);
    sender.on('message', () => undefined);
    const player = new RtpPlayer(packets, sender, host);
    sender.on('error', () => player.sendErrors++);
    return player;
  }

  /** Opens `count` offer sockets and returns their ports (one per call, in order). */
  async offerPorts(count: number): Promise<number[]> {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, this.host, () => resolve()));
      this.offers.add(socket);
      const onMessage = (message: Buffer, remote: dgram.RemoteInfo) => {
        // Offer ports are neighbours, so another call's RTCP (sent to its SDP port + 1) can land here.
        if (isRtcp(message)) return;
        socket.off('message', onMessage);
        this.offers.delete(socket);
        socket.close();
        this.streams.push({
          port: remote.port,
          address: remote.address,
          startMs: performance.now(),
          ssrc: (Math.random() * 0x1_0000_0000) >>> 0,
          timestampBase: (Math.random() * 0x1_0000_0000) >>> 0,
          sequence: Math.floor(Math.random() * 0x10000),
          index: 0,
          loops: 0,
        });
      };
      socket.on('message', onMessage);
      ports.push(socket.address().port);
    }
    return ports;
  }

  counts(): PlayerCounts {
    return { waiting: this.offers.size, streaming: this.streams.length, packetsSent: this.packetsSent, sendErrors: this.sendErrors };
  }

  /** Stops sending and closes every socket. */
  close(): void {
    clearInterval(this.timer);
    for (const socket of this.offers) socket.close();
    this.offers.clear();
    this.streams.length = 0;
    this.sender.close();
  }

  private tick(): void {
    const now = performance.now();
    for (const stream of this.streams) {
      for (;;) {
        const packet = this.packets[stream.index];
        if (packet === undefined) break;
        const dueMs = stream.startMs + packet.atMs + stream.loops * this.loopMs;
        if (dueMs > now) break;
        this.send(stream, packet);
        stream.index++;
        if (stream.index === this.packets.length) {
          stream.index = this.loopFrom;
          stream.loops++;
        }
      }
    }
  }

  private send(stream: Stream, packet: RecordedPacket): void {
    const out = Buffer.allocUnsafe(packet.rtp.length);
    packet.rtp.copy(out);
    out.writeUInt16BE(stream.sequence, 2);
    stream.sequence = (stream.sequence + 1) & 0xffff;
    out.writeUInt32BE((stream.timestampBase + packet.rtp.readUInt32BE(4) + stream.loops * this.loopTimestamp) >>> 0, 4);
    out.writeUInt32BE(stream.ssrc, 8);
    this.sender.send(out, stream.port, stream.address);
    this.packetsSent++;
  }
}

/** RTCP packet types 192-223 (RFC 5761 §4) sit where an RTP marker bit and payload type would. */
function isRtcp(packet: Buffer): boolean {
  const type = packet[1] ?? 0;
  return type >= 192 && type <= 223;
}

function payloadType(rtp: Buffer | undefined): number {
  return (rtp?.[1] ?? 0) & 0x7f;
}
