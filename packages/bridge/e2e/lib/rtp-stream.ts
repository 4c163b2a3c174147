/**
 * Builds the RTP a test caller sends: G.711 μ-law audio at 20 ms, with digits either as
 * RFC 4733 telephone-events (RFC 4733 §2.3: event, E bit, volume, duration; the end packet
 * sent three times, §2.5.1.4) or as in-band Q.23 tone pairs. Output is a list of timed
 * packets, written to a pcap for SIPp's play_pcap_audio or sent from a test socket.
 */
import { DTMF_FREQUENCIES, linearToUlaw, tone } from './audio.js';

/** One packet and when to send it, relative to the stream start. */
export interface TimedPacket {
  readonly atMs: number;
  readonly bytes: Buffer;
}

/** What the stream contains, in order. */
export type StreamPart =
  | { readonly kind: 'audio'; readonly ms: number; readonly toneHz?: number; readonly amplitude?: number }
  | { readonly kind: 'rfc4733'; readonly digits: string; readonly gapMs?: number; readonly digitMs?: number }
  | { readonly kind: 'inband'; readonly digits: string; readonly gapMs?: number; readonly digitMs?: number };

const EVENT_CODES: Readonly<Record<string, number>> = {
  '0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9, '*': 10, '#': 11,
};

/** Builds a μ-law stream with the given parts. */
export function buildRtpStream(parts: readonly StreamPart[], options: { ssrc?: number; payloadType?: number; eventPayloadType?: number } = {}): TimedPacket[] {
  const ssrc = options.ssrc ?? 0x1234abcd;
  const pt = options.payloadType ?? 0;
  const ept = options.eventPayloadType ?? 101;
  const packets: TimedPacket[] = [];
  let seq = 1000;
  let timestamp = 160_000;
  let atMs = 0;
  let isFirst = true;
  const header = (payloadType: number, marker: boolean, ts: number): Buffer => {
    const h = Buffer.alloc(12);
    h[0] = 0x80;
    h[1] = (marker ? 0x80 : 0) | payloadType;
    h.writeUInt16BE(seq & 0xffff, 2);
    h.writeUInt32BE(ts >>> 0, 4);
    h.writeUInt32BE(ssrc >>> 0, 8);
    seq++;
    return h;
  };
  const pushAudio = (pcm: Int16Array) => {
    for (let off = 0; off + 160 <= pcm.length; off += 160) {
      const payload = Buffer.alloc(160);
      for (let i = 0; i < 160; i++) payload[i] = linearToUlaw(pcm[off + i] ?? 0);
      packets.push({ atMs, bytes: Buffer.concat([header(pt, isFirst, timestamp), payload]) });
      isFirst = false;
      timestamp += 160;
      atMs += 20;
    }
  };
  const silence = (ms: number) => pushAudio(new Int16Array(Math.round(ms * 8)));
  for (const part of parts) {
    switch (part.kind) {
      case 'audio': {
        const pcm = part.toneHz === undefined ? new Int16Array(Math.round(part.ms * 8)) : tone([part.toneHz], part.ms, part.amplitude ?? 6000);
        pushAudio(pcm);
        break;
      }
      case 'rfc4733':
        for (const digit of part.digits) {
          const event = EVENT_CODES[digit];
          if (event === undefined) throw new Error(`no event for ${digit}`);
          const frames = Math.round((part.digitMs ?? 100) / 20);
          const start = timestamp;
          for (let f = 1; f <= frames; f++) {
            const isEnd = f === frames;
            const payload = Buffer.alloc(4);
            payload[0] = event;
            payload[1] = (isEnd ? 0x80 : 0) | 10;
            payload.writeUInt16BE(f * 160, 2);
            const copies = isEnd ? 3 : 1;
            for (let c = 0; c < copies; c++) packets.push({ atMs, bytes: Buffer.concat([header(ept, f === 1, start), payload]) });
            timestamp += 160;
            atMs += 20;
          }
          silence(part.gapMs ?? 100);
        }
        break;
      case 'inband':
        for (const digit of part.digits) {
          const pair = DTMF_FREQUENCIES[digit];
          if (pair === undefined) throw new Error(`no tone for ${digit}`);
          pushAudio(tone(pair, part.digitMs ?? 100, 7000));
          silence(part.gapMs ?? 100);
        }
        break;
      default: {
        const never: never = part;
        throw new Error(String(never));
      }
    }
  }
  return packets;
}

/**
 * Wraps RTP packets into a classic pcap (linktype 1, Ethernet/IPv4/UDP) that SIPp's
 * play_pcap_audio replays with the recorded spacing (it rewrites addresses and ports).
 */
export function writePcap(packets: readonly TimedPacket[]): Buffer {
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16);
  global.writeUInt32LE(1, 20);
  const chunks: Buffer[] = [global];
  for (const p of packets) {
    const udpLength = 8 + p.bytes.length;
    const ipLength = 20 + udpLength;
    const frame = Buffer.alloc(14 + ipLength);
    frame.writeUInt16BE(0x0800, 12);
    frame[14] = 0x45;
    frame.writeUInt16BE(ipLength, 16);
    frame[22] = 64;
    frame[23] = 17;
    Buffer.from([127, 0, 0, 1]).copy(frame, 26);
    Buffer.from([127, 0, 0, 1]).copy(frame, 30);
    frame.writeUInt16BE(40000, 34);
    frame.writeUInt16BE(40002, 36);
    frame.writeUInt16BE(udpLength, 38);
    p.bytes.copy(frame, 42);
    let sum = 0;
    for (let i = 14; i < 34; i += 2) sum += frame.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    frame.writeUInt16BE(~sum & 0xffff, 24);
    const rec = Buffer.alloc(16);
    const seconds = Math.floor(p.atMs / 1000);
    rec.writeUInt32LE(1_700_000_000 + seconds, 0);
    rec.writeUInt32LE(Math.round((p.atMs - seconds * 1000) * 1000), 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    chunks.push(rec, frame);
  }
  return Buffer.concat(chunks);
}
