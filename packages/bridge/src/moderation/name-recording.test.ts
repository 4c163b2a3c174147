import t from 'tap';
import { NameRecording, trimSilence } from './name-recording.js';

const RATE = 8000;

/** n samples of a square wave at amplitude a (RMS = a), or silence for a = 0. */
function tone(n: number, a: number): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = (i >> 2) % 2 === 0 ? a : -a;
  return out;
}

function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// -40 dBFS is an RMS of 327.68: 400 is speech, 200 is background noise.
t.test('trimSilence keeps the speech plus 100 ms either side', async (t) => {
  const samples = concat(tone(4000, 0), tone(800, 200), tone(4000, 400), tone(6000, 0));
  const trimmed = trimSilence(samples, { sampleRate: RATE });
  t.equal(trimmed?.length, 800 + 4000 + 800, 'speech 4800..8800 widened by 800 samples each way');
  t.equal(trimmed?.[800], 400, 'speech starts after the padding');
  t.equal(trimmed?.[0], 200, 'the padding is the quiet noise before the speech');
  t.equal(trimSilence(tone(8000, 200), { sampleRate: RATE }), undefined, 'noise below the threshold is silence');
  t.equal(trimSilence(tone(8000, 200), { sampleRate: RATE, silenceThresholdDbfs: -50 })?.length, 8000, 'a lower threshold counts it');
});

t.test('# ends the recording early with the trimmed name', async (t) => {
  const rec = new NameRecording({ sampleRate: RATE }, 1000);
  t.equal(rec.deadline, 4000);
  for (let i = 0; i < 50; i++) t.same(rec.pushAudio(tone(160, i >= 10 && i < 40 ? 1000 : 0)), { kind: 'recording' });
  const outcome = rec.pressHash();
  t.equal(outcome.kind, 'name');
  if (outcome.kind === 'name') {
    t.equal(outcome.samples.length, 30 * 160 + 2 * 800);
    t.equal(outcome.durationMs, 800);
  }
  t.same(rec.pushAudio(tone(160, 1000)), outcome, 'audio after the end changes nothing');
});

t.test('the recording stops by itself at 3 s, by time or by audio', async (t) => {
  const byTime = new NameRecording({ sampleRate: RATE }, 0);
  byTime.pushAudio(tone(160, 0));
  t.same(byTime.poll(2999), { kind: 'recording' });
  t.same(byTime.poll(3000), { kind: 'silent' }, 'only silence: no name');
  const byAudio = new NameRecording({ sampleRate: RATE }, 0);
  let last = byAudio.pushAudio(tone(160, 1000));
  for (let i = 1; i < 200 && last.kind === 'recording'; i++) last = byAudio.pushAudio(tone(160, 1000));
  t.equal(last.kind, 'name');
  if (last.kind === 'name') t.equal(last.samples.length, 24_000, 'never longer than 3 s');
});
