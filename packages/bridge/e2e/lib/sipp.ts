/**
 * Runs SIPp (Debian package `sip-tester`) against the bridge on loopback: fills a scenario
 * template from e2e/sipp/, writes it and its pcap to a temp folder, and resolves with the
 * exit code (0: every call passed) and the output for diagnostics.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder holding the committed scenarios. */
export const SIPP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'sipp');

/** Reads a scenario or part from e2e/sipp/ and replaces `{{NAME}}` placeholders. */
export function fillTemplate(file: string, values: Readonly<Record<string, string | number>>): string {
  let text = readFileSync(join(SIPP_DIR, file), 'utf8');
  for (const [name, value] of Object.entries(values)) text = text.split(`{{${name}}}`).join(String(value));
  const missing = /\{\{([A-Z_]+)\}\}/.exec(text);
  if (missing !== null) throw new Error(`${file}: no value for {{${missing[1] ?? ''}}}`);
  return text;
}

/** A random high port pair base (even), away from the bridge's ranges. */
export function randomPort(min = 30000, span = 20000): number {
  return (min + Math.floor(Math.random() * span)) & ~1;
}

/** Result of one SIPp run. */
export interface SippResult {
  readonly code: number | null;
  readonly output: string;
}

/** SIPp's exit code when it could not start (e.g. a socket it wanted was taken). */
const SIPP_START_FAILED = 254;

/**
 * Runs SIPp as a UAC with the scenario text; `service` is the Request-URI user. Its local
 * SIP and media ports are random: when one is taken (other tests on the machine), SIPp
 * exits at once without a call and is started again on other ports.
 */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  let result: SippResult = { code: null, output: '' };
  for (let attempt = 0; attempt < 4; attempt++) {
    result = await runSippOnce(options);
    if (result.code !== SIPP_START_FAILED || !result.output.includes('Unable to bind')) return result;
  }
  return result;
}

/** Options for `runSipp`. */
export interface SippOptions {
  readonly workDir: string;
  readonly name: string;
  readonly scenario: string;
  readonly service: string;
  readonly bridgePort: number;
  readonly transport?: 'u1' | 't1';
  /** Local address for signalling and media (any 127.x.y.z on Linux loopback); default 127.0.0.1. */
  readonly localIp?: string;
  readonly calls?: number;
  readonly timeoutS?: number;
  readonly extraArgs?: readonly string[];
}

function runSippOnce(options: SippOptions): Promise<SippResult> {
  const file = join(options.workDir, `${options.name}.xml`);
  writeFileSync(file, options.scenario);
  const localPort = randomPort(30000, 10000);
  const mediaPort = randomPort(40000, 10000);
  const args = [
    `127.0.0.1:${options.bridgePort}`,
    '-sf', file,
    '-s', options.service,
    '-i', options.localIp ?? '127.0.0.1',
    '-p', String(localPort),
    '-mi', options.localIp ?? '127.0.0.1',
    '-mp', String(mediaPort),
    '-m', String(options.calls ?? 1),
    '-l', String(options.calls ?? 1),
    '-t', options.transport ?? 'u1',
    '-timeout', `${options.timeoutS ?? 45}s`,
    '-timeout_error',
    '-max_recv_loops', '1000',
    ...(options.extraArgs ?? []),
  ];
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { cwd: options.workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The `Successful call` / `Failed call` totals from SIPp's final screen. */
export function sippTotals(output: string): { successful: number; failed: number } {
  const pick = (label: string) => {
    const lines = output.split('\n').filter((l) => l.includes(label));
    const last = lines.at(-1) ?? '';
    const cells = last.split('|');
    return Number((cells[2] ?? '').trim() || 'NaN');
  };
  return { successful: pick('Successful call'), failed: pick('Failed call') };
}
