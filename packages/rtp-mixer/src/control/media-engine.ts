/**
 * `MediaEngine`: the main thread's handle on the media workers. It places endpoints (a room
 * hint sends a call to its room's worker, otherwise the least-loaded worker wins), routes
 * every request to the worker that owns the endpoint or room, bridges rooms that span
 * workers with SharedArrayBuffer rings, and turns a worker's death into `worker-died` and
 * `endpoint-gone` events plus rejected requests.
 */
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { DtmfDigit } from '@pinbridge/dtmf';
import {
  DEFAULT_MAX_PACKETS_PER_SECOND,
  EngineClosedError,
  EngineError,
  FRAME_RING_BYTES,
  PROTOCOL_VERSION,
  type EndpointCreated,
  type EndpointOptions,
  type EndpointStats,
  type EndpointUpdate,
  type JoinOptions,
  type PlayItem,
  type PlayTarget,
  type WorkerEvent,
  type WorkerStats,
} from '../protocol/index.js';
import { WorkerHandle } from './worker-handle.js';

/** Options of {@link MediaEngine.start}. */
export interface MediaEngineOptions {
  /** Media worker threads; default max(1, cores − 1). */
  readonly workers?: number;
  readonly bindAddress: string;
  readonly rtpPortMin: number;
  readonly rtpPortMax: number;
  /** RTP inactivity before `rtp-timeout` (default 30 000 ms). */
  readonly rtpTimeoutMs?: number;
  /** Time a worker has to answer a request (default 5 000 ms). */
  readonly requestTimeoutMs?: number;
  /** Loudest talkers mixed per room (default 3). */
  readonly mixTalkers?: number;
  /** Relative recording paths resolve here. */
  readonly recordingsDir?: string;
  /** How often each worker posts `stats` (default 1 000 ms). */
  readonly statsIntervalMs?: number;
  /**
   * Connect each RTP socket to its latched source while that source is live (default false):
   * about 0.4 µs less CPU per sent packet (no per-send address and route lookup), but the
   * kernel then drops other sources' packets before we see them, so `droppedWrongSource` no
   * longer counts them (they are still never accepted). Re-latching after 1 s of silence works
   * as without it.
   */
  readonly connectLatchedRtp?: boolean;
  /**
   * Per-stream packet-rate cap (default 200, SECURITY.md): packets from the latched source
   * beyond this sustained rate (token bucket a quarter second deep) are dropped before any
   * decode and counted in `droppedRateCap`. G.711 at 20 ms is 50 pps.
   */
  readonly maxPacketsPerSecond?: number;
}

/** A digit detected on an endpoint. */
export interface EngineDtmfEvent {
  readonly endpointId: string;
  readonly digit: DtmfDigit;
  readonly durationMs: number;
  readonly source: 'rfc4733' | 'inband';
}
/** A playlist ended. */
export interface PlaybackDoneEvent {
  readonly endpointId?: string;
  readonly roomId?: string;
  readonly playbackId: string;
  readonly reason: 'finished' | 'stopped';
}
/** A worker thread exited unexpectedly; the listed endpoints and rooms are gone. */
export interface WorkerDiedEvent {
  readonly workerIndex: number;
  readonly exitCode: number;
  readonly error?: Error;
  readonly endpointIds: readonly string[];
  readonly roomIds: readonly string[];
}

/** The engine's events: one typed emitter, tuple argument lists. */
export interface MediaEngineEvents {
  dtmf: [EngineDtmfEvent];
  'playback-done': [PlaybackDoneEvent];
  'rtp-timeout': [{ readonly endpointId: string }];
  talking: [{ readonly endpointId: string; readonly roomId: string; readonly isTalking: boolean }];
  'endpoint-gone': [{ readonly endpointId: string; readonly reason: 'worker-died' }];
  'worker-died': [WorkerDiedEvent];
  stats: [WorkerStats];
}

interface EndpointRecord {
  readonly workerIndex: number;
  readonly nativeRateHz: 8000 | 16000;
  roomId: string | undefined;
  isRemoteLeg: boolean;
}
interface RoomRecord {
  readonly workerIndex: number;
  readonly members: Set<string>;
  isRecording: boolean;
}

export class MediaEngine extends EventEmitter<MediaEngineEvents> {
  private readonly endpoints = new Map<string, EndpointRecord>();
  private readonly rooms = new Map<string, RoomRecord>();
  private readonly stats = new Map<string, EndpointStats>();
  private isClosed = false;

  private constructor(
    private readonly workers: WorkerHandle[],
    readonly bindAddress: string,
  ) {
    super();
  }

  /** Spawns the workers and resolves once every one is ticking. */
  static async start(options: MediaEngineOptions): Promise<MediaEngine> {
    const maxPacketsPerSecond = options.maxPacketsPerSecond ?? DEFAULT_MAX_PACKETS_PER_SECOND;
    if (!Number.isFinite(maxPacketsPerSecond) || maxPacketsPerSecond < 1) {
      throw new EngineError('bad-request', `maxPacketsPerSecond must be a number of at least 1 (got ${String(options.maxPacketsPerSecond)})`);
    }
    const count = Math.max(1, options.workers ?? availableParallelism() - 1);
    const entry = new URL('../../dist/engine/worker-main.js', import.meta.url);
    const handles: WorkerHandle[] = [];
    const holder: { engine?: MediaEngine } = {};
    const sink = {
      event: (index: number, event: WorkerEvent) => holder.engine?.onWorkerEvent(index, event),
      died: (index: number, error: Error | undefined, exitCode: number) => holder.engine?.onWorkerDied(index, error, exitCode),
    };
    for (let i = 0; i < count; i++) {
      handles.push(
        new WorkerHandle(
          entry,
          {
            v: PROTOCOL_VERSION,
            workerIndex: i,
            workerCount: count,
            bindAddress: options.bindAddress,
            rtpPortMin: options.rtpPortMin,
            rtpPortMax: options.rtpPortMax,
            rtpTimeoutMs: options.rtpTimeoutMs ?? 30_000,
            mixTalkers: options.mixTalkers ?? 3,
            statsIntervalMs: options.statsIntervalMs ?? 1000,
            connectLatchedRtp: options.connectLatchedRtp ?? false,
            maxPacketsPerSecond,
            ...(options.recordingsDir === undefined ? {} : { recordingsDir: options.recordingsDir }),
          },
          options.requestTimeoutMs ?? 5000,
          sink,
        ),
      );
    }
    const engine = new MediaEngine(handles, options.bindAddress);
    holder.engine = engine;
    try {
      await Promise.all(handles.map((h) => h.ready));
    } catch (error) {
      await Promise.all(handles.map((h) => h.close()));
      throw error;
    }
    return engine;
  }

  /** Number of worker threads (alive or not). */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Which worker serves an endpoint (diagnostics, tests). */
  workerOf(endpointId: string): number | undefined {
    return this.endpoints.get(endpointId)?.workerIndex;
  }

  private onWorkerEvent(workerIndex: number, event: WorkerEvent): void {
    switch (event.type) {
      case 'dtmf':
        this.emit('dtmf', { endpointId: event.endpointId, digit: event.digit, durationMs: event.durationMs, source: event.source });
        return;
      case 'playback-done':
        this.emit('playback-done', {
          playbackId: event.playbackId,
          reason: event.reason,
          ...(event.endpointId === undefined ? {} : { endpointId: event.endpointId }),
          ...(event.roomId === undefined ? {} : { roomId: event.roomId }),
        });
        return;
      case 'rtp-timeout':
        this.emit('rtp-timeout', { endpointId: event.endpointId });
        return;
      case 'talking':
        this.emit('talking', { endpointId: event.endpointId, roomId: event.roomId, isTalking: event.isTalking });
        return;
      case 'stats':
        for (const s of event.stats.endpointStats) this.stats.set(s.endpointId, s);
        this.emit('stats', event.stats);
        return;
      case 'ready':
        return;
      default: {
        const unhandled: never = event;
        void workerIndex;
        return unhandled;
      }
    }
  }

  /**
   * A worker died: `worker-died` first, then one `endpoint-gone` per endpoint it served, all
   * in this call; the worker's pending requests reject right after (as microtasks).
   * Endpoints on other workers whose room lived there are detached and keep their calls.
   */
  private onWorkerDied(workerIndex: number, error: Error | undefined, exitCode: number): void {
    const endpointIds = [...this.endpoints].filter(([, r]) => r.workerIndex === workerIndex).map(([id]) => id);
    const roomIds = [...this.rooms].filter(([, r]) => r.workerIndex === workerIndex).map(([id]) => id);
    for (const roomId of roomIds) {
      const room = this.rooms.get(roomId);
      this.rooms.delete(roomId);
      for (const memberId of room?.members ?? []) {
        const member = this.endpoints.get(memberId);
        if (member === undefined || member.workerIndex === workerIndex) continue;
        member.roomId = undefined;
        member.isRemoteLeg = false;
        this.workers[member.workerIndex]?.request({ type: 'leave-room', endpointId: memberId }).catch(() => undefined);
      }
    }
    for (const id of endpointIds) {
      const record = this.endpoints.get(id);
      if (record?.roomId !== undefined) this.rooms.get(record.roomId)?.members.delete(id);
      this.endpoints.delete(id);
      this.stats.delete(id);
    }
    this.emit('worker-died', { workerIndex, exitCode, endpointIds, roomIds, ...(error === undefined ? {} : { error }) });
    for (const endpointId of endpointIds) this.emit('endpoint-gone', { endpointId, reason: 'worker-died' });
  }

  private worker(index: number): WorkerHandle {
    if (this.isClosed) throw new EngineClosedError('engine-closed', 'engine closed');
    const handle = this.workers[index];
    if (handle === undefined || !handle.isAlive) throw new EngineClosedError('worker-died', `worker ${index} is gone`);
    return handle;
  }

  private endpoint(endpointId: string): EndpointRecord {
    const record = this.endpoints.get(endpointId);
    if (record === undefined) throw new EngineError('not-found', `no endpoint ${endpointId}`);
    return record;
  }

  private leastLoaded(): number {
    let best = -1;
    for (let i = 0; i < this.workers.length; i++) {
      const h = this.workers[i];
      if (h === undefined || !h.isAlive) continue;
      if (best < 0 || h.endpointCount < (this.workers[best]?.endpointCount ?? 0)) best = i;
    }
    if (best < 0) throw new EngineClosedError('worker-died', 'no media worker is alive');
    return best;
  }

  /** Creates an endpoint from the negotiated SDP; resolves with its local RTP address. */
  async createEndpoint(options: EndpointOptions): Promise<EndpointCreated> {
    if (this.isClosed) throw new EngineClosedError('engine-closed', 'engine closed');
    const hinted = options.roomHint === undefined ? undefined : this.rooms.get(options.roomHint)?.workerIndex;
    const workerIndex = hinted !== undefined && this.workers[hinted]?.isAlive === true ? hinted : this.leastLoaded();
    const handle = this.worker(workerIndex);
    const endpointId = `ep-${randomUUID()}`;
    handle.endpointCount++;
    try {
      const reply = await handle.request({ type: 'create-endpoint', endpointId, options });
      if (reply.type !== 'endpoint-created') throw new EngineError('bad-request', 'unexpected reply');
      this.endpoints.set(endpointId, { workerIndex, nativeRateHz: options.codec.name === 'opus' ? 16000 : 8000, roomId: undefined, isRemoteLeg: false });
      return reply.created;
    } catch (error) {
      handle.endpointCount--;
      throw error;
    }
  }

  /** Applies a re-INVITE (new remote address, hold/resume direction). */
  async updateEndpoint(endpointId: string, update: EndpointUpdate): Promise<void> {
    const record = this.endpoint(endpointId);
    await this.worker(record.workerIndex).request({ type: 'update-endpoint', endpointId, update });
  }

  /** Loads a prompt into every worker (once each; playbacks share it). */
  async loadPrompt(name: string, pcm: Int16Array, sampleRateHz: number): Promise<void> {
    if (sampleRateHz !== 8000 && sampleRateHz !== 16000 && sampleRateHz !== 48000) {
      throw new EngineError('bad-request', `prompt rate ${sampleRateHz} Hz is not 8, 16 or 48 kHz`);
    }
    await Promise.all(this.workers.filter((w) => w.isAlive).map((w) => w.request({ type: 'load-prompt', name, pcm, sampleRateHz })));
  }

  private targetWorker(target: PlayTarget): number {
    if ('endpointId' in target) return this.endpoint(target.endpointId).workerIndex;
    const room = this.rooms.get(target.roomId);
    if (room === undefined) throw new EngineError('not-found', `no room ${target.roomId}`);
    return room.workerIndex;
  }

  /** Queues a playlist on an endpoint or a room; resolves with its playback id. */
  async play(target: PlayTarget, items: readonly PlayItem[], options: { readonly loop?: boolean } = {}): Promise<string> {
    const playbackId = `pb-${randomUUID()}`;
    await this.worker(this.targetWorker(target)).request({ type: 'play', target, playbackId, items, loop: options.loop ?? false });
    return playbackId;
  }

  /** Stops one playback (or all of the target's), for barge-in. */
  async stopPlayback(target: PlayTarget, playbackId?: string): Promise<void> {
    await this.worker(this.targetWorker(target)).request({ type: 'stop-playback', target, ...(playbackId === undefined ? {} : { playbackId }) });
  }

  /** Puts an endpoint in a room (leaving any previous one); spans workers when it must. */
  async joinRoom(endpointId: string, roomId: string, options: JoinOptions = {}): Promise<void> {
    const record = this.endpoint(endpointId);
    if (record.roomId !== undefined) await this.leaveRoom(endpointId);
    let room = this.rooms.get(roomId);
    if (room === undefined || this.workers[room.workerIndex]?.isAlive !== true) {
      room = { workerIndex: record.workerIndex, members: new Set(), isRecording: false };
      this.rooms.set(roomId, room);
    }
    room.members.add(endpointId);
    record.roomId = roomId;
    try {
      if (room.workerIndex === record.workerIndex) {
        await this.worker(record.workerIndex).request({ type: 'join-room', endpointId, roomId, options });
        return;
      }
      record.isRemoteLeg = true;
      const rings = { uplink: new SharedArrayBuffer(FRAME_RING_BYTES), downlink: new SharedArrayBuffer(FRAME_RING_BYTES) };
      await this.worker(room.workerIndex).request({ type: 'add-remote-participant', endpointId, roomId, rings, options, nativeRateHz: record.nativeRateHz });
      await this.worker(record.workerIndex).request({ type: 'attach-remote-room', endpointId, roomId, rings });
    } catch (error) {
      room.members.delete(endpointId);
      record.roomId = undefined;
      record.isRemoteLeg = false;
      this.dropRoomIfIdle(roomId);
      throw error;
    }
  }

  /** Takes an endpoint out of its room (no-op if in none). */
  async leaveRoom(endpointId: string): Promise<void> {
    const record = this.endpoint(endpointId);
    const roomId = record.roomId;
    if (roomId === undefined) return;
    const room = this.rooms.get(roomId);
    const wasRemote = record.isRemoteLeg;
    record.roomId = undefined;
    record.isRemoteLeg = false;
    room?.members.delete(endpointId);
    if (wasRemote && room !== undefined && this.workers[room.workerIndex]?.isAlive === true) {
      await this.worker(room.workerIndex).request({ type: 'remove-remote-participant', endpointId });
    }
    await this.worker(record.workerIndex).request({ type: 'leave-room', endpointId });
    this.dropRoomIfIdle(roomId);
  }

  private dropRoomIfIdle(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (room !== undefined && room.members.size === 0 && !room.isRecording) this.rooms.delete(roomId);
  }

  private async setParticipant(endpointId: string, change: { muted?: boolean; deaf?: boolean; gainDb?: number }): Promise<void> {
    const record = this.endpoint(endpointId);
    const room = record.roomId === undefined ? undefined : this.rooms.get(record.roomId);
    if (room === undefined) throw new EngineError('not-found', `endpoint ${endpointId} is in no room`);
    await this.worker(room.workerIndex).request({ type: 'set-participant', endpointId, ...change });
  }

  /** Mutes or unmutes a participant (its audio leaves the mix; it still hears). */
  setMute(endpointId: string, muted: boolean): Promise<void> {
    return this.setParticipant(endpointId, { muted });
  }

  /** Deafens a participant (it hears silence). */
  setDeaf(endpointId: string, deaf: boolean): Promise<void> {
    return this.setParticipant(endpointId, { deaf });
  }

  /** Sets a participant's input gain in dB. */
  setGain(endpointId: string, gainDb: number): Promise<void> {
    return this.setParticipant(endpointId, { gainDb });
  }

  /** Records a room's mix to a WAV file (relative paths go under `recordingsDir`). */
  async startRecording(roomId: string, filePath: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (room === undefined) throw new EngineError('not-found', `no room ${roomId}`);
    await this.worker(room.workerIndex).request({ type: 'start-recording', roomId, filePath });
    room.isRecording = true;
  }

  /** Stops a room's recording and finalises the file. */
  async stopRecording(roomId: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (room === undefined) throw new EngineError('not-found', `no room ${roomId}`);
    room.isRecording = false;
    await this.worker(room.workerIndex).request({ type: 'stop-recording', roomId });
    this.dropRoomIfIdle(roomId);
  }

  /** Tears an endpoint down (leaves its room, closes its sockets). */
  async destroyEndpoint(endpointId: string): Promise<void> {
    const record = this.endpoint(endpointId);
    await this.leaveRoom(endpointId);
    await this.worker(record.workerIndex).request({ type: 'destroy-endpoint', endpointId });
    this.endpoints.delete(endpointId);
    this.stats.delete(endpointId);
    const handle = this.workers[record.workerIndex];
    if (handle !== undefined) handle.endpointCount--;
  }

  /** The endpoint's latest counters (refreshed with every `stats` event), if any yet. */
  endpointStats(endpointId: string): EndpointStats | undefined {
    return this.stats.get(endpointId);
  }

  /** Stops every worker; pending and later requests reject with `engine-closed`. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /** Test hook: kills a worker abruptly, as a crash would. */
  async crashWorker(workerIndex: number): Promise<void> {
    await this.workers[workerIndex]?.terminate();
  }
}
