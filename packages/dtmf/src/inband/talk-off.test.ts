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

t.test('two pure tones gliding a fifth apart never yield a digit', async (t) => {
  // Ratio 1.5 is within 4.5 % of the 770/1209 and 852/1336 pairs: a wide frequency
  // tolerance lets the glide through for about 30 ms (found by bench:dtmf's music corpus).
  const rate = 8000;
  const pcm = new Int16Array(rate * 4);
  for (let i = 0; i < pcm.length; i++) {
    const t = i / rate;
    const phase = 2 * Math.PI * (700 * t + 30 * t * t); // 700 Hz rising 60 Hz/s
    pcm[i] = Math.round(6000 * Math.sin(phase) + 6000 * Math.sin(1.5 * phase));
  }
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), mulawRoundTrip(pcm), 8000), '');
  t.equal(
    detectAll(new InbandDetector({ sampleRateHz: 8000, maxFrequencyOffset: 0.025 }), mulawRoundTrip(pcm), 8000).length > 0,
    true,
    'the former 2.5 % tolerance let it through',
  );
});
