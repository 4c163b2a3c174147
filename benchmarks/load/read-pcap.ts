/**
 * Reads the RTP packets of a classic pcap (linktype 1: Ethernet, IPv4, UDP) with their
 * capture times, so the load callers can replay a recording (the one caller-stream.ts
 * writes, or a real capture of one G.711 caller).
 */
import { readFileSync } from 'node:fs';

/** One recorded RTP packet: when it was sent (ms from the first packet) and its bytes. */
export interface RecordedPacket {
  readonly atMs: number;
  readonly rtp: Buffer;
}

const ETHERNET_HEADER = 14;
const ETHERTYPE_IPV4 = 0x0800;
const PROTOCOL_UDP = 17;
const UDP_HEADER = 8;

/** The UDP payloads of the capture, in file order. Throws naming the problem for anything else. */
export function readPcap(file: string): RecordedPacket[] {
  const image = readFileSync(file);
  if (image.length < 24) throw new Error(`${file}: too short for a pcap file`);
  const magic = image.readUInt32LE(0);
  const isMicroseconds = magic === 0xa1b2c3d4;
  if (!isMicroseconds && magic !== 0xa1b23c4d) throw new Error(`${file}: not a little-endian classic pcap (magic ${magic.toString(16)})`);
  if (image.readUInt32LE(20) !== 1) throw new Error(`${file}: only Ethernet captures (linktype 1) are supported`);
  const packets: RecordedPacket[] = [];
  let firstMs: number | undefined;
  for (let offset = 24; offset + 16 <= image.length; ) {
    const seconds = image.readUInt32LE(offset);
    const fraction = image.readUInt32LE(offset + 4);
    const length = image.readUInt32LE(offset + 8);
    const frame = image.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const atMs = seconds * 1000 + (isMicroseconds ? fraction / 1000 : fraction / 1e6);
    const rtp = udpPayload(frame);
    if (rtp === undefined) continue;
    firstMs ??= atMs;
    packets.push({ atMs: atMs - firstMs, rtp: Buffer.from(rtp) });
  }
  if (packets.length === 0) throw new Error(`${file}: no IPv4 UDP packets`);
  return packets;
}

function udpPayload(frame: Buffer): Buffer | undefined {
  if (frame.length < ETHERNET_HEADER + 20 + UDP_HEADER || frame.readUInt16BE(12) !== ETHERTYPE_IPV4) return undefined;
  const ipHeader = ((frame[ETHERNET_HEADER] ?? 0) & 0x0f) * 4;
  if (frame[ETHERNET_HEADER + 9] !== PROTOCOL_UDP) return undefined;
  const udp = ETHERNET_HEADER + ipHeader;
  const udpLength = frame.readUInt16BE(udp + 4);
  return frame.subarray(udp + UDP_HEADER, Math.min(frame.length, udp + udpLength));
}
