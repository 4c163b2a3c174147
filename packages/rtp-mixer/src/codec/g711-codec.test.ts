import t from 'tap';
import { decodeComfortNoise, isComfortNoise } from './comfort-noise.js';
import { G711Codec } from './g711-codec.js';

t.test('G711Codec round trip and concealment fade', async (t) => {
  const codec = new G711Codec('PCMA');
  t.equal(codec.frameSamples(20), 160);
  const pcm = new Int16Array(160).fill(1000);
  const payload = codec.encode(pcm);
  t.equal(payload.length, 160);
  // A-law code for 1000: segment 2 (512..1023), mantissa (1000>>5)&15 = 15 → 0x2f ^ 0xd5 = 0xfa; decodes to 1008.
  t.equal(payload[0], 0xfa);
  const decoded = codec.decode(payload);
  t.equal(decoded[0], 1008);
  const c1 = Int16Array.from(codec.conceal());
  t.equal(c1[0], 1008, 'first concealed frame starts at full level');
  t.ok((c1[159] ?? 0) < 1008 && (c1[159] ?? 0) > 700, 'and fades within the frame');
  let last = c1;
  for (let i = 0; i < 6; i++) last = Int16Array.from(codec.conceal());
  t.same([...last], new Array(160).fill(0), 'silence after the concealment cap');
  codec.decode(payload);
  t.equal(codec.conceal()[0], 1008, 'a good frame restarts concealment');
});

t.test('comfort noise', async (t) => {
  t.ok(isComfortNoise(13));
  t.notOk(isComfortNoise(0));
  const out = new Int16Array(160);
  decodeComfortNoise(Uint8Array.of(60), out, 1);
  const peak = Math.max(...out.map(Math.abs));
  t.ok(peak > 0 && peak <= 33, `-60 dBov noise peak ${peak} ≤ 32767·10^-3`);
  decodeComfortNoise(new Uint8Array(0), out, 1);
  t.equal(Math.max(...out.map(Math.abs)), 0);
});
