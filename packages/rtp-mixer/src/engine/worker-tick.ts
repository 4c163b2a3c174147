/**
 * The per-tick work of one worker: mix every room, serve endpoints outside a local room
 * (their own playback or silence, or the ring to a room on another worker), end RFC 4733
 * digits, and on slower cadences check RTP timeouts, send RTCP and post stats.
 */
import { histogramPercentile, TICK_HISTOGRAM_BUCKETS, TICK_HISTOGRAM_BUCKET_MS, type WorkerStats } from '../protocol/index.js';
import type { EngineEndpoint } from './engine-endpoint.js';
import type { MediaWorker, RemoteLeg } from './media-worker.js';

const TICKS_PER_TIMEOUT_CHECK = 25;
/** RTCP report interval (RFC 3550 §6.2 minimum 5 s), spread across endpoints. */
const TICKS_PER_RTCP = 250;

function bucketOf(ms: number): number {
  const bucket = Math.floor(ms / TICK_HISTOGRAM_BUCKET_MS);
  return bucket < 0 ? 0 : bucket >= TICK_HISTOGRAM_BUCKETS ? TICK_HISTOGRAM_BUCKETS - 1 : bucket;
}

export class WorkerTick {
  private tickCount = 0;
  private readonly lateness = new Uint32Array(TICK_HISTOGRAM_BUCKETS);
  private readonly cost = new Uint32Array(TICK_HISTOGRAM_BUCKETS);
  private ticksInWindow = 0;
  private lateMaxMs = 0;
  private lastStatsMs = 0;
  private readonly frame = new Int16Array(320);
  private readonly silence = new Int16Array(320);

  constructor(private readonly worker: MediaWorker) {}

  /** One 20 ms tick; `scheduledMs` is when it was due. */
  run(nowMs: number, scheduledMs: number): void {
    const started = performance.now();
    const worker = this.worker;
    this.tickCount++;
    for (const room of worker.roomList) room.mix(nowMs);
    const endpoints = worker.endpointList;
    const checkTimeouts = this.tickCount % TICKS_PER_TIMEOUT_CHECK === 0;
    const rtcpSlot = this.tickCount % TICKS_PER_RTCP;
    for (let i = 0; i < endpoints.length; i++) {
      const endpoint = endpoints[i] as EngineEndpoint;
      if (endpoint.roomId === undefined) this.serveAlone(endpoint, nowMs);
      else if (endpoint.isRemoteLeg) this.serveRemote(endpoint, worker.remoteLegs.get(endpoint.endpointId), nowMs);
      endpoint.pollDigits(nowMs);
      if (checkTimeouts) {
        endpoint.port.poll(nowMs);
        this.checkTimeout(endpoint, nowMs);
      }
      if (i % TICKS_PER_RTCP === rtcpSlot) endpoint.port.sendRtcpReport(nowMs, Date.now());
    }
    const late = nowMs - scheduledMs;
    const lateBucket = bucketOf(late);
    const costBucket = bucketOf(performance.now() - started);
    this.lateness[lateBucket] = (this.lateness[lateBucket] ?? 0) + 1;
    this.cost[costBucket] = (this.cost[costBucket] ?? 0) + 1;
    if (late > this.lateMaxMs) this.lateMaxMs = late;
    this.ticksInWindow++;
    if (nowMs - this.lastStatsMs >= worker.config.statsIntervalMs) {
      this.lastStatsMs = nowMs;
      worker.post({ type: 'stats', stats: this.takeStats(nowMs) });
    }
  }

  private serveAlone(endpoint: EngineEndpoint, nowMs: number): void {
    const frame = this.frame;
    // Drain the jitter buffer (and run in-band DTMF) even though nobody hears this audio.
    endpoint.readInput(frame, nowMs);
    const samples = endpoint.codec.sampleRateHz / 50;
    if (endpoint.readPlayback(frame, samples, false)) endpoint.sendPcm(frame, nowMs);
    else endpoint.sendPcm(this.silence, nowMs);
  }

  private serveRemote(endpoint: EngineEndpoint, leg: RemoteLeg | undefined, nowMs: number): void {
    if (leg === undefined) return;
    const rate = endpoint.codec.sampleRateHz;
    const frame = leg.frame;
    if (endpoint.readFrame(frame, nowMs)) leg.uplink.write(frame, rate / 50, rate);
    const got = leg.downlink.read(frame);
    const out = this.frame;
    if (got === undefined) out.fill(0, 0, rate / 50);
    else if (got.rateHz === rate) out.set(frame.subarray(0, rate / 50));
    else if (rate === 8000) leg.converter.halve(frame, got.samples, out);
    else leg.converter.double(frame, got.samples, out);
    endpoint.readPlayback(out, rate / 50, true);
    endpoint.sendPcm(out, nowMs);
  }

  private checkTimeout(endpoint: EngineEndpoint, nowMs: number): void {
    if (endpoint.isTimedOut || !endpoint.expectsMedia) return;
    if (nowMs - endpoint.port.lastRtpMs < this.worker.config.rtpTimeoutMs) return;
    endpoint.isTimedOut = true;
    this.worker.post({ type: 'rtp-timeout', endpointId: endpoint.endpointId });
  }

  private takeStats(nowMs: number): WorkerStats {
    const usage = process.cpuUsage();
    const stats: WorkerStats = {
      workerIndex: this.worker.config.workerIndex,
      endpoints: this.worker.endpoints.size,
      rooms: this.worker.rooms.size,
      ticks: this.ticksInWindow,
      tickLateP50Ms: histogramPercentile(this.lateness, 50),
      tickLateP99Ms: histogramPercentile(this.lateness, 99),
      tickLateMaxMs: this.lateMaxMs,
      tickCostP50Ms: histogramPercentile(this.cost, 50),
      tickCostP99Ms: histogramPercentile(this.cost, 99),
      tickLateHistogram: Array.from(this.lateness),
      tickCostHistogram: Array.from(this.cost),
      cpuUs: usage.user + usage.system,
      endpointStats: this.worker.endpointList.map((e) => e.snapshot(nowMs)),
    };
    this.lateness.fill(0);
    this.cost.fill(0);
    this.ticksInWindow = 0;
    this.lateMaxMs = 0;
    return stats;
  }
}
