/**
 * The interfaces the call path receives (STYLE.md §1: only the composition root builds
 * sockets and workers; everything else gets interfaces). `run-server.ts` adapts the real
 * sip-core stack, rtp-mixer engine, dtmf collector, store and policy to these.
 */
import type { CallerIdentity } from '../routing/index.js';
import type { EntryOptions, PinRole, VerifyResult } from '../ivr/index.js';
import type { RoomPlayItem } from '../room/index.js';

/** Minimal structured logger (pino's shape). Never pass digits to it. */
export interface CallLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The SIP side of one incoming call (sip-core IncomingCall). */
export interface SipCall {
  readonly callId: string;
  readonly offerSdp: string | undefined;
  accept(answerSdp: string): void;
  reject(status: number, reason?: string): void;
  bye(): void;
}

/** What SDP negotiation yields (sip-core NegotiatedAudio, reduced). */
export interface AudioSession {
  readonly answerSdp: string;
  readonly codec: { readonly name: string; readonly payloadType: number; readonly clockRateHz: number; readonly channels: number };
  readonly telephoneEventPayloadType: number | undefined;
  readonly telephoneEventClockRateHz?: number | undefined;
  readonly remote: { readonly address: string; readonly port: number; readonly rtcpPort: number | undefined };
  readonly direction: string;
  readonly ptimeMs: number;
  readonly rtcpMux: boolean;
}

/** SDP offer → answer for a given local media address; `no-common-codec` means 488. */
export type NegotiateAudio = (
  offerSdp: string,
  local: { readonly address: string; readonly port: number },
) => { readonly ok: true; readonly value: AudioSession } | { readonly ok: false; readonly code: string; readonly message: string };

/** A media endpoint as created by the engine. */
export interface EndpointInfo {
  readonly endpointId: string;
  readonly localAddress: string;
  readonly localPort: number;
}

/** Where a playback goes. */
export type PlayTarget = { readonly endpointId: string } | { readonly roomId: string };

/** The rtp-mixer MediaEngine, reduced to what the call path uses. */
export interface MediaControl {
  readonly bindAddress: string;
  createEndpoint(session: AudioSession, roomHint: string | undefined): Promise<EndpointInfo>;
  updateEndpoint(endpointId: string, update: { readonly remote?: AudioSession['remote']; readonly direction?: string }): Promise<void>;
  play(target: PlayTarget, items: readonly RoomPlayItem[], loop: boolean): Promise<string>;
  stopPlayback(target: PlayTarget, playbackId?: string): Promise<void>;
  joinRoom(endpointId: string, roomId: string, isMuted: boolean): Promise<void>;
  leaveRoom(endpointId: string, roomId: string): Promise<void>;
  setMute(endpointId: string, isMuted: boolean): Promise<void>;
  destroyEndpoint(endpointId: string): Promise<void>;
}

/** Counters of one endpoint as the engine last reported them. */
export interface EndpointFigures {
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly packetsLost: number;
  readonly jitterMs: number;
}

/** One worker's stats report (rtp-mixer WorkerStats, reduced to what metrics read). */
export interface WorkerFigures {
  readonly workerIndex: number;
  readonly endpoints: number;
  readonly tickLateHistogram: readonly number[];
  readonly tickCostHistogram: readonly number[];
  readonly endpointStats: ReadonlyArray<EndpointFigures & { readonly endpointId: string }>;
}

/** What live operations need from the engine beyond the call path (issue 7). */
export interface MediaLiveControl {
  /** Records a room's mix; relative paths go under the recordings folder. */
  startRecording(roomId: string, filePath: string): Promise<void>;
  stopRecording(roomId: string): Promise<void>;
  /** Loads (or replaces) a named prompt on every worker (recorded names). */
  loadPrompt(name: string, pcm: Int16Array, sampleRateHz: number): Promise<void>;
  endpointStats(endpointId: string): EndpointFigures | undefined;
  onTalking(listener: (endpointId: string, isTalking: boolean) => void): void;
  onWorkerStats(listener: (stats: WorkerFigures) => void): void;
  /** The tick histograms' bucket width. */
  readonly tickHistogramBucketMs: number;
}

/** One digit from any source (dtmf DtmfDigitEvent). */
export interface DigitEvent {
  readonly digit: string;
  readonly durationMs: number;
  readonly endedAtMs: number;
  readonly source: string;
}

/** What the digit collector reports. */
export type DigitEntryOutput =
  | { readonly kind: 'first-digit'; readonly digit: string }
  | { readonly kind: 'entry-complete'; readonly digits: string }
  | { readonly kind: 'entry-timeout' };

/** The dtmf DigitCollector, adapted to return its events. */
export interface DigitEntry {
  start(options: EntryOptions, nowMs: number): DigitEntryOutput[];
  /** Drops every digit until the next `start` (the unskippable failure pause). */
  discard(nowMs: number): void;
  push(event: DigitEvent, nowMs: number): DigitEntryOutput[];
  poll(nowMs: number): DigitEntryOutput[];
}

/** Room ID + PIN check: store and policy together (charge before compare). */
export type VerifyPin = (request: {
  readonly callId: string;
  readonly roomId: string;
  readonly role: PinRole;
  readonly pin: string;
  readonly caller: CallerIdentity;
}) => Promise<VerifyResult>;

/** Per-room settings the conference needs (store room record + config defaults). */
export interface RoomSettings {
  readonly waitForHost: boolean;
  readonly maxParticipants: number;
}
