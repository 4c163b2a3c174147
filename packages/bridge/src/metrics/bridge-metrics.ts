/**
 * Prometheus metrics of a running bridge (served at `/metrics`). One registry per bridge
 * instance, so tests can run several bridges in one process. Labels carry reasons, room IDs
 * and worker numbers only: never PINs, digits or caller IDs.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Why a PIN entry failed, as counted (mirrors the audit reasons). */
export type AuthFailureReason = 'wrong-pin' | 'unknown-room' | 'timeout' | 'locked' | 'refused' | 'not-active' | 'disabled' | 'global-budget';

/** A media worker's tick report, as the engine's stats event gives it. */
export interface WorkerTickSample {
  readonly worker: number;
  readonly tickDurationMs: number;
  readonly tickLatenessMs: number;
}

/** RTP counters of one stats report; deltas since the previous report. */
export interface RtpSample {
  readonly packetsIn: number;
  readonly packetsOut: number;
  readonly packetsLost: number;
  readonly jitterMs?: number;
}

const TICK_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50];

export class BridgeMetrics {
  readonly registry = new Registry();
  readonly activeCalls = new Gauge({ name: 'pinbridge_active_calls', help: 'SIP calls in progress', registers: [this.registry] });
  readonly activeRooms = new Gauge({ name: 'pinbridge_active_rooms', help: 'Conferences with at least one participant', registers: [this.registry] });
  readonly participants = new Gauge({ name: 'pinbridge_participants', help: 'Callers joined to a conference', registers: [this.registry] });
  readonly ivrSessions = new Gauge({ name: 'pinbridge_ivr_sessions', help: 'Callers in the IVR (not yet joined)', registers: [this.registry] });
  readonly joins = new Counter({ name: 'pinbridge_joins_total', help: 'Conference joins', labelNames: ['role'] as const, registers: [this.registry] });
  readonly leaves = new Counter({ name: 'pinbridge_leaves_total', help: 'Conference leaves', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly authFailures = new Counter({ name: 'pinbridge_auth_failures_total', help: 'Failed PIN entries by reason', labelNames: ['reason', 'role'] as const, registers: [this.registry] });
  readonly lockouts = new Counter({ name: 'pinbridge_lockouts_total', help: 'Source, room and global lockouts', labelNames: ['scope'] as const, registers: [this.registry] });
  readonly sipRejected = new Counter({ name: 'pinbridge_sip_admission_total', help: 'New SIP requests by admission outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly rtpPacketsIn = new Counter({ name: 'pinbridge_rtp_packets_in_total', help: 'RTP packets received', registers: [this.registry] });
  readonly rtpPacketsOut = new Counter({ name: 'pinbridge_rtp_packets_out_total', help: 'RTP packets sent', registers: [this.registry] });
  readonly rtpPacketsLost = new Counter({ name: 'pinbridge_rtp_packets_lost_total', help: 'RTP packets lost on receive', registers: [this.registry] });
  readonly rtpJitter = new Histogram({ name: 'pinbridge_rtp_jitter_ms', help: 'Interarrival jitter reported per stream', buckets: [1, 5, 10, 20, 40, 80, 160], registers: [this.registry] });
  readonly tickDuration = new Histogram({ name: 'pinbridge_mixer_tick_duration_ms', help: 'Mixer tick cost per worker', labelNames: ['worker'] as const, buckets: TICK_BUCKETS_MS, registers: [this.registry] });
  readonly tickLateness = new Histogram({ name: 'pinbridge_mixer_tick_lateness_ms', help: 'Mixer tick start lateness per worker', labelNames: ['worker'] as const, buckets: TICK_BUCKETS_MS, registers: [this.registry] });
  readonly workers = new Gauge({ name: 'pinbridge_media_workers', help: 'Media worker threads running', registers: [this.registry] });
  readonly workerLoad = new Gauge({ name: 'pinbridge_media_worker_endpoints', help: 'Endpoints placed on each media worker', labelNames: ['worker'] as const, registers: [this.registry] });

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'pinbridge_' });
  }

  /** Records one worker tick sample. */
  observeTick(sample: WorkerTickSample): void {
    const worker = String(sample.worker);
    this.tickDuration.observe({ worker }, sample.tickDurationMs);
    this.tickLateness.observe({ worker }, Math.max(0, sample.tickLatenessMs));
  }

  /** Adds one RTP stats delta. */
  observeRtp(sample: RtpSample): void {
    this.rtpPacketsIn.inc(sample.packetsIn);
    this.rtpPacketsOut.inc(sample.packetsOut);
    this.rtpPacketsLost.inc(Math.max(0, sample.packetsLost));
    if (sample.jitterMs !== undefined) this.rtpJitter.observe(sample.jitterMs);
  }

  /** Counts a failed PIN entry. */
  authFailed(reason: AuthFailureReason, role: 'participant' | 'host'): void {
    this.authFailures.inc({ reason, role });
  }

  /** The text exposition for `GET /metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
