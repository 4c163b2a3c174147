/**
 * The networked mixer benchmark: the real `MediaEngine` (worker threads, UDP on loopback) in
 * this process, the load generator in a child process. Load is added in steps; each step
 * settles, then measures this process's CPU (main + media workers), tick lateness and cost
 * (merged worker histograms), and packet loss both ways.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { histogramPercentile, MediaEngine, TICK_HISTOGRAM_BUCKETS, type WorkerStats } from '@pinbridge/rtp-mixer';
import type { FromGenerator, LoadCodec, LoadParticipant, ToGenerator } from './load-generator.js';
import { specOf } from './offline-mix.js';

/** Options of a networked run. */
export interface NetworkOptions {
  readonly rooms: number;
  readonly size: number;
  readonly talkers: number;
  readonly codec: LoadCodec | 'mixed';
  readonly workers: number;
  readonly stepSeconds: number;
  readonly steps: number;
  readonly crossWorker: boolean;
  /** Connect RTP sockets to their latched phone (`MediaEngineOptions.connectLatchedRtp`). */
  readonly connectLatched: boolean;
}

/** One measured load step. */
export interface StepResult {
  readonly participants: number;
  readonly cpuUsPerParticipantS: number;
  readonly tickCostP50Ms: number;
  readonly tickCostP99Ms: number;
  readonly tickLateP50Ms: number;
  readonly tickLateP99Ms: number;
  readonly tickLateMaxMs: number;
  readonly lossPct: number;
  /** Packets per second per participant the engine actually received and the generator got back. */
  readonly inPps: number;
  readonly outPps: number;
  readonly held: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class Generator {
  private readonly child: ChildProcess;
  private readonly waiting: Array<(message: FromGenerator) => void> = [];

  constructor() {
    const entry = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
    this.child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: FromGenerator) => this.waiting.shift()?.(message));
  }

  ask(message: ToGenerator): Promise<FromGenerator> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send(message);
    });
  }

  stop(): void {
    this.child.send({ type: 'stop' } satisfies ToGenerator);
    setTimeout(() => this.child.kill(), 1000).unref();
  }
}

function mergeInto(target: Float64Array, histogram: readonly number[]): void {
  for (let i = 0; i < histogram.length && i < target.length; i++) target[i] = (target[i] ?? 0) + (histogram[i] ?? 0);
}

/** Runs the stepped load and returns one result per step. */
export async function runNetwork(options: NetworkOptions, log: (line: string) => void): Promise<StepResult[]> {
  const engine = await MediaEngine.start({
    workers: options.workers,
    bindAddress: '127.0.0.1',
    rtpPortMin: 20000,
    rtpPortMax: 32000,
    statsIntervalMs: 500,
    mixTalkers: 3,
    connectLatchedRtp: options.connectLatched,
  });
  const generator = new Generator();
  const results: StepResult[] = [];
  let late = new Float64Array(TICK_HISTOGRAM_BUCKETS);
  let cost = new Float64Array(TICK_HISTOGRAM_BUCKETS);
  let lateMax = 0;
  let isMeasuring = false;
  engine.on('stats', (stats: WorkerStats) => {
    if (!isMeasuring) return;
    mergeInto(late, stats.tickLateHistogram);
    mergeInto(cost, stats.tickCostHistogram);
    lateMax = Math.max(lateMax, stats.tickLateMaxMs);
  });
  const endpointIds: string[] = [];
  let roomsBuilt = 0;
  try {
    for (let step = 1; step <= options.steps; step++) {
      const targetRooms = Math.ceil((options.rooms * step) / options.steps);
      const newRooms = targetRooms - roomsBuilt;
      if (newRooms <= 0) continue;
      const opened = await generator.ask({ type: 'open', count: newRooms * options.size });
      if (opened.type !== 'opened') throw new Error('generator did not open sockets');
      const participants: LoadParticipant[] = [];
      let p = 0;
      for (let r = roomsBuilt; r < targetRooms; r++) {
        const roomId = `room-${r}`;
        for (let m = 0; m < options.size; m++, p++) {
          const codec: LoadCodec = options.codec === 'mixed' ? (m % 2 === 0 ? 'pcmu' : 'opus') : options.codec;
          const ep = await engine.createEndpoint({
            codec: specOf(codec),
            ptimeMs: 20,
            remote: { address: '127.0.0.1', port: opened.ports[p] ?? 0 },
            ...(options.crossWorker ? {} : { roomHint: roomId }),
          });
          await engine.joinRoom(ep.endpointId, roomId);
          endpointIds.push(ep.endpointId);
          participants.push({ index: endpointIds.length - 1, enginePort: ep.localPort, codec, toneHz: m < options.talkers ? 300 + 110 * m : 0 });
        }
      }
      roomsBuilt = targetRooms;
      await generator.ask({ type: 'start', participants });
      await sleep(2000); // settle: latching, jitter buffers, JIT
      const count = endpointIds.length;
      const upstream = (): { received: number; lost: number } => {
        let received = 0;
        let lost = 0;
        for (const id of endpointIds) {
          const s = engine.endpointStats(id);
          received += s?.packetsReceived ?? 0;
          lost += s?.packetsLost ?? 0;
        }
        return { received, lost };
      };
      await generator.ask({ type: 'window' });
      const up0 = upstream();
      late = new Float64Array(TICK_HISTOGRAM_BUCKETS);
      cost = new Float64Array(TICK_HISTOGRAM_BUCKETS);
      lateMax = 0;
      isMeasuring = true;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await sleep(options.stepSeconds * 1000);
      const cpu = process.cpuUsage(cpu0);
      const wallS = (performance.now() - t0) / 1000;
      await sleep(600); // let the last stats interval arrive
      isMeasuring = false;
      const down = await generator.ask({ type: 'window' });
      const up1 = upstream();
      if (down.type !== 'window') throw new Error('generator window failed');
      const upExpected = up1.received - up0.received + Math.max(0, up1.lost - up0.lost);
      const upLost = Math.max(0, up1.lost - up0.lost);
      const downLost = Math.max(0, down.expected - down.received);
      const lossPct = (100 * (upLost + downLost)) / Math.max(1, upExpected + down.expected);
      const tickLateP99Ms = histogramPercentile(late, 99);
      const result: StepResult = {
        participants: count,
        cpuUsPerParticipantS: (cpu.user + cpu.system) / (count * wallS),
        tickCostP50Ms: histogramPercentile(cost, 50),
        tickCostP99Ms: histogramPercentile(cost, 99),
        tickLateP50Ms: histogramPercentile(late, 50),
        tickLateP99Ms,
        tickLateMaxMs: lateMax,
        lossPct,
        inPps: (up1.received - up0.received) / (count * (wallS + 0.6)),
        outPps: down.received / (count * (wallS + 0.6)),
        held: tickLateP99Ms < 5 && lossPct < 0.1,
      };
      log(
        `step ${step}/${options.steps}: ${count} participants, cpu ${result.cpuUsPerParticipantS.toFixed(0)} µs/participant-s, ` +
          `late p99 ${tickLateP99Ms.toFixed(1)} ms, loss ${lossPct.toFixed(3)} %, in/out ${result.inPps.toFixed(1)}/${result.outPps.toFixed(1)} pps per participant ` +
          `(generator send lateness p99 ${down.sendLateP99Ms.toFixed(1)} ms)`,
      );
      results.push(result);
    }
  } finally {
    generator.stop();
    await engine.close();
  }
  return results;
}
