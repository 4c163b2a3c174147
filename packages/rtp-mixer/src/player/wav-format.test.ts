import t from 'tap';
import { encodeWavHeader, parseWav } from './wav-format.js';

t.test('header bytes follow the canonical WAVE layout', async (t) => {
  const h = Buffer.from(encodeWavHeader(16000, 320));
  t.equal(h.toString('latin1', 0, 4), 'RIFF');
  t.equal(h.readUInt32LE(4), 356);
  t.equal(h.toString('latin1', 8, 16), 'WAVEfmt ');
  t.same([h.readUInt32LE(16), h.readUInt16LE(20), h.readUInt16LE(22)], [16, 1, 1]);
  t.same([h.readUInt32LE(24), h.readUInt32LE(28), h.readUInt16LE(32), h.readUInt16LE(34)], [16000, 32000, 2, 16]);
  t.equal(h.toString('latin1', 36, 40), 'data');
  t.equal(h.readUInt32LE(40), 320);
});

t.test('parse skips LIST chunks and rejects other formats', async (t) => {
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from([1, 2, 3, 0])]);
  const fmt = Buffer.from(encodeWavHeader(8000, 4)).subarray(12, 36);
  const data = Buffer.concat([Buffer.from('data'), Buffer.from([4, 0, 0, 0, 0x01, 0x00, 0xff, 0xff])]);
  const body = Buffer.concat([Buffer.from('WAVE'), list, fmt, data]);
  const file = Buffer.concat([Buffer.from('RIFF'), Buffer.from([body.length, 0, 0, 0]), body]);
  const r = parseWav(file);
  t.ok(r.ok);
  if (r.ok) t.same([...r.value.samples], [1, -1]);
  const stereo = Buffer.from(file);
  stereo.writeUInt16LE(2, 12 + 12 + 8 + 2); // RIFF header, LIST chunk, fmt chunk header, format tag
  const bad = parseWav(stereo);
  t.equal(bad.ok ? 'ok' : bad.error.code, 'unsupported-format');
  const junk = parseWav(Buffer.from('not a wav file'));
  t.equal(junk.ok ? 'ok' : junk.error.code, 'bad-wav');
});
