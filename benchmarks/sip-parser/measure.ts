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
  /** Whole-corpus messages per second (median of the slices), by parser name. */
  readonly totals: ReadonlyArray<readonly [string, number]>;
  /** pinbridge's speed over each parser's: median of the per-round ratios. */
  readonly ratios: ReadonlyArray<readonly [string, number]>;
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
 * Rates per parser from `rounds` interleaved slices: in every round each
 * parser runs one short slice right after the others, so a burst of load from
 * other processes on the shared machine hits them alike. Returns the median
 * rate of each parser and, per parser, the median of its per-round ratio to
 * the first parser (the pairs are measured milliseconds apart, which is what
 * makes the ratio hold on a noisy machine).
 */
function pairedRates(works: ReadonlyArray<() => void>, rounds: number, sliceMs: number): { rates: number[]; ratioToFirst: number[] } {
  const samples: number[][] = works.map(() => []);
  for (let r = 0; r < rounds; r++) {
    works.forEach((work, i) => {
      samples[i]?.push(rateOf(work, sliceMs));
    });
  }
  const rates = samples.map(median);
  const first = samples[0] ?? [];
  const ratioToFirst = samples.map((list) => median(first.map((v, r) => v / (list[r] ?? v))));
  return { rates, ratioToFirst };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Times every parser on every corpus message, then on the whole corpus. */
export function measureSipParsers(smoke: boolean): SipParserFigures {
  const rounds = smoke ? 5 : 41;
  const sliceMs = smoke ? 20 : 40;
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
    const { rates } = pairedRates(
      PARSERS.map((parser) => () => {
        sink += parser.parse(bytes);
      }),
      Math.ceil(rounds / 3),
      sliceMs,
    );
    PARSERS.forEach((parser, i) => {
      row[`${parser.name} msg/s`] = Math.round(rates[i] ?? 0);
    });
    rows.push(row);
  }
  const mix: Record<string, string | number> = { message: 'whole corpus', bytes: CORPUS.reduce((n, m) => n + m.bytes.length, 0) };
  const corpus = pairedRates(
    PARSERS.map((parser) => () => {
      for (const { bytes } of CORPUS) sink += parser.parse(bytes);
    }),
    rounds,
    sliceMs * 2,
  );
  const totals: Array<[string, number]> = [];
  const ratios: Array<[string, number]> = [];
  PARSERS.forEach((parser, i) => {
    const rate = Math.round((corpus.rates[i] ?? 0) * CORPUS.length);
    totals.push([parser.name, rate]);
    ratios.push([parser.name, corpus.ratioToFirst[i] ?? 0]);
    mix[`${parser.name} msg/s`] = rate;
  });
  rows.push(mix);
  if (sink === 0) throw new Error('parsers produced nothing');
  return { rows, totals, ratios };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  process.stdout.write(JSON.stringify(measureSipParsers(process.argv.includes('--smoke'))) + '\n');
}
