import t from 'tap';
import { VoiceActivityDetector } from './voice-activity-detector.js';

const frame = (amplitude: number): Int16Array => Int16Array.from({ length: 160 }, (_, i) => (i % 2 === 0 ? amplitude : -amplitude));

t.test('speech detected above the floor, held ~200 ms, then released', async (t) => {
  const vad = new VoiceActivityDetector({ frameMs: 20, hangoverMs: 200 });
  for (let i = 0; i < 50; i++) t.notOk(vad.process(frame(20)), 'low noise (-64 dBFS) is not speech');
  t.ok(vad.process(frame(3000)));
  t.ok(Math.abs(vad.levelDb - 20 * Math.log10(3000 / 32768)) < 0.01, 'level is the RMS in dBFS');
  let held = 0;
  while (vad.process(frame(20))) held++;
  t.equal(held, 10, '10 frames = 200 ms of hangover');
  t.notOk(vad.isSpeaking);
});

t.test('a steady loud noise floor stops counting as speech', async (t) => {
  const vad = new VoiceActivityDetector({ hangoverMs: 0 });
  for (let i = 0; i < 20; i++) vad.process(frame(0));
  t.ok(vad.process(frame(500)), 'onset is speech');
  let frames = 0;
  while (vad.process(frame(500)) && frames < 10000) frames++;
  t.ok(frames > 0 && frames < 10000, `floor caught up after ${frames} frames`);
});
