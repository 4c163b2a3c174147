/** Generated signalling tones. */
export type ToneName = 'entry' | 'exit' | 'not-available' | 'ringback';

/** One tone segment: frequencies summed (Hz; empty = silence) for a duration. */
interface Segment {
  readonly freqsHz: readonly number[];
  readonly ms: number;
}

/*
 * Entry: rising two-note beep; exit: falling. Not available: the three rising SIT tones of
 * ITU-T E.180 Suppl. 2 (950/1400/1800 Hz, 330 ms). Ringback: 440+480 Hz, 2 s on 4 s off
 * (North American cadence, ITU-T E.180 Suppl. 2).
 */
const TONES: Record<ToneName, readonly Segment[]> = {
  entry: [
    { freqsHz: [523], ms: 120 },
    { freqsHz: [], ms: 40 },
    { freqsHz: [784], ms: 160 },
  ],
  exit: [
    { freqsHz: [784], ms: 120 },
    { freqsHz: [], ms: 40 },
    { freqsHz: [523], ms: 160 },
  ],
  'not-available': [
    { freqsHz: [950], ms: 330 },
    { freqsHz: [1400], ms: 330 },
    { freqsHz: [1800], ms: 330 },
    { freqsHz: [], ms: 1000 },
  ],
  ringback: [
    { freqsHz: [440, 480], ms: 2000 },
    { freqsHz: [], ms: 4000 },
  ],
};

/** Peak level of tones (about -16 dBFS per component: audible, never near clipping when mixed). */
const TONE_AMPLITUDE = 5000;
/** Raised-cosine ramp at each segment edge, so tones don't click. */
const RAMP_MS = 5;

/** Renders one full cycle of a tone at `sampleRateHz`. */
export function renderTone(name: ToneName, sampleRateHz: number): Int16Array {
  const segments = TONES[name];
  const total = segments.reduce((n, s) => n + Math.round((s.ms * sampleRateHz) / 1000), 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const segment of segments) {
    const n = Math.round((segment.ms * sampleRateHz) / 1000);
    const ramp = Math.min(n / 2, (RAMP_MS * sampleRateHz) / 1000);
    for (let i = 0; i < n && segment.freqsHz.length > 0; i++) {
      let v = 0;
      for (const f of segment.freqsHz) v += Math.sin((2 * Math.PI * f * i) / sampleRateHz);
      const edge = Math.min(i, n - 1 - i);
      const envelope = edge < ramp ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / ramp) : 1;
      out[at + i] = Math.round(TONE_AMPLITUDE * v * envelope);
    }
    at += n;
  }
  return out;
}
