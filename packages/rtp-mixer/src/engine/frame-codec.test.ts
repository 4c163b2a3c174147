// The G.711 payload energy estimate (unrolled) equals the plain mean of squares over every other sample.
import t from 'tap';
import { ALAW_DECODE_TABLE, MULAW_DECODE_TABLE } from '../codec/index.js';
import { createFrameCodec } from './frame-codec.js';

function plainEnergy(decode: Int16Array, payload: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) sum += (decode[payload[i] ?? 0] ?? 0) ** 2;
  return sum / ((end - start) >> 1 || 1);
}

t.test('payloadEnergy is exact for every length and offset', async (t) => {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed >>> 16;
  };
  const payload = new Uint8Array(400);
  for (const [name, decode] of [['PCMU', MULAW_DECODE_TABLE], ['PCMA', ALAW_DECODE_TABLE]] as const) {
    const codec = createFrameCodec({ name, payloadType: name === 'PCMU' ? 0 : 8, clockRateHz: 8000, channels: 1 });
    let mismatches = 0;
    for (let trial = 0; trial < 2000; trial++) {
      for (let i = 0; i < payload.length; i++) payload[i] = random() & 0xff;
      const start = random() % 40;
      const end = start + (random() % 330);
      if (codec.payloadEnergy(payload, start, end) !== plainEnergy(decode, payload, start, end)) mismatches++;
    }
    t.equal(mismatches, 0, `${name}: no mismatch over 2000 random payloads`);
    t.equal(codec.payloadEnergy(payload, 5, 5), 0, `${name}: empty payload`);
  }
});
