// End-to-end load: the real `pinbridge serve` in a child process on loopback, rooms of
// --size provisioned with a known PIN, and SIPp callers (load-caller.xml) dialling the room
// URIs at --rate calls/s; each call enters the PIN as RFC 4733 events and then talks
// (speech-like G.711 from a pcap, replayed by rtp-player.ts). Load is added in --steps; after
// each step has joined and settled, a --seconds window measures the server process's CPU
// (/proc: user + system, all threads) per participant-second, tick lateness and caller→bridge
// loss from `/health`, and whether every call is still up. The calls hang up by themselves
// after the last window; SIPp's failed-call count then says whether any call broke.
//
//   npm run bench:load -- --participants 500 --size 10 [--seconds 30] [--steps 1] [--rate 20]
//                         [--workers N] [--pcap caller.pcap] [--keep]
//                         [--rtp player|sipp] [--calls-per-sipp 50]
// --rtp sipp has SIPp play the pcap itself (play_pcap_audio), --calls-per-sipp calls per SIPp
// process, each process on its own 127.x address; see rtp-player.ts for what that costs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSmoke, numberArg, parseArgs, percentile, printSummary, printTable, writeResult } from '../harness.js';
import { logDigest, startBridge, type BridgeProcess, type Health } from './bridge-process.js';
import { buildCallerPackets, pcapImage } from './caller-stream.js';
import { LOAD_PIN, provisionRooms, roomIds } from './provision-rooms.js';
import { readPcap } from './read-pcap.js';
import { RtpPlayer } from './rtp-player.js';
import { startBatch, type BatchCall, type BatchMedia, type SippBatch } from './sipp-batch.js';

const args = parseArgs();
const smoke = isSmoke(args);
const participants = Math.max(1, Math.floor(numberArg(args, 'participants', smoke ? 4 : 500)));
const size = Math.max(2, Math.floor(numberArg(args, 'size', smoke ? 2 : 10)));
const windowS = numberArg(args, 'seconds', smoke ? 3 : 30);
const steps = Math.max(1, Math.min(participants, Math.floor(numberArg(args, 'steps', 1))));
const rate = numberArg(args, 'rate', smoke ? 10 : 20);
const workers = args.has('workers') ? numberArg(args, 'workers', 1) : undefined;
const rtpSource = args.get('rtp') ?? 'player';
if (rtpSource !== 'player' && rtpSource !== 'sipp') throw new Error(`--rtp must be player or sipp, got ${JSON.stringify(rtpSource)}`);
const callsPerSipp = Math.max(1, Math.floor(numberArg(args, 'calls-per-sipp', 50)));

/** Time a call needs beyond its place in the ramp to be in its room (answer, PIN prompt, digits, join). */
const JOIN_SLACK_S = smoke ? 5 : 10;
const SETTLE_S = 3;
/** Calls stay this long after the last planned window ends, so a slow ramp does not cut a window short. */
const MARGIN_S = smoke ? 3 : 20;

interface StepRow {
  readonly step: number;
  readonly participants: number;
  readonly rooms: number;
  readonly joinS: number;
  readonly windowS: number;
  readonly serverCpuPct: number;
  readonly cpuUsPerParticipantS: number;
  /** Median over the window's 1 s stats intervals of their p99, and the worst interval's p99 and max. */
  readonly tickLateP99MedianMs: number;
  readonly tickLateP99Ms: number;
  readonly tickLateMaxMs: number;
  readonly rtpIn: number;
  readonly rtpLost: number;
  readonly lossPct: number;
  readonly loadGeneratorCpuPct: number;
  readonly sippCpuPct: number;
  readonly load1m: number;
  readonly held: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stepTargets(): number[] {
  return Array.from({ length: steps }, (_, k) => Math.round((participants * (k + 1)) / steps));
}

function callsFor(from: number, to: number, rooms: readonly string[], ports: readonly number[]): BatchCall[] {
  const calls: BatchCall[] = [];
  for (let i = from; i < to; i++) {
    calls.push({ roomId: rooms[Math.floor(i / size)] ?? '', mediaPort: ports[i - from] ?? 0, callerId: `+1555${String(i).padStart(7, '0')}` });
  }
  return calls;
}

/** Waits until `wanted` participants are in rooms; false on timeout or when a SIPp batch ended early. */
async function waitForParticipants(bridge: BridgeProcess, wanted: number, timeoutMs: number, batches: readonly SippBatch[], ended: Set<SippBatch>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const health = await bridge.health();
    if (health.live.participants >= wanted) return true;
    if (batches.some((b) => ended.has(b))) return false;
    await sleep(500);
  }
  return false;
}

async function measureWindow(bridge: BridgeProcess, batches: readonly SippBatch[], step: number, target: number, rooms: number, joinS: number): Promise<StepRow> {
  const sippCpuUs = () => batches.reduce((sum, b) => sum + b.cpuUs(), 0);
  const before: Health = await bridge.health();
  const sipp0 = sippCpuUs();
  const cpu0 = bridge.cpuUs();
  const generator0 = process.cpuUsage();
  const t0 = performance.now();
  const p99s: number[] = [];
  let max = 0;
  let lowest = before.live.participants;
  while (performance.now() - t0 < windowS * 1000) {
    await sleep(Math.min(1000, Math.max(0, windowS * 1000 - (performance.now() - t0))));
    const health = await bridge.health();
    p99s.push(health.media.tickLatenessP99Ms ?? 0);
    max = Math.max(max, health.media.tickLatenessMaxMs ?? 0);
    lowest = Math.min(lowest, health.live.participants, health.media.endpoints ?? 0);
  }
  const after: Health = await bridge.health();
  const elapsedS = (performance.now() - t0) / 1000;
  const cpuUs = bridge.cpuUs() - cpu0;
  const sippUs = sippCpuUs() - sipp0;
  const generator = process.cpuUsage(generator0);
  const rtpIn = (after.media.rtpPacketsIn ?? 0) - (before.media.rtpPacketsIn ?? 0);
  const rtpLost = Math.max(0, (after.media.rtpPacketsLost ?? 0) - (before.media.rtpPacketsLost ?? 0));
  return {
    step,
    participants: target,
    rooms,
    joinS,
    windowS: elapsedS,
    serverCpuPct: (cpuUs / (elapsedS * 1e6)) * 100,
    cpuUsPerParticipantS: cpuUs / (target * elapsedS),
    tickLateP99MedianMs: percentile(p99s, 50),
    tickLateP99Ms: Math.max(0, ...p99s),
    tickLateMaxMs: max,
    rtpIn,
    rtpLost,
    lossPct: rtpIn + rtpLost === 0 ? 100 : (rtpLost / (rtpIn + rtpLost)) * 100,
    loadGeneratorCpuPct: ((generator.user + generator.system) / (elapsedS * 1e6)) * 100,
    sippCpuPct: (sippUs / (elapsedS * 1e6)) * 100,
    load1m: loadavg()[0] ?? 0,
    held: lowest >= target && after.live.participants === target,
  };
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'pinbridge-load-'));
  const dataDir = join(workDir, 'data');
  const rooms = roomIds(participants, size);
  provisionRooms(dataDir, rooms, size);
  const targets = stepTargets();
  const planS = (calls: number) => calls / rate + JOIN_SLACK_S + SETTLE_S + windowS;
  const stepCalls = targets.map((t, k) => t - (targets[k - 1] ?? 0));
  const totalS = stepCalls.reduce((sum, n) => sum + planS(n), 0) + MARGIN_S;

  let pcapFile = args.get('pcap');
  if (pcapFile === undefined) {
    pcapFile = join(workDir, 'caller.pcap');
    // The player loops the speech after the PIN; SIPp cannot, so its pcap lasts the whole call.
    const speechMs = rtpSource === 'sipp' ? (totalS + 10) * 1000 : Math.min(120_000, (totalS + 10) * 1000);
    writeFileSync(pcapFile, pcapImage(buildCallerPackets({ digits: LOAD_PIN, leadMs: 1000, speechMs, seed: 1 })));
  }
  const player = rtpSource === 'player' ? await RtpPlayer.start(readPcap(pcapFile), '127.0.0.1') : undefined;
  let sippProcesses = 0;
  const mediaFor = (): BatchMedia => {
    const n = sippProcesses++;
    return rtpSource === 'sipp' ? { kind: 'sipp', pcapFile: pcapFile ?? '', address: `127.0.${1 + Math.floor(n / 250)}.${2 + (n % 250)}` } : { kind: 'player' };
  };
  const bridge = await startBridge({ workDir, dataDir, participants, callsPerSecond: rate, ...(workers === undefined ? {} : { workers }) });
  process.stdout.write(
    `pinbridge serve pid ${bridge.pid} (SIP udp 127.0.0.1:${bridge.sipPort}); ${participants} callers in ${rooms.length} rooms of ${size}, ` +
      `${rate} calls/s, ${steps} step(s), ${windowS} s windows, RTP from ${rtpSource === 'sipp' ? `SIPp play_pcap_audio (${callsPerSipp} calls per SIPp)` : 'rtp-player.ts'}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores\n`,
  );

  const batches: SippBatch[] = [];
  const ended = new Set<SippBatch>();
  const rows: StepRow[] = [];
  let brokeOff = '';
  let remainingS = totalS;
  for (let k = 0; k < steps; k++) {
    const from = targets[k - 1] ?? 0;
    const to = targets[k] ?? participants;
    const ports = player === undefined ? [] : await player.offerPorts(to - from);
    const calls = callsFor(from, to, rooms, ports);
    const chunks: BatchCall[][] = [];
    const perProcess = player === undefined ? callsPerSipp : calls.length;
    for (let i = 0; i < calls.length; i += perProcess) chunks.push(calls.slice(i, i + perProcess));
    const started = performance.now();
    for (const [j, chunk] of chunks.entries()) {
      const batch = await startBatch({
        workDir,
        name: `step${k + 1}-${j + 1}`,
        bridgePort: bridge.sipPort,
        calls: chunk,
        callsPerSecond: rate / chunks.length,
        stayMs: remainingS * 1000,
        media: mediaFor(),
      });
      batches.push(batch);
      void batch.done.then(() => ended.add(batch));
    }
    remainingS -= planS(to - from);
    const joined = await waitForParticipants(bridge, to, ((to - from) / rate + JOIN_SLACK_S * 3) * 1000, batches, ended);
    if (!joined) {
      const health = await bridge.health();
      brokeOff = `step ${k + 1}: only ${health.live.participants} of ${to} participants joined (${health.live.calls} calls up, ${health.live.ivr} in the IVR)`;
      break;
    }
    const joinS = (performance.now() - started) / 1000;
    await sleep(SETTLE_S * 1000);
    const row = await measureWindow(bridge, batches, k + 1, to, Math.ceil(to / size), joinS);
    rows.push(row);
    if (!row.held) {
      brokeOff = `step ${k + 1}: participants dropped below ${to} during the window`;
      break;
    }
  }

  const endHealth = await bridge.health();
  const player0 = player?.counts();
  if (brokeOff !== '') {
    // Stop early: SIGTERM makes the server BYE the remaining calls.
    await bridge.stop();
  }
  const batchResults = await Promise.all(batches.map((b) => b.done));
  player?.close();
  const exitCode = await bridge.stop();

  printTable(
    rows.map((r) => ({
      step: r.step,
      participants: r.participants,
      rooms: r.rooms,
      join_s: r.joinS,
      window_s: r.windowS,
      server_cpu_pct: r.serverCpuPct,
      cpu_us_per_participant_s: r.cpuUsPerParticipantS,
      tick_p99_median_ms: r.tickLateP99MedianMs,
      tick_p99_worst_ms: r.tickLateP99Ms,
      tick_max_ms: r.tickLateMaxMs,
      rtp_in: r.rtpIn,
      rtp_lost: r.rtpLost,
      loss_pct: r.lossPct,
      player_cpu_pct: r.loadGeneratorCpuPct,
      sipp_cpu_pct: r.sippCpuPct,
      load_1m: r.load1m,
      held: r.held ? 'yes' : 'no',
    })),
  );
  const successful = batchResults.reduce((sum, r) => sum + (Number.isFinite(r.successful) ? r.successful : 0), 0);
  const failed = batchResults.reduce((sum, r) => sum + (Number.isFinite(r.failed) ? r.failed : 1), 0);
  process.stdout.write(
    `SIPp: ${successful} successful, ${failed} failed calls of ${participants}; server exit code ${String(exitCode)}; ` +
      (player0 === undefined ? `${sippProcesses} SIPp processes played the pcap\n` : `player: ${player0.streaming} streams, ${player0.waiting} never answered with media, ${player0.sendErrors} send errors\n`),
  );
  if (brokeOff !== '') process.stdout.write(`stopped early: ${brokeOff}\nserver log (${participants} calls, then the shutdown BYEs): ${logDigest(bridge.logFile)}\n`);
  const firstBroken = batchResults.findIndex((r) => r.failed !== 0 || r.code !== 0);
  for (const [i, r] of batchResults.entries()) {
    if (i === firstBroken) process.stdout.write(`SIPp process ${i + 1} exit ${String(r.code)}:\n${r.outputTail.slice(-1200)}\n`);
  }

  const csv = [
    'step,participants,rooms,join_s,window_s,server_cpu_pct,cpu_us_per_participant_s,tick_p99_median_ms,tick_p99_worst_ms,tick_max_ms,rtp_in,rtp_lost,loss_pct,player_cpu_pct,sipp_cpu_pct,load_1m,held',
    ...rows.map((r) =>
      [r.step, r.participants, r.rooms, r.joinS.toFixed(1), r.windowS.toFixed(1), r.serverCpuPct.toFixed(1), r.cpuUsPerParticipantS.toFixed(0), r.tickLateP99MedianMs.toFixed(2), r.tickLateP99Ms.toFixed(2), r.tickLateMaxMs.toFixed(2), r.rtpIn, r.rtpLost, r.lossPct.toFixed(4), r.loadGeneratorCpuPct.toFixed(1), r.sippCpuPct.toFixed(1), r.load1m.toFixed(2), r.held ? 'yes' : 'no'].join(','),
    ),
  ];
  const csvPath = writeResult(`load-${participants}.csv`, csv.join('\n') + '\n');
  process.stdout.write(`csv: ${csvPath}\n`);

  const last = rows.at(-1);
  const held =
    brokeOff === '' &&
    last !== undefined &&
    last.participants === participants &&
    rows.every((r) => r.held) &&
    endHealth.live.participants === participants &&
    failed === 0 &&
    successful === participants &&
    batchResults.every((r) => r.code === 0);
  if (args.has('keep')) process.stdout.write(`kept ${workDir} (server logs, SIPp scenario and injection files)\n`);
  else rmSync(workDir, { recursive: true, force: true });
  printSummary([
    ['participants', participants],
    ['held', held ? 'yes' : 'no'],
    ['cpu_us_per_participant_s', Math.round(last?.cpuUsPerParticipantS ?? 0)],
    ['loss_pct', Number((last?.lossPct ?? 100).toFixed(3))],
  ]);
}

await main();
