/**
 * The timed part of the sip-parser benchmark. `main.ts` runs the compiled
 * copy of this file in a plain `node` child process, so every parser runs
 * untranspiled (tsx would otherwise rewrite pinbridge's dist on load) and
 * all parsers share one process.
 */
import { CORPUS } from './corpus.js';
import { PARSERS } from './peers.js';

/** Figures of one run. */
export interface SipParserFigures {
  readonly rows: ReadonlyArray<Record<string, string | number>>;
  /** Whole-corpus messages per second, by parser name. */
  readonly totals: ReadonlyArray<readonly [string, number]>;
}

/** Runs `work` for about `sliceMs` and returns calls per second. */
function rateOf(work: () => void, sliceMs: number): number {
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < sliceMs) {
    for (let i = 0; i < 16; i++) work();
    calls += 16;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

/**
 * Best-of-rounds rate per parser, the parsers interleaved round by round so
 * that a burst of load from other processes on the shared machine hits them
 * alike and the best slice of each is its undisturbed speed.
 */
function bestRates(works: ReadonlyArray<() => void>, rounds: number, sliceMs: number): number[] {
  const best = works.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    works.forEach((work, i) => {
      best[i] = Math.max(best[i] ?? 0, rateOf(work, sliceMs));
    });
  }
  return best;
}

/** Times every parser on every corpus message, then on the whole corpus. */
export function measureSipParsers(smoke: boolean): SipParserFigures {
  const rounds = smoke ? 3 : 15;
  const sliceMs = smoke ? 40 : 100;
  // Every parser must accept every corpus message before anything is timed.
  for (const parser of PARSERS) for (const { bytes } of CORPUS) parser.parse(bytes);
  let sink = 0;
  // Warm-up: let the JIT settle on every parser before the first timed slice.
  for (const parser of PARSERS) {
    rateOf(() => {
      for (const { bytes } of CORPUS) sink += parser.parse(bytes);
    }, smoke ? 100 : 500);
  }
  const rows: Array<Record<string, string | number>> = [];
  for (const { kind, bytes } of CORPUS) {
    const row: Record<string, string | number> = { message: kind, bytes: bytes.length };
    const rates = bestRates(
      PARSERS.map((parser) => () => {
        sink += parser.parse(bytes);
      }),
      Math.ceil(rounds / 2),
      sliceMs,
    );
    PARSERS.forEach((parser, i) => {
      row[`${parser.name} msg/s`] = Math.round(rates[i] ?? 0);
    });
    rows.push(row);
  }
  const mix: Record<string, string | number> = { message: 'whole corpus', bytes: CORPUS.reduce((n, m) => n + m.bytes.length, 0) };
  const corpusRates = bestRates(
    PARSERS.map((parser) => () => {
      for (const { bytes } of CORPUS) sink += parser.parse(bytes);
    }),
    rounds,
    sliceMs,
  );
  const totals: Array<[string, number]> = [];
  PARSERS.forEach((parser, i) => {
    const rate = Math.round((corpusRates[i] ?? 0) * CORPUS.length);
    totals.push([parser.name, rate]);
    mix[`${parser.name} msg/s`] = rate;
  });
  rows.push(mix);
  if (sink === 0) throw new Error('parsers produced nothing');
  return { rows, totals };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  process.stdout.write(JSON.stringify(measureSipParsers(process.argv.includes('--smoke'))) + '\n');
}
