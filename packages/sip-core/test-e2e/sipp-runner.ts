// Helpers for the SIPp interop tests: spawn the example UAS, pick free ports, run SIPp, read its stats.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const EXAMPLE = fileURLToPath(new URL('../examples/answer-uas.ts', import.meta.url));
export const SCENARIOS = fileURLToPath(new URL('../sipp/', import.meta.url));
/** Repository root: `--import tsx` resolves from the working directory. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A port free for both UDP and TCP on 127.0.0.1, found by binding 0. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const a = server.address();
        resolve(typeof a === 'object' && a !== null ? a.port : 0);
      }),
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const udp = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (ok) return port;
  }
  throw new Error('no free port');
}

/** The example UAS in its own process, controlled over stdin. */
export interface UasProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Asks for {stats, cpu}. */
  stats(): Promise<{ stats: Record<string, number>; cpu: { user: number; system: number } }>;
  stop(): Promise<void>;
}

/** Starts the example UAS on an ephemeral port and waits for its `listening` line. */
export async function startUas(transport: 'udp' | 'tcp', extraArgs: readonly string[] = []): Promise<UasProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', EXAMPLE, '--port', '0', '--transport', transport, '--control', ...extraArgs], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: ROOT,
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const waiters: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter !== undefined && (line.startsWith('{') || line.startsWith('listening'))) waiter(line);
    else if (waiter !== undefined) waiters.unshift(waiter);
  });
  const next = (): Promise<string> => new Promise((resolve) => waiters.push(resolve));
  const listening = await next();
  const port = Number(/:(\d+)$/.exec(listening)?.[1] ?? '0');
  return {
    child,
    port,
    async stats() {
      const reply = next();
      child.stdin?.write('stats\n');
      return JSON.parse(await reply) as { stats: Record<string, number>; cpu: { user: number; system: number } };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end('quit\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** SIPp's outcome: exit code and the last row of its `-stf` statistics file. */
export interface SippResult {
  readonly code: number | null;
  readonly stats: Record<string, number>;
  readonly stdout: string;
}

/** Runs SIPp in the foreground (no `-bg`) and parses its statistics CSV. */
export async function runSipp(args: readonly string[]): Promise<SippResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const stf = join(dir, 'stats.csv');
  const child = spawn('sipp', [...args, '-nostdin', '-trace_stat', '-stf', stf, '-timeout', '30s', '-timeout_error'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const rows = readFileSync(stf, 'utf8').trim().split('\n');
  const header = (rows[0] ?? '').split(';');
  const last = (rows[rows.length - 1] ?? '').split(';');
  const stats: Record<string, number> = {};
  header.forEach((name, i) => {
    const value = Number(last[i]);
    if (name !== '' && Number.isFinite(value)) stats[name] = value;
  });
  return { code, stats, stdout };
}
