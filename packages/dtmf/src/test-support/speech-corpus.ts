/**
 * The talk-off corpus: speech generated with espeak-ng (several voices, languages, speeds
 * and pitches) and music-like audio generated in code (chords with harmonics, sweeps,
 * arpeggios). Neither may ever yield a digit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from './signals.js';

const WORDS = (
  'the conference will begin when the host arrives please enter your conference number followed by the pound key ' +
  'one two three four five six seven eight nine zero hash star good morning everyone thanks for joining ' +
  'quarterly results budget forecast customer meeting schedule tomorrow afternoon can you hear me yes loud and clear ' +
  'let us go through the agenda first item second item any questions I will share the figures after the call'
).split(' ');

const VOICES: ReadonlyArray<{ voice: string; speed: number; pitch: number }> = [
  { voice: 'en-us', speed: 170, pitch: 50 },
  { voice: 'en-gb+f3', speed: 150, pitch: 70 },
  { voice: 'en-us+m3', speed: 190, pitch: 30 },
  { voice: 'de', speed: 160, pitch: 55 },
  { voice: 'fr+f2', speed: 165, pitch: 80 },
  { voice: 'es+m1', speed: 175, pitch: 40 },
  { voice: 'it+f4', speed: 155, pitch: 90 },
  { voice: 'nl', speed: 160, pitch: 20 },
];

/** About `minutes` of 8 kHz speech, as 16-bit PCM; needs espeak-ng and sox on PATH. */
export function generateSpeech(minutes: number, seed = 7): { pcm: Int16Array; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'pinbridge-talkoff-'));
  const random = seededRandom(seed);
  const parts: Int16Array[] = [];
  let samples = 0;
  try {
    for (let i = 0; samples < minutes * 60 * 8000; i++) {
      const v = VOICES[i % VOICES.length] ?? VOICES[0];
      if (!v) break;
      const words = Array.from({ length: 250 }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'hello');
      const textFile = join(dir, `t${i}.txt`);
      const wide = join(dir, `s${i}.wav`);
      const narrow = join(dir, `n${i}.raw`);
      writeFileSync(textFile, words.join(' '));
      execFileSync('espeak-ng', ['-v', v.voice, '-s', String(v.speed), '-p', String(v.pitch), '-w', wide, '-f', textFile]);
      execFileSync('sox', ['-V1', wide, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', narrow]);
      const bytes = readFileSync(narrow);
      const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~1)));
      parts.push(pcm);
      samples += pcm.length;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pcm = new Int16Array(samples);
  let offset = 0;
  for (const p of parts) {
    pcm.set(p, offset);
    offset += p.length;
  }
  return { pcm, seconds: samples / 8000 };
}

/** Equal-tempered note frequency (A4 = 440 Hz). */
function note(semitonesFromA4: number): number {
  return 440 * 2 ** (semitonesFromA4 / 12);
}

/** About `minutes` of music-like audio at `sampleRateHz`: chords with harmonics, arpeggios, sweeps. */
export function generateMusic(minutes: number, sampleRateHz = 8000, seed = 11): Int16Array {
  const random = seededRandom(seed);
  const total = Math.round(minutes * 60 * sampleRateHz);
  const out = new Int16Array(total);
  const progression = [0, 5, 7, -3, 2, -5, 3, 8];
  let offset = 0;
  let bar = 0;
  while (offset < total) {
    const kind = bar % 3;
    const length = Math.min(total - offset, Math.round(sampleRateHz * (0.5 + random())));
    const root = (progression[bar % progression.length] ?? 0) + Math.floor(random() * 12) - 6;
    const notes = [root, root + 4, root + 7, root + 12].map(note);
    for (let i = 0; i < length; i++) {
      const t = i / sampleRateHz;
      let s = 0;
      if (kind === 0) {
        for (const f of notes) for (let h = 1; h <= 3; h++) s += Math.sin(2 * Math.PI * f * h * t) / h;
        s *= 2500 * Math.exp(-t * 1.5);
      } else if (kind === 1) {
        const f = notes[Math.floor(t * 8) % notes.length] ?? 440;
        for (let h = 1; h <= 4; h++) s += Math.sin(2 * Math.PI * f * h * t) / (h * h);
        s *= 6000;
      } else {
        const f0 = 300 + 1700 * (t / (length / sampleRateHz));
        s = 5000 * Math.sin(2 * Math.PI * (300 * t + (850 * t * t) / (length / sampleRateHz))) + 1500 * Math.sin(2 * Math.PI * f0 * 0.5 * t);
      }
      out[offset + i] = Math.max(-32768, Math.min(32767, Math.round(s)));
    }
    offset += length;
    bar++;
  }
  return out;
}
