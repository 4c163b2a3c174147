import t from 'tap';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPrompts, PROMPT_NAMES, SHIPPED_PROMPTS_DIR } from './load-prompts.js';
import { parseWav } from './parse-wav.js';

/** A WAV written out by hand: RIFF header, 16-byte fmt chunk, data chunk. */
function wav(samples: readonly number[], { rate = 16000, channels = 1, bits = 16, format = 1 } = {}): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(format, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * channels * (bits / 8), 8);
  fmt.writeUInt16LE(channels * (bits / 8), 12);
  fmt.writeUInt16LE(bits, 14);
  const chunk = (id: string, body: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(body.length, 4);
    return Buffer.concat([header, body]);
  };
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), chunk('LIST', Buffer.from('abc')), Buffer.alloc(1), chunk('data', data)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

t.test('parseWav reads 16-bit mono PCM, skipping other chunks (odd sizes padded)', async (t) => {
  const parsed = parseWav(wav([0, 1, -1, 32767, -32768], { rate: 8000 }));
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.equal(parsed.value.sampleRateHz, 8000);
  t.same([...parsed.value.pcm], [0, 1, -1, 32767, -32768]);
});

t.test('parseWav refuses what it cannot play', async (t) => {
  const reason = (bytes: Uint8Array) => {
    const r = parseWav(bytes);
    return r.ok ? 'ok' : r.error;
  };
  t.equal(reason(Buffer.from('not a wav at all')), 'not a RIFF/WAVE file');
  t.equal(reason(wav([0], { channels: 2 })), '2 channels; prompts must be mono');
  t.equal(reason(wav([0], { bits: 8 })), '8-bit samples; prompts must be 16-bit');
  t.equal(reason(wav([0], { format: 6 })), 'audio format 6 is not PCM');
  t.equal(reason(wav([0], { rate: 96000 })), 'sample rate 96000 Hz is outside 8000-48000');
  t.equal(reason(wav([1, 2, 3]).subarray(0, 60)), 'chunk "data" runs past the end of the file');
});

t.test('the shipped prompts load: every name, 16 kHz, with audio', async (t) => {
  const loaded = loadPrompts();
  t.ok(loaded.ok, loaded.ok ? '' : loaded.error.message);
  if (!loaded.ok) return;
  t.equal(loaded.value.size, PROMPT_NAMES.length);
  for (const name of PROMPT_NAMES) {
    const audio = loaded.value.get(name);
    t.equal(audio?.sampleRateHz, 16000, `${name} is 16 kHz`);
    t.ok((audio?.pcm.length ?? 0) > 1600, `${name} lasts over 0.1 s`);
    const peak = audio === undefined ? 0 : audio.pcm.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    t.ok(peak > 3000, `${name} is not silent`);
  }
  const listed = readFileSync(join(SHIPPED_PROMPTS_DIR, 'prompts.txt'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t')[0]);
  t.same(listed, [...PROMPT_NAMES], 'prompts.txt lists exactly the required names, in order');
  t.same(readdirSync(join(SHIPPED_PROMPTS_DIR, 'en')).sort(), PROMPT_NAMES.map((n) => `${n}.wav`).sort(), 'no stray files');
});

t.test('a replacement folder: per language or flat, and a missing file is named', async (t) => {
  const root = t.testdir();
  const fr = join(root, 'fr');
  mkdirSync(fr);
  for (const name of PROMPT_NAMES) writeFileSync(join(fr, `${name}.wav`), wav([100, -100, 200], { rate: 48000 }));
  const perLanguage = loadPrompts(root, 'fr');
  t.ok(perLanguage.ok);
  t.equal(perLanguage.ok && perLanguage.value.get('welcome')?.sampleRateHz, 48000);
  const flat = loadPrompts(fr, 'de');
  t.ok(flat.ok, 'a folder without the language subfolder is read flat');
  rmSync(join(fr, 'conference-full.wav'));
  const missing = loadPrompts(root, 'fr');
  t.equal(missing.ok ? 'ok' : missing.error.code, 'missing-prompt');
  if (!missing.ok) t.equal(missing.error.message, `prompts: ${join(fr, 'conference-full.wav')}: required prompt "conference-full" is missing`);
  copyFileSync(join(SHIPPED_PROMPTS_DIR, 'en', 'conference-full.wav'), join(fr, 'conference-full.wav'));
  writeFileSync(join(fr, 'goodbye.wav'), 'junk');
  const bad = loadPrompts(root, 'fr');
  t.equal(bad.ok ? 'ok' : bad.error.message, `prompts: ${join(fr, 'goodbye.wav')}: not a RIFF/WAVE file`);
  const none = loadPrompts(join(root, 'nowhere'));
  t.equal(none.ok ? 'ok' : none.error.code, 'missing-folder');
});
