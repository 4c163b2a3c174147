/**
 * The one message schema between the main thread ({@link MediaEngine}) and its media
 * workers. Every message carries the protocol version `v`; requests carry a `reqId` and are
 * answered by exactly one reply, in order, over the worker's single `parentPort` channel.
 * Events (digits, talking, playback done, timeouts, stats) travel on the same channel, so a
 * reply and the events produced before it arrive in the order the worker produced them.
 *
 * Audio never travels here on the per-packet path: prompts are sent once (a transferable
 * `Int16Array`), and frames for rooms spanning workers go through `SharedArrayBuffer` rings
 * whose buffers are handed over once by a command.
 */
import type { DtmfDigit } from '@pinbridge/dtmf';

/** Bumped whenever a message shape changes; a worker refuses a command of another version. */
export const PROTOCOL_VERSION = 2 as const;

/** Codec names the engine supports, spelled as in SDP `a=rtpmap`. */
export type CodecName = 'PCMU' | 'PCMA' | 'opus';

/** One negotiated codec (RFC 3264 answer): payload type and RTP clock. */
export interface CodecSpec {
  readonly name: CodecName;
  readonly payloadType: number;
  readonly clockRateHz: number;
  readonly channels: number;
}

/** SDP direction attribute (RFC 3264 §5.1), seen from the bridge. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Where the peer said it receives RTP (SDP c=/m=, or RFC 3605 a=rtcp). */
export interface RemoteAddress {
  readonly address: string;
  readonly port: number;
  readonly rtcpPort?: number;
}

/** Everything an endpoint needs from the negotiated SDP. */
export interface EndpointOptions {
  readonly codec: CodecSpec;
  readonly telephoneEventPayloadType?: number;
  readonly telephoneEventClockRateHz?: number;
  readonly ptimeMs: number;
  readonly remote: RemoteAddress;
  readonly rtcpMux?: boolean;
  readonly direction?: MediaDirection;
  readonly inbandDtmf?: boolean;
  readonly roomHint?: string;
}

/** The local transport address allocated for a new endpoint. */
export interface EndpointCreated {
  readonly endpointId: string;
  readonly localAddress: string;
  readonly localPort: number;
}

/** Changes a re-INVITE can make (hold/resume, new remote address). */
export interface EndpointUpdate {
  readonly remote?: RemoteAddress;
  readonly direction?: MediaDirection;
}

/** Generated tones (entry/exit beeps, error, beep). */
export type ToneName = 'entry' | 'exit' | 'beep' | 'error';

/** One item of a playlist. */
export type PlayItem =
  | { readonly kind: 'prompt'; readonly name: string }
  | { readonly kind: 'tone'; readonly name: ToneName }
  | { readonly kind: 'silence'; readonly ms: number }
  | { readonly kind: 'music' };

/** Who hears a playback: one endpoint, or everybody in a room. */
export type PlayTarget = { readonly endpointId: string } | { readonly roomId: string };

/** Per-participant settings in a room. */
export interface JoinOptions {
  readonly muted?: boolean;
  readonly deaf?: boolean;
  readonly gainDb?: number;
}

/** Counters of one endpoint (RTP stream and playout). */
export interface EndpointStats {
  readonly endpointId: string;
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly packetsLost: number;
  readonly jitterMs: number;
  readonly droppedWrongSource: number;
  readonly droppedRateCap: number;
  /** 20 ms input frames kept out of the mix because they held a keypad tone (in-band DTMF). */
  readonly keypadFramesDropped: number;
  readonly droppedMalformed: number;
  readonly ssrcChanges: number;
  readonly isLatched: boolean;
  readonly updatedAtMs: number;
}

/** Figures of one worker, sent every stats interval. */
export interface WorkerStats {
  readonly workerIndex: number;
  readonly endpoints: number;
  readonly rooms: number;
  readonly ticks: number;
  /** Tick lateness (actual start − scheduled start) percentiles over the interval. */
  readonly tickLateP50Ms: number;
  readonly tickLateP99Ms: number;
  readonly tickLateMaxMs: number;
  /** Time spent inside a tick (mix + encode + send) percentiles over the interval. */
  readonly tickCostP50Ms: number;
  readonly tickCostP99Ms: number;
  /**
   * Tick lateness and tick cost as histograms of {@link TICK_HISTOGRAM_BUCKET_MS} buckets
   * (the last bucket counts everything beyond), so intervals and workers merge exactly.
   */
  readonly tickLateHistogram: readonly number[];
  readonly tickCostHistogram: readonly number[];
  /** Process CPU (user + system, all threads) when the stats were taken, in microseconds. */
  readonly cpuUs: number;
  readonly endpointStats: readonly EndpointStats[];
}

/** Width of one tick histogram bucket. */
export const TICK_HISTOGRAM_BUCKET_MS = 0.1;
/** Buckets per tick histogram: 0 to 50 ms, then one overflow bucket. */
export const TICK_HISTOGRAM_BUCKETS = 501;

/** The p-th percentile (0-100) of a tick histogram, as the upper edge of its bucket in ms. */
export function histogramPercentile(histogram: ArrayLike<number>, p: number): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i] ?? 0;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return (i + 1) * TICK_HISTOGRAM_BUCKET_MS;
  }
  return histogram.length * TICK_HISTOGRAM_BUCKET_MS;
}

/** Static configuration of one worker, passed as `workerData`. */
/** Per-stream packet-rate cap when the engine options name none (SECURITY.md: ≤ 200 pps). */
export const DEFAULT_MAX_PACKETS_PER_SECOND = 200;

export interface WorkerConfig {
  readonly v: typeof PROTOCOL_VERSION;
  readonly workerIndex: number;
  readonly workerCount: number;
  readonly bindAddress: string;
  readonly rtpPortMin: number;
  readonly rtpPortMax: number;
  readonly rtpTimeoutMs: number;
  readonly mixTalkers: number;
  readonly statsIntervalMs: number;
  /** See `MediaEngineOptions.connectLatchedRtp`. */
  readonly connectLatchedRtp?: boolean;
  /** See `MediaEngineOptions.maxPacketsPerSecond`. */
  readonly maxPacketsPerSecond: number;
  readonly recordingsDir?: string;
}

/**
 * One ring pair for an endpoint whose room lives on another worker: the endpoint's worker
 * writes decoded frames into `uplink` and reads the room's mix for it from `downlink`.
 */
export interface RemoteLegRings {
  readonly uplink: SharedArrayBuffer;
  readonly downlink: SharedArrayBuffer;
}

/** Frames a cross-worker ring holds (a power of two). */
export const FRAME_RING_SLOTS = 8;
/** Largest frame in a ring: 20 ms at 16 kHz. */
export const FRAME_RING_FRAME_SAMPLES = 320;
/** Bytes of SharedArrayBuffer per ring: 16 bytes of indices, then slots of (rate, length, samples) int16s. */
export const FRAME_RING_BYTES = 16 + FRAME_RING_SLOTS * (FRAME_RING_FRAME_SAMPLES + 2) * 2;

/** Commands main → worker, by `type`; every one is answered by a {@link Reply}. */
export type CommandBody =
  | { readonly type: 'create-endpoint'; readonly endpointId: string; readonly options: EndpointOptions }
  | { readonly type: 'update-endpoint'; readonly endpointId: string; readonly update: EndpointUpdate }
  | { readonly type: 'destroy-endpoint'; readonly endpointId: string }
  | { readonly type: 'load-prompt'; readonly name: string; readonly pcm: Int16Array; readonly sampleRateHz: number }
  | { readonly type: 'play'; readonly target: PlayTarget; readonly playbackId: string; readonly items: readonly PlayItem[]; readonly loop: boolean }
  | { readonly type: 'stop-playback'; readonly target: PlayTarget; readonly playbackId?: string }
  | { readonly type: 'join-room'; readonly endpointId: string; readonly roomId: string; readonly options: JoinOptions }
  | { readonly type: 'leave-room'; readonly endpointId: string }
  /** On the endpoint's worker: route its audio to a room on another worker via rings. */
  | { readonly type: 'attach-remote-room'; readonly endpointId: string; readonly roomId: string; readonly rings: RemoteLegRings }
  /** On the room's worker: a participant whose RTP lives on another worker. */
  | {
      readonly type: 'add-remote-participant';
      readonly endpointId: string;
      readonly roomId: string;
      readonly rings: RemoteLegRings;
      readonly options: JoinOptions;
      /** The endpoint's codec rate (16000 for Opus): a room is wideband only if all members are. */
      readonly nativeRateHz: 8000 | 16000;
    }
  | { readonly type: 'remove-remote-participant'; readonly endpointId: string }
  | { readonly type: 'set-participant'; readonly endpointId: string; readonly muted?: boolean; readonly deaf?: boolean; readonly gainDb?: number }
  | { readonly type: 'start-recording'; readonly roomId: string; readonly filePath: string }
  | { readonly type: 'stop-recording'; readonly roomId: string }
  | { readonly type: 'shutdown' };

/** A command as sent: version, request id and body. */
export type Command = { readonly v: typeof PROTOCOL_VERSION; readonly reqId: number } & CommandBody;

/** What a successful reply carries, by command. */
export type ReplyValue =
  | { readonly type: 'endpoint-created'; readonly created: EndpointCreated }
  | { readonly type: 'done' };

/** Error codes a worker can answer a command with. */
export type CommandFailureCode = 'not-found' | 'bad-request' | 'no-port' | 'io-failed' | 'version-mismatch';

/** Exactly one per command, in command order. */
export type Reply =
  | { readonly v: typeof PROTOCOL_VERSION; readonly kind: 'reply'; readonly reqId: number; readonly ok: true; readonly value: ReplyValue }
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly kind: 'reply';
      readonly reqId: number;
      readonly ok: false;
      readonly code: CommandFailureCode;
      readonly message: string;
    };

/** Events a worker reports without being asked. */
export type WorkerEvent =
  | { readonly type: 'dtmf'; readonly endpointId: string; readonly digit: DtmfDigit; readonly durationMs: number; readonly source: 'rfc4733' | 'inband' }
  | { readonly type: 'playback-done'; readonly endpointId?: string; readonly roomId?: string; readonly playbackId: string; readonly reason: 'finished' | 'stopped' }
  | { readonly type: 'rtp-timeout'; readonly endpointId: string }
  | { readonly type: 'talking'; readonly endpointId: string; readonly roomId: string; readonly isTalking: boolean }
  | { readonly type: 'stats'; readonly stats: WorkerStats }
  | { readonly type: 'ready'; readonly workerIndex: number };

/** An event as sent. */
export type EventMessage = { readonly v: typeof PROTOCOL_VERSION; readonly kind: 'event'; readonly event: WorkerEvent };

/** Anything a worker posts to the main thread. */
export type WorkerMessage = Reply | EventMessage;

/** Narrows an unknown `message` payload to a {@link WorkerMessage} of this protocol version. */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { v?: unknown; kind?: unknown };
  return record.v === PROTOCOL_VERSION && (record.kind === 'reply' || record.kind === 'event');
}

/** Narrows an unknown `message` payload to a {@link Command} of this protocol version. */
export function isCommand(value: unknown): value is Command {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { v?: unknown; reqId?: unknown; type?: unknown };
  return record.v === PROTOCOL_VERSION && typeof record.reqId === 'number' && typeof record.type === 'string';
}
