// SIP load: SIPp drives INVITE/100/200/ACK/BYE/200 calls at increasing rates against the
// example UAS (packages/sip-core/examples/answer-uas.ts) running in its own process. For
// each rate step it reports SIPp's successful/failed calls and retransmissions, and the
// UAS's CPU time per call (process.cpuUsage() asked over the example's --control stdin).
// The max rate is the highest step with 0 failed calls and 0 retransmissions.
// SIPp and the UAS share this machine's cores, so SIPp's own CPU limits the highest rates.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isSmoke, numberArg, parseArgs, printSummary, printTable, writeResult } from '../harness.js';

const args = parseArgs();
const smoke = isSmoke(args);
const seconds = numberArg(args, 'seconds', smoke ? 1 : 5);
const rates = (args.get('rates') ?? (smoke ? '100,200' : '250,500,1000,1500,2000,2500,3000'))
  .split(',')
  .map(Number)
  .filter((r) => r > 0);
const EXAMPLE = fileURLToPath(new URL('../../packages/sip-core/examples/answer-uas.ts', import.meta.url));
/** Repository root: `--import tsx` resolves from the working directory. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Usage {
  readonly stats: Record<string, number>;
  readonly cpu: { readonly user: number; readonly system: number };
}

/** A UDP port nobody uses right now (bind 0, read, close). */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Starts the example UAS and returns its port and a stats probe. */
async function startUas(): Promise<{ child: ChildProcess; port: number; usage: () => Promise<Usage> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', EXAMPLE, '--port', '0', '--control', '--quiet'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: ROOT });
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => waiters.shift()?.(line));
  const next = (): Promise<string> => new Promise((resolve) => waiters.push(resolve));
  // --quiet silences the `listening` line too: the first stats reply carries the bound port.
  child.stdin?.write('stats\n');
  const first = JSON.parse(await next()) as Usage & { addresses?: Array<{ port: number }> };
  const port = first.addresses?.[0]?.port ?? 0;
  return {
    child,
    port,
    usage: async () => {
      const reply = next();
      child.stdin?.write('stats\n');
      return JSON.parse(await reply) as Usage;
    },
  };
}

/** Runs SIPp's built-in uac scenario once and returns the last row of its statistics. */
async function runSipp(port: number, rate: number, calls: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'sip-load-'));
  const stf = join(dir, 'stats.csv');
  const local = await freeUdpPort();
  const child = spawn(
    'sipp',
    ['-sn', 'uac', `127.0.0.1:${String(port)}`, '-p', String(local), '-m', String(calls), '-r', String(rate), '-l', String(Math.max(100, rate * 2)), '-d', '0', '-nostdin', '-trace_stat', '-stf', stf, '-timeout', String(seconds * 4 + 20) + 's'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const rows = readFileSync(stf, 'utf8').trim().split('\n');
  const header = (rows[0] ?? '').split(';');
  const last = (rows[rows.length - 1] ?? '').split(';');
  const out: Record<string, number> = {};
  header.forEach((name, i) => {
    const value = Number(last[i]);
    if (name !== '' && Number.isFinite(value)) out[name] = value;
  });
  return out;
}

/** UAS CPU time (user + system, µs) between two probes. */
function cpuMicros(before: Usage, after: Usage): number {
  return after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
}

console.log(`sip-load: SIPp (built-in uac, UDP, -d 0) → example UAS in its own process; ${String(seconds)} s per step.`);
console.log(`Note: SIPp shares this ${String(cpus().length)}-core machine with the UAS; the UAS is one Node process (one core).`);
const uas = await startUas();
const rows: Array<Record<string, string | number>> = [];
let maxCps = 0;
let failedAtMax = 0;
let cpuAtMax = 0;
try {
  // Warm-up (not reported): lets V8 optimise the hot paths before the first measured step.
  if (!smoke) await runSipp(uas.port, 200, 400);
  for (const rate of rates) {
    const calls = Math.round(rate * seconds);
    const before = await uas.usage();
    const wallStart = performance.now();
    const sipp = await runSipp(uas.port, rate, calls);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const after = await uas.usage();
    const ok = sipp['SuccessfulCall(C)'] ?? 0;
    const failed = sipp['FailedCall(C)'] ?? calls;
    const retrans = sipp['Retransmissions(C)'] ?? 0;
    const cpuPerCall = ok > 0 ? cpuMicros(before, after) / ok : 0;
    const achieved = ok / Math.max(wallSeconds - 1, seconds);
    const absorbed = (after.stats['retransmissionsAbsorbed'] ?? 0) - (before.stats['retransmissionsAbsorbed'] ?? 0);
    const pass = failed === 0 && retrans === 0 && ok === calls && achieved >= rate * 0.9;
    rows.push({
      target_cps: rate,
      achieved_cps: Math.round(achieved),
      calls,
      successful: ok,
      failed,
      sipp_retrans: retrans,
      uas_absorbed: absorbed,
      uas_cpu_us_per_call: Math.round(cpuPerCall),
      uas_cpu_pct: Math.round((cpuMicros(before, after) / 1e6 / wallSeconds) * 100),
      pass: pass ? 'yes' : 'no',
    });
    if (pass) {
      maxCps = rate;
      failedAtMax = failed;
      cpuAtMax = cpuPerCall;
    } else if (failed > 0 || achieved < rate * 0.5) {
      break; // past saturation: higher steps only fail harder
    }
  }
} finally {
  uas.child.stdin?.end('quit\n');
  await new Promise<void>((resolve) => (uas.child.exitCode !== null ? resolve() : uas.child.once('exit', () => resolve())));
}
printTable(rows);
writeResult('sip-load.json', JSON.stringify({ seconds, rows }, null, 2));
printSummary([
  ['max_cps', maxCps],
  ['failed', failedAtMax],
  ['cpu_us_per_call', Number(cpuAtMax.toFixed(1))],
]);
