/**
 * Adapts rtp-mixer's MediaEngine to the call path: endpoints from the negotiated SDP
 * (in-band DTMF detection when the caller offered no telephone-event), the prompts loaded
 * once at start (the engine resamples them per codec), engine events narrowed to what call
 * sessions need, per-worker stats folded into the `/health` figures, and SDP negotiation
 * through sip-core (RFC 3264 answerer: PCMU, PCMA, Opus and telephone-event).
 */
import { MediaEngine, TICK_HISTOGRAM_BUCKET_MS, type WorkerStats } from '@pinbridge/rtp-mixer';
import { negotiateAudio } from '@pinbridge/sip-core';
import type { BridgeConfig } from '../config/index.js';
import { loadPrompts } from '../prompts-loader/index.js';
import { dialHost } from './dial-banner.js';
import type { CallLogger, MediaControl, MediaLiveControl, NegotiateAudio } from './ports.js';

/** Engine events a session cares about. */
export type MediaEvent =
  | { readonly kind: 'dtmf'; readonly endpointId: string; readonly digit: string; readonly durationMs: number; readonly source: string }
  | { readonly kind: 'playback-done'; readonly endpointId: string; readonly playbackId: string }
  | { readonly kind: 'rtp-timeout'; readonly endpointId: string }
  /** The endpoint's worker died: the call has no media any more. */
  | { readonly kind: 'endpoint-gone'; readonly endpointId: string };

/** Media figures for `/health` (and bench:load). */
export interface MediaFigures {
  readonly workers: number;
  readonly endpoints: number;
  readonly rooms: number;
  /** RTP packets received by the live endpoints. */
  readonly rtpPacketsIn: number;
  readonly rtpPacketsLost: number;
  /** Worst worker's p99 and max tick lateness over the last stats interval. */
  readonly tickLatenessP99Ms: number;
  readonly tickLatenessMaxMs: number;
  /** Worker threads' CPU since start (µs). */
  readonly workerCpuUs: number;
}

/** The started engine, adapted. */
export interface MediaRuntime {
  readonly control: MediaControl;
  readonly negotiate: NegotiateAudio;
  /** Recording, prompts, talking and stats for live operations (absent in minimal runtimes). */
  readonly live?: MediaLiveControl;
  onEvent(listener: (event: MediaEvent) => void): void;
  stats(): MediaFigures | undefined;
  close(): Promise<void>;
}

/** The SDP `c=` address: the configured public address, else the bind address, else this host's address. */
export function sdpAddress(config: BridgeConfig): string {
  if (config.media.publicAddress !== undefined) return config.media.publicAddress;
  if (config.media.bindAddress !== '0.0.0.0' && config.media.bindAddress !== '::') return config.media.bindAddress;
  return dialHost(config.sip.listen[0]?.host ?? '0.0.0.0').replace(/^\[|\]$/g, '');
}

/** Starts the engine and loads the prompts. */
export async function startMedia(config: BridgeConfig, logger: CallLogger): Promise<MediaRuntime> {
  const prompts = loadPrompts(config.promptsDir, config.ivr.language);
  if (!prompts.ok) throw prompts.error;
  const engine = await MediaEngine.start({
    workers: config.media.workers,
    bindAddress: config.media.bindAddress,
    rtpPortMin: config.media.rtpPortMin,
    rtpPortMax: config.media.rtpPortMax,
    rtpTimeoutMs: config.media.rtpTimeoutMs,
    maxPacketsPerSecond: config.media.maxPacketsPerSecond,
    recordingsDir: config.recordingsDir,
  });
  try {
    for (const [name, audio] of prompts.value) await engine.loadPrompt(name, audio.pcm, audio.sampleRateHz);
  } catch (error) {
    await engine.close();
    throw error;
  }
  const address = sdpAddress(config);
  logger.info({ workers: config.media.workers, prompts: prompts.value.size, sdpAddress: address }, 'media engine started');

  const listeners: Array<(event: MediaEvent) => void> = [];
  const emit = (event: MediaEvent) => {
    for (const listener of listeners) listener(event);
  };
  engine.on('dtmf', (e) => emit({ kind: 'dtmf', endpointId: e.endpointId, digit: e.digit, durationMs: e.durationMs, source: e.source }));
  engine.on('playback-done', (e) => {
    if (e.endpointId !== undefined) emit({ kind: 'playback-done', endpointId: e.endpointId, playbackId: e.playbackId });
  });
  engine.on('rtp-timeout', (e) => emit({ kind: 'rtp-timeout', endpointId: e.endpointId }));
  engine.on('endpoint-gone', (e) => emit({ kind: 'endpoint-gone', endpointId: e.endpointId }));
  engine.on('worker-died', (e) => logger.error({ workerIndex: e.workerIndex, exitCode: e.exitCode, endpoints: e.endpointIds.length }, 'media worker died'));
  const latest = new Map<number, WorkerStats>();
  engine.on('stats', (s) => latest.set(s.workerIndex, s));

  const control: MediaControl = {
    bindAddress: address,
    async createEndpoint(session, roomHint) {
      const created = await engine.createEndpoint({
        codec: { name: session.codec.name as 'PCMU' | 'PCMA' | 'opus', payloadType: session.codec.payloadType, clockRateHz: session.codec.clockRateHz, channels: session.codec.channels },
        ...(session.telephoneEventPayloadType === undefined ? {} : { telephoneEventPayloadType: session.telephoneEventPayloadType }),
        ...(session.telephoneEventClockRateHz === undefined ? {} : { telephoneEventClockRateHz: session.telephoneEventClockRateHz }),
        ptimeMs: session.ptimeMs,
        remote: { address: session.remote.address, port: session.remote.port, ...(session.remote.rtcpPort === undefined ? {} : { rtcpPort: session.remote.rtcpPort }) },
        rtcpMux: session.rtcpMux,
        direction: session.direction as 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive',
        inbandDtmf: session.telephoneEventPayloadType === undefined,
        ...(roomHint === undefined ? {} : { roomHint }),
      });
      return { endpointId: created.endpointId, localAddress: address, localPort: created.localPort };
    },
    async updateEndpoint(endpointId, update) {
      await engine.updateEndpoint(endpointId, {
        ...(update.remote === undefined ? {} : { remote: { address: update.remote.address, port: update.remote.port, ...(update.remote.rtcpPort === undefined ? {} : { rtcpPort: update.remote.rtcpPort }) } }),
        ...(update.direction === undefined ? {} : { direction: update.direction as 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' }),
      });
    },
    play: (target, items, loop) => engine.play(target, items, { loop }),
    stopPlayback: (target, playbackId) => engine.stopPlayback(target, playbackId),
    joinRoom: (endpointId, roomId, isMuted) => engine.joinRoom(endpointId, roomId, { muted: isMuted }),
    leaveRoom: (endpointId) => engine.leaveRoom(endpointId),
    setMute: (endpointId, isMuted) => engine.setMute(endpointId, isMuted),
    destroyEndpoint: (endpointId) => engine.destroyEndpoint(endpointId),
  };

  const negotiate: NegotiateAudio = (offerSdp, local) => {
    const result = negotiateAudio(offerSdp, { codecs: ['PCMU', 'PCMA', 'opus'], telephoneEvent: true, localAddress: local.address, localPort: local.port });
    if (!result.ok) return { ok: false, code: result.error.code, message: result.error.message };
    const v = result.value;
    return {
      ok: true,
      value: {
        answerSdp: v.answerSdp,
        codec: v.codec,
        telephoneEventPayloadType: v.telephoneEventPayloadType,
        telephoneEventClockRateHz: v.telephoneEventClockRateHz,
        remote: v.remote,
        direction: v.direction,
        ptimeMs: v.ptimeMs,
        rtcpMux: v.rtcpMux,
      },
    };
  };

  const live: MediaLiveControl = {
    startRecording: (roomId, filePath) => engine.startRecording(roomId, filePath),
    stopRecording: (roomId) => engine.stopRecording(roomId),
    loadPrompt: (name, pcm, rate) => engine.loadPrompt(name, pcm, rate),
    endpointStats: (endpointId) => engine.endpointStats(endpointId),
    onTalking: (listener) => engine.on('talking', (e) => listener(e.endpointId, e.isTalking)),
    onWorkerStats: (listener) => engine.on('stats', (s) => listener(s)),
    tickHistogramBucketMs: TICK_HISTOGRAM_BUCKET_MS,
  };
  return {
    control,
    negotiate,
    live,
    onEvent: (listener) => listeners.push(listener),
    stats() {
      if (latest.size === 0) return undefined;
      let endpoints = 0;
      let rooms = 0;
      let rtpPacketsIn = 0;
      let rtpPacketsLost = 0;
      let tickLatenessP99Ms = 0;
      let tickLatenessMaxMs = 0;
      let workerCpuUs = 0;
      for (const s of latest.values()) {
        endpoints += s.endpoints;
        rooms += s.rooms;
        tickLatenessP99Ms = Math.max(tickLatenessP99Ms, s.tickLateP99Ms);
        tickLatenessMaxMs = Math.max(tickLatenessMaxMs, s.tickLateMaxMs);
        workerCpuUs += s.cpuUs;
        for (const e of s.endpointStats) {
          rtpPacketsIn += e.packetsReceived;
          rtpPacketsLost += e.packetsLost;
        }
      }
      return { workers: latest.size, endpoints, rooms, rtpPacketsIn, rtpPacketsLost, tickLatenessP99Ms, tickLatenessMaxMs, workerCpuUs };
    },
    close: () => engine.close(),
  };
}
