import t from 'tap';
import { InbandDetector } from './inband-detector.js';
import { detectAll, mulawRoundTrip } from '../test-support/signals.js';
import { generateMusic, generateSpeech } from '../test-support/speech-corpus.js';

// Talk-off: 10+ minutes of espeak-ng speech in eight voices and 10 minutes of music-like
// audio must yield no digit at all (CI installs espeak-ng and sox).
/**
 * Share of 20 ms frames in which `tonePresent` fires. The mixer drops such frames (plus a
 * 40 ms hangover) from a caller's audio, so on speech it must stay far below one frame in a
 * thousand. Measured: 0 of 33,076 speech frames; 4 of 30,000 music-like frames (0.013 %).
 */
function tonePresentShare(detector: InbandDetector, pcm: Int16Array, sampleRateHz: number): number {
  const frame = sampleRateHz / 50;
  let frames = 0;
  let shown = 0;
  for (let offset = 0; offset + frame <= pcm.length; offset += frame) {
    detector.process(pcm.subarray(offset, offset + frame), 0);
    frames++;
    if (detector.tonePresent) shown++;
  }
  return shown / Math.max(1, frames);
}

t.test('speech never yields a digit, and practically never a tone frame', async (t) => {
  const { pcm, seconds } = generateSpeech(10.5);
  t.ok(seconds >= 600, `${seconds.toFixed(0)} s of speech`);
  const speech = mulawRoundTrip(pcm);
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), speech, 8000), '');
  const share = tonePresentShare(new InbandDetector({ sampleRateHz: 8000 }), speech, 8000);
  t.ok(share <= 0.0005, `tonePresent on ${(share * 100).toFixed(3)} % of speech frames`);
});

t.test('music-like audio never yields a digit, and rarely a tone frame', async (t) => {
  const music8 = mulawRoundTrip(generateMusic(10, 8000));
  const music16 = generateMusic(3, 16000, 5);
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 8000 }), music8, 8000), '', '8 kHz');
  t.equal(detectAll(new InbandDetector({ sampleRateHz: 16000 }), music16, 16000), '', '16 kHz');
  const share8 = tonePresentShare(new InbandDetector({ sampleRateHz: 8000 }), music8, 8000);
  const share16 = tonePresentShare(new InbandDetector({ sampleRateHz: 16000 }), music16, 16000);
  t.ok(share8 <= 0.001, `tonePresent on ${(share8 * 100).toFixed(3)} % of 8 kHz music frames`);
  t.ok(share16 <= 0.001, `tonePresent on ${(share16 * 100).toFixed(3)} % of 16 kHz music frames`);
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
