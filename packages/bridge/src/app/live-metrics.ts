/**
 * Feeds `/metrics` from the running bridge: the live counts (calls, IVR sessions, rooms,
 * participants) are read when Prometheus scrapes, and every engine stats report adds its
 * ticks to the per-worker tick duration and lateness histograms and its per-endpoint RTP
 * counters (as deltas, since the engine reports running totals) to the RTP counters.
 */
import type { MetricsSource } from '../admin-api/index.js';
import type { BridgeMetrics } from '../metrics/index.js';
import type { MediaLiveControl, WorkerFigures } from './ports.js';

/** The live counts read at scrape time. */
export interface LiveCounts {
  readonly calls: number;
  readonly ivr: number;
  readonly rooms: number;
  readonly participants: number;
}

interface SeenEndpoint {
  readonly worker: number;
  packetsReceived: number;
  packetsSent: number;
  packetsLost: number;
}

/** Connects `metrics` to the engine's stats and returns the `/metrics` source. */
export function liveMetrics(metrics: BridgeMetrics, live: MediaLiveControl | undefined, counts: () => LiveCounts): MetricsSource {
  const endpoints = new Map<string, SeenEndpoint>();
  const workers = new Set<number>();
  live?.onWorkerStats((stats) => observeWorker(metrics, stats, endpoints, live.tickHistogramBucketMs, workers));
  return {
    async render() {
      const now = counts();
      metrics.activeCalls.set(now.calls);
      metrics.ivrSessions.set(now.ivr);
      metrics.activeRooms.set(now.rooms);
      metrics.participants.set(now.participants);
      return metrics.render();
    },
  };
}

function observeWorker(metrics: BridgeMetrics, stats: WorkerFigures, endpoints: Map<string, SeenEndpoint>, bucketMs: number, workers: Set<number>): void {
  const worker = String(stats.workerIndex);
  workers.add(stats.workerIndex);
  metrics.workers.set(workers.size);
  metrics.workerLoad.set({ worker }, stats.endpoints);
  observeHistogram(stats.tickCostHistogram, bucketMs, (ms) => metrics.tickDuration.observe({ worker }, ms));
  observeHistogram(stats.tickLateHistogram, bucketMs, (ms) => metrics.tickLateness.observe({ worker }, ms));
  const present = new Set<string>();
  for (const e of stats.endpointStats) {
    present.add(e.endpointId);
    const seen = endpoints.get(e.endpointId) ?? { worker: stats.workerIndex, packetsReceived: 0, packetsSent: 0, packetsLost: 0 };
    metrics.observeRtp({
      packetsIn: Math.max(0, e.packetsReceived - seen.packetsReceived),
      packetsOut: Math.max(0, e.packetsSent - seen.packetsSent),
      packetsLost: Math.max(0, e.packetsLost - seen.packetsLost),
      jitterMs: e.jitterMs,
    });
    seen.packetsReceived = e.packetsReceived;
    seen.packetsSent = e.packetsSent;
    seen.packetsLost = e.packetsLost;
    endpoints.set(e.endpointId, seen);
  }
  for (const [id, seen] of endpoints) if (seen.worker === stats.workerIndex && !present.has(id)) endpoints.delete(id);
}

/** Replays a bucketed histogram (bucket i covers [i, i+1) × width) as observations at bucket centres. */
function observeHistogram(histogram: readonly number[], bucketMs: number, observe: (ms: number) => void): void {
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    for (let n = 0; n < count; n++) observe((i + 0.5) * bucketMs);
  }
}
