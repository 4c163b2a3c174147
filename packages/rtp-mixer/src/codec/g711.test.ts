import alawmulaw from 'alawmulaw';
import t from 'tap';
import { decodeAlaw, decodeMulaw, encodeAlaw, encodeMulaw } from './g711.js';

const allInputs = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const allCodes = Uint8Array.from({ length: 256 }, (_, i) => i);

t.test('hand-picked values from G.711 Tables 1a/2a', async (t) => {
  const out = new Int16Array(1);
  const code = new Uint8Array(1);
  const mu = (c: number): number => (decodeMulaw(Uint8Array.of(c), out), out[0] ?? NaN);
  const al = (c: number): number => (decodeAlaw(Uint8Array.of(c), out), out[0] ?? NaN);
  t.equal(mu(0xff), 0);
  t.equal(mu(0x7f), 0);
  t.equal(mu(0x80), 32124);
  t.equal(mu(0x00), -32124);
  t.equal(mu(0xfe), 8);
  t.equal(mu(0xef), 132);
  t.equal(al(0xd5), 8);
  t.equal(al(0x55), -8);
  t.equal(al(0xaa), 32256);
  t.equal(al(0x2a), -32256);
  t.equal(al(0xc5), 264);
  encodeMulaw(Int16Array.of(0), code);
  t.equal(code[0], 0xff);
  encodeAlaw(Int16Array.of(0), code);
  t.equal(code[0], 0xd5);
  encodeMulaw(Int16Array.of(32767), code);
  t.equal(code[0], 0x80);
  encodeAlaw(Int16Array.of(-32768), code);
  t.equal(code[0], 0x2a);
});

t.test('all 256 µ-law and A-law codes decode like the alawmulaw oracle', async (t) => {
  const mine = new Int16Array(256);
  decodeMulaw(allCodes, mine);
  t.same([...mine], [...alawmulaw.mulaw.decode(allCodes)]);
  decodeAlaw(allCodes, mine);
  t.same([...mine], [...alawmulaw.alaw.decode(allCodes)]);
});

t.test('all 65536 inputs encode like the alawmulaw oracle', async (t) => {
  const mine = new Uint8Array(65536);
  encodeMulaw(allInputs, mine);
  const mu = alawmulaw.mulaw.encode(allInputs);
  let bad = 0;
  for (let i = 0; i < 65536; i++) if (mine[i] !== mu[i]) bad++;
  t.equal(bad, 0, 'µ-law mismatches');
  encodeAlaw(allInputs, mine);
  const al = alawmulaw.alaw.encode(allInputs);
  bad = 0;
  for (let i = 0; i < 65536; i++) if (mine[i] !== al[i]) bad++;
  t.equal(bad, 0, 'A-law mismatches');
});

t.test('decode(encode(code value)) is the identity on every code', async (t) => {
  const pcm = new Int16Array(256);
  const back = new Uint8Array(256);
  decodeAlaw(allCodes, pcm);
  encodeAlaw(pcm, back);
  t.same([...back], [...allCodes]);
  decodeMulaw(allCodes, pcm);
  encodeMulaw(pcm, back);
  // 0x7f (−0) re-encodes as 0xff (+0): the only µ-law code with two encodings.
  t.same([...back].map((c, i) => (i === 0x7f ? 0x7f : c)), [...allCodes]);
});
