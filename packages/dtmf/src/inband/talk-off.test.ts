import t from 'tap';
import { InbandDetector } from './inband-detector.js';
import { detectAll, mulawRoundTrip } from '../test-support/signals.js';
import { generateMusic, generateSpeech } from '../test-support/speech-corpus.js';

// Talk-off: 10+ minutes of espeak-ng speech in eight voices and 10 minutes of music-like
// audio must yield no digit at all (CI installs espeak-ng and sox).
t.test('speech never yields a digit', async (t) => {
  const { pcm, seconds } = generateSpeech(10.5);
  t.ok(seconds >= 600, `${seconds.toFixed(0)} s of speech`);
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), mulawRoundTrip(pcm), 8000), '');
});

t.test('music-like audio never yields a digit', async (t) => {
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), mulawRoundTrip(generateMusic(10, 8000)), 8000), '', '8 kHz');
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 16000 }), generateMusic(3, 16000, 5), 16000), '', '16 kHz');
});
