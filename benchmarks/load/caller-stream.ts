/**
 * The RTP each load caller replays (SIPp play_pcap_audio): G.711 μ-law at 20 ms, the PIN as
 * RFC 4733 telephone-events (RFC 4733 §2.3; the end packet sent three times, §2.5.1.4), then
 * speech-like audio: talk spurts of a few voiced harmonics with a syllable envelope,
 * separated by pauses, for the whole hold time. Written as a classic pcap (Ethernet, IPv4,
 * UDP; SIPp rewrites addresses and ports and keeps the recorded spacing).
 */

const EVENT_CODES: Readonly<Record<string, number>> = {
  '0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9, '*': 10, '#': 11,
};

/** ITU-T G.711 μ-law encoding of one 16-bit sample. */
function linearToUlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > 32635) s = 32635;
  s += 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  return ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
}

/** Deterministic PRNG (mulberry32) so every run replays the same audio. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Timed RTP packets: PIN digits, then speech-like audio for `speechMs`. */
export function buildCallerPackets(options: { digits: string; leadMs: number; speechMs: number; seed: number }): Array<{ atMs: number; bytes: Buffer }> {
  const packets: Array<{ atMs: number; bytes: Buffer }> = [];
  const ssrc = 0x5eed0000 + options.seed;
  let seq = 1;
  let timestamp = 8000;
  let atMs = 0;
  const header = (pt: number, marker: boolean, ts: number) => {
    const h = Buffer.alloc(12);
    h[0] = 0x80;
    h[1] = (marker ? 0x80 : 0) | pt;
    h.writeUInt16BE(seq++ & 0xffff, 2);
    h.writeUInt32BE(ts >>> 0, 4);
    h.writeUInt32BE(ssrc >>> 0, 8);
    return h;
  };
  const frame = (pcm: (i: number) => number, marker = false) => {
    const payload = Buffer.alloc(160);
    for (let i = 0; i < 160; i++) payload[i] = linearToUlaw(pcm(i));
    packets.push({ atMs, bytes: Buffer.concat([header(0, marker, timestamp), payload]) });
    timestamp += 160;
    atMs += 20;
  };
  for (let t = 0; t < options.leadMs; t += 20) frame(() => 0, t === 0);
  for (const digit of options.digits) {
    const event = EVENT_CODES[digit];
    if (event === undefined) throw new Error(`no event for ${digit}`);
    const start = timestamp;
    for (let f = 1; f <= 5; f++) {
      const isEnd = f === 5;
      const payload = Buffer.from([event, (isEnd ? 0x80 : 0) | 10, 0, 0]);
      payload.writeUInt16BE(f * 160, 2);
      for (let c = 0; c < (isEnd ? 3 : 1); c++) packets.push({ atMs, bytes: Buffer.concat([header(101, f === 1, start), payload]) });
      timestamp += 160;
      atMs += 20;
    }
    for (let g = 0; g < 5; g++) frame(() => 0);
  }
  // Speech-like: 1-3 s spurts of a 110-220 Hz voice with harmonics and a 4 Hz syllable
  // envelope, then 0.3-1.5 s of near-silence (the kind of signal talk detection sees).
  const random = prng(options.seed);
  let sampleIndex = 0;
  let remainingMs = options.speechMs;
  while (remainingMs > 0) {
    const spurtMs = Math.min(remainingMs, 1000 + Math.floor(random() * 2000));
    const f0 = 110 + random() * 110;
    for (let t = 0; t < spurtMs; t += 20) {
      frame((i) => {
        const n = sampleIndex + i;
        const env = 0.5 + 0.5 * Math.sin((2 * Math.PI * 4 * n) / 8000);
        let v = 0;
        for (let h = 1; h <= 4; h++) v += Math.sin((2 * Math.PI * f0 * h * n) / 8000) / h;
        return 4000 * env * v + (random() - 0.5) * 200;
      });
      sampleIndex += 160;
    }
    remainingMs -= spurtMs;
    const pauseMs = Math.min(remainingMs, 300 + Math.floor(random() * 1200));
    for (let t = 0; t < pauseMs; t += 20) frame(() => (random() - 0.5) * 60);
    remainingMs -= pauseMs;
  }
  return packets;
}

/** Classic pcap image (linktype 1) of the packets. */
export function pcapImage(packets: ReadonlyArray<{ atMs: number; bytes: Buffer }>): Buffer {
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
