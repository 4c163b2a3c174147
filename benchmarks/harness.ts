/**
 * Shared benchmark plumbing: argument parsing, timing, percentiles, tables and the
 * one `summary: key=value ...` line each benchmark ends with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder for raw output (gitignored). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Parses `--key value` and `--flag` arguments into a map. */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) args.set(key, inline);
    else if (next !== undefined && !next.startsWith('--')) { args.set(key, next); i++; }
    else args.set(key, 'true');
  }
  return args;
}

/** Reads a numeric argument, falling back to a default. */
export function numberArg(args: Map<string, string>, key: string, fallback: number): number {
  const raw = args.get(key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${key} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

/** True when the benchmark runs in CI's short smoke mode (`--smoke` or `BENCH_SMOKE=1`). */
export function isSmoke(args: Map<string, string>): boolean {
  return args.has('smoke') || process.env['BENCH_SMOKE'] === '1';
}

/** The p-th percentile (0-100) of the values, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** Runs `work` repeatedly for about `durationMs` after a warm-up and returns operations per second. */
export function measureOpsPerSecond(work: () => void, options: { durationMs: number; warmupMs?: number }): number {
  const deadline = (ms: number) => performance.now() + ms;
  const warmEnd = deadline(options.warmupMs ?? Math.min(500, options.durationMs / 4));
  while (performance.now() < warmEnd) work();
  let operations = 0;
  const start = performance.now();
  const end = start + options.durationMs;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) work();
    operations += 64;
    now = performance.now();
  }
  return (operations * 1000) / (now - start);
}

/** Prints rows as an aligned text table. */
export function printTable(rows: ReadonlyArray<Record<string, string | number>>): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? formatNumber(v) : (v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c])).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(line(columns) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n');
  for (const row of rows) process.stdout.write(line(columns.map((c) => String(cell(row[c])))) + '\n');
}

/** Formats a number with a sensible precision for tables and summaries. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(4);
}

/** Prints the final `summary: k=v ...` line, in the key order given. */
export function printSummary(fields: ReadonlyArray<readonly [string, string | number]>): void {
  const text = fields.map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : v}`).join(' ');
  process.stdout.write(`summary: ${text}\n`);
}

/** Writes a raw result file under benchmarks/results/ and returns its path. */
export function writeResult(name: string, content: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  writeFileSync(path, content);
  return path;
}
