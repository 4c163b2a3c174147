/**
 * The process under test: the built `pinbridge serve` (packages/bridge/dist/cli/main.js) as a
 * child process on loopback, with a temp data folder and a config file: SIP on UDP, an RTP
 * range sized for the load, the admin HTTP port for `/health`, the media workers left at
 * their default, and loopback declared as a trunk so each caller is keyed by its caller ID
 * (a direct caller is keyed by source IP, and every load caller comes from 127.0.0.1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../packages/bridge/dist/cli/main.js', import.meta.url));
const CLOCK_TICKS_PER_S = 100;

/** The parts of `GET /health` the benchmark reads. */
export interface Health {
  readonly live: { readonly calls: number; readonly ivr: number; readonly rooms: number; readonly participants: number };
  readonly media: {
    readonly workers?: number;
    readonly endpoints?: number;
    readonly rtpPacketsIn?: number;
    readonly rtpPacketsLost?: number;
    readonly tickLatenessP99Ms?: number;
    readonly tickLatenessMaxMs?: number;
  };
}

/** Call-end reasons and warnings from a server log (JSON lines), for a report when calls broke. */
export function logDigest(logFile: string): string {
  const reasons = new Map<string, number>();
  const warnings = new Map<string, number>();
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const record = JSON.parse(line) as { level?: number; msg?: string; reason?: string };
      if (record.msg === 'call ended') reasons.set(record.reason ?? '?', (reasons.get(record.reason ?? '?') ?? 0) + 1);
      else if ((record.level ?? 0) >= 40) warnings.set(record.msg ?? '?', (warnings.get(record.msg ?? '?') ?? 0) + 1);
    } catch {
      // not a log record
    }
  }
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  return `calls ended by reason: ${list(reasons)}; warnings: ${list(warnings)}`;
}

/** A started bridge. */
export interface BridgeProcess {
  readonly pid: number;
  readonly sipPort: number;
  readonly logFile: string;
  health(): Promise<Health>;
  /** CPU time (user + system, every thread) of the server process so far, in µs. */
  cpuUs(): number;
  /** SIGTERM (the server BYEs every call and exits 0) and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Start options. */
export interface BridgeOptions {
  readonly workDir: string;
  readonly dataDir: string;
  readonly participants: number;
  /** Expected call rate, for the trunk's contracted CPS. */
  readonly callsPerSecond: number;
  /** Only when asked: otherwise the default (one per core beyond the first). */
  readonly workers?: number;
}

/** CPU time of any process (user + system of all its threads) from /proc, in µs. */
export function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_S;
}

async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function configYaml(options: BridgeOptions, ports: { sip: number; rtpMin: number; rtpMax: number; http: number }): string {
  return [
    'sip:',
    '  listen:',
    `    - { transport: udp, host: 127.0.0.1, port: ${ports.sip} }`,
    'media:',
    '  bindAddress: 127.0.0.1',
    `  rtpPortMin: ${ports.rtpMin}`,
    `  rtpPortMax: ${ports.rtpMax}`,
    ...(options.workers === undefined ? [] : [`  workers: ${options.workers}`]),
    'http:',
    '  host: 127.0.0.1',
    `  port: ${ports.http}`,
    'trunks:',
    '  - name: load',
    '    cidrs: [127.0.0.0/8]',
    'policy:',
    '  admission:',
    `    trunkCps: { load: ${Math.max(10, Math.ceil(options.callsPerSecond * 2))} }`,
    '',
  ].join('\n');
}

/** Starts the server (a few tries with other ports if one is taken) and waits for `/health`. */
export async function startBridge(options: BridgeOptions): Promise<BridgeProcess> {
  const rtpSpan = Math.max(2000, options.participants * 4 + 1000);
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    // Below the kernel's ephemeral range (32768+), where SIPp and the offer sockets get theirs.
    const rtpMin = (10000 + Math.floor(Math.random() * (32000 - rtpSpan - 10000))) & ~1;
    const ports = { sip: 5100 + Math.floor(Math.random() * 4000), rtpMin, rtpMax: rtpMin + rtpSpan, http: await freeTcpPort() };
    const configFile = join(options.workDir, 'bench.yaml');
    writeFileSync(configFile, configYaml(options, ports));
    const logFile = join(options.workDir, `serve-${attempt}.log`);
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, [SERVE, 'serve', '--config', configFile, '--data', options.dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // info: call start/end and joins (ramp only; the steady window logs nothing).
      env: { ...process.env, PINBRIDGE_LOG_LEVEL: 'info' },
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = await waitForHealth(ports.http, child, 30_000);
    if (ready) return handle(child, exited, ports, logFile);
    child.kill('SIGKILL');
    await exited;
    lastError = readFileSync(logFile, 'utf8').slice(-2000);
  }
  throw new Error(`pinbridge serve did not start:\n${lastError}`);
}

async function waitForHealth(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function handle(child: ChildProcess, exited: Promise<number | null>, ports: { sip: number; http: number }, logFile: string): BridgeProcess {
  const pid = child.pid ?? 0;
  return {
    pid,
    sipPort: ports.sip,
    logFile,
    async health() {
      const response = await fetch(`http://127.0.0.1:${ports.http}/health`);
      return (await response.json()) as Health;
    },
    cpuUs: () => processCpuUs(pid),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timeout);
      return code;
    },
  };
}
