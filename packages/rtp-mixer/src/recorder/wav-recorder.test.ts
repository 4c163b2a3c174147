import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parseWav } from '../player/wav-format.js';
import { repairRecordings, repairWav } from './repair-wav.js';
import { WavRecorder } from './wav-recorder.js';

const dir = mkdtempSync(join(tmpdir(), 'pinbridge-rec-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const expected = (frames: number): number[] => Array.from({ length: frames * 160 }, (_, n) => (n % 20000) - 10000);

t.test('record, close, parse', async (t) => {
  const path = join(dir, 'closed.wav');
  const rec = new WavRecorder(path, { sampleRateHz: 8000 });
  for (let f = 0; f < 10; f++) rec.append(Int16Array.from(expected(10).slice(f * 160, f * 160 + 160)));
  rec.close();
  const bytes = readFileSync(path);
  t.equal(bytes.readUInt32LE(4), 36 + 3200, 'RIFF size');
  t.equal(bytes.readUInt32LE(40), 3200, 'data size');
  const wav = parseWav(bytes);
  t.ok(wav.ok);
  if (wav.ok) t.same([...wav.value.samples], expected(10));
  t.same(repairWav(path), { ok: true, value: false }, 'a closed file needs no repair');
});

t.test('crash mid-recording (SIGKILL), repair, parse: all written audio is there', async (t) => {
  const path = join(dir, 'crashed.wav');
  const script = fileURLToPath(new URL('../../fixtures/recorder/record-then-hang.mjs', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, path, '250'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const before = readFileSync(path);
  t.equal(before.readUInt32LE(40), 0, 'header still says empty after the crash');
  t.same(repairRecordings(dir), [path]);
  const wav = parseWav(readFileSync(path));
  t.ok(wav.ok);
  if (wav.ok) {
    t.equal(wav.value.sampleRateHz, 8000);
    t.equal(wav.value.samples.length, 250 * 160);
    t.same([...wav.value.samples], expected(250));
  }
});
