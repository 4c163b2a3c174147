/**
 * One batch of load callers: a SIPp process running load-caller.xml with an injection file
 * (room, media port, caller ID per call) at a fixed call rate. Resolves when SIPp exits,
 * with its successful and failed call totals from the final screen.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuUs } from './bridge-process.js';

const SCENARIO = fileURLToPath(new URL('./load-caller.xml', import.meta.url));

/** One call of a batch. */
export interface BatchCall {
  readonly roomId: string;
  readonly mediaPort: number;
  readonly callerId: string;
}

/** Where a batch's media comes from: rtp-player.ts, or SIPp's play_pcap_audio from `address`. */
export type BatchMedia = { readonly kind: 'player' } | { readonly kind: 'sipp'; readonly pcapFile: string; readonly address: string };

/** Outcome of one SIPp run. */
export interface BatchResult {
  readonly code: number | null;
  readonly successful: number;
  readonly failed: number;
  /** The tail of SIPp's output, for a report when something failed. */
  readonly outputTail: string;
}

/** A running batch. */
export interface SippBatch {
  readonly pid: number;
  /** SIPp's CPU so far in µs (0 once it has exited). */
  cpuUs(): number;
  readonly done: Promise<BatchResult>;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Starts SIPp for `calls` at `callsPerSecond` (may be fractional); each call stays `stayMs` after its ACK. */
export async function startBatch(options: {
  readonly workDir: string;
  readonly name: string;
  readonly bridgePort: number;
  readonly calls: readonly BatchCall[];
  readonly callsPerSecond: number;
  readonly stayMs: number;
  readonly media: BatchMedia;
}): Promise<SippBatch> {
  const scenario = join(options.workDir, `${options.name}.xml`);
  const sippPlays = options.media.kind === 'sipp';
  const values: Record<string, string> = {
    STAY_MS: String(Math.round(options.stayMs)),
    MEDIA_IP: sippPlays ? '[media_ip]' : '127.0.0.1',
    MEDIA_PORT: sippPlays ? '[media_port]' : '[field1]',
    PLAY: sippPlays ? `  <nop><action><exec play_pcap_audio="${options.media.pcapFile}"/></action></nop>` : '',
  };
  let text = readFileSync(SCENARIO, 'utf8');
  for (const [name, value] of Object.entries(values)) text = text.split(`{{${name}}}`).join(value);
  writeFileSync(scenario, text);
  const injection = join(options.workDir, `${options.name}.csv`);
  writeFileSync(injection, ['SEQUENTIAL', ...options.calls.map((c) => `${c.roomId};${c.mediaPort};${c.callerId}`)].join('\n') + '\n');
  const count = options.calls.length;
  const timeoutS = Math.ceil(options.stayMs / 1000 + count / options.callsPerSecond + 60);
  // SIPp binds a media port pair and a control port even when it plays no media: give it
  // ones that are free so several SIPp processes can run side by side.
  const [sipPort, mediaPort, controlPort] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
  const args = [
    `127.0.0.1:${options.bridgePort}`,
    '-sf', scenario,
    '-inf', injection,
    '-i', '127.0.0.1',
    '-p', String(sipPort),
    // SIPp's raw sockets take copies of all UDP to this address: one address per SIPp process.
    '-mi', options.media.kind === 'sipp' ? options.media.address : '127.0.0.1',
    '-mp', String(mediaPort),
    '-cp', String(controlPort),
    '-m', String(count),
    '-l', String(count),
    '-r', '1',
    '-rp', String(Math.max(1, Math.round(1000 / options.callsPerSecond))),
    '-t', 'u1',
    '-nostdin',
    '-timeout', `${timeoutS}s`,
    '-timeout_error',
  ];
  const child = spawn('sipp', args, { cwd: options.workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const pid = child.pid ?? 0;
  const done = new Promise<BatchResult>((resolve) => {
    child.on('close', (code) => resolve({ code, ...sippTotals(output), outputTail: output.slice(-3000) }));
  });
  return {
    pid,
    cpuUs: () => {
      try {
        return processCpuUs(pid);
      } catch {
        return 0;
      }
    },
    done,
  };
}

/** The `Successful call` / `Failed call` totals of SIPp's last statistics screen. */
export function sippTotals(output: string): { successful: number; failed: number } {
  const pick = (label: string) => {
    const last = output.split('\n').filter((line) => line.includes(label)).at(-1) ?? '';
    return Number((last.split('|')[2] ?? '').trim() || 'NaN');
  };
  return { successful: pick('Successful call'), failed: pick('Failed call') };
}
