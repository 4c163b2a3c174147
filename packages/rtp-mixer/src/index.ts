export const PACKAGE_NAME = '@pinbridge/rtp-mixer';
export { MediaEngine } from './control/index.js';
export type { EngineDtmfEvent, MediaEngineEvents, MediaEngineOptions, PlaybackDoneEvent, WorkerDiedEvent } from './control/index.js';
export {
  EngineClosedError,
  EngineError,
  PROTOCOL_VERSION,
  TICK_HISTOGRAM_BUCKETS,
  TICK_HISTOGRAM_BUCKET_MS,
  histogramPercentile,
} from './protocol/index.js';
// Engine internals for benchmarks and embedders that mix without sockets (`--no-network`).
export { EngineRoom, createFrameCodec, memberState } from './engine/index.js';
export type { FrameCodec, MemberState, RoomMember, RoomSink } from './engine/index.js';
export type {
  CodecName,
  CodecSpec,
  EndpointCreated,
  EndpointOptions,
  EndpointStats,
  EndpointUpdate,
  EngineErrorCode,
  JoinOptions,
  MediaDirection,
  PlayItem,
  PlayTarget,
  RemoteAddress,
  ToneName,
  WorkerStats,
} from './protocol/index.js';
// The media primitives (pure: no sockets, workers or clocks), for embedders and benchmarks.
export { RtpError, err, ok } from './packet/index.js';
export type { Result, RtpErrorCode } from './packet/index.js';
export { RTP_HEADER_BYTES, RtpPacketView } from './packet/index.js';
export { writeRtpHeader } from './packet/index.js';
export type { RtpHeaderFields } from './packet/index.js';
export { seqAdd, seqDiff, seqNewer, tsAdd, tsDiff, tsNewer } from './packet/index.js';
export { SsrcChangeDetector } from './packet/index.js';
export { buildReceiverReport, buildSenderReport, parseRtcp } from './packet/index.js';
export type { RtcpReport, RtcpReportBlock, RtcpSenderReportInfo } from './packet/index.js';
export { RtpReceiveStats } from './packet/index.js';
export type { AudioCodec, AudioCodecName } from './codec/index.js';
export { COMFORT_NOISE_PAYLOAD_TYPE, decodeComfortNoise, isComfortNoise } from './codec/index.js';
export { createCodec } from './codec/index.js';
export { decodeAlaw, decodeMulaw, encodeAlaw, encodeMulaw } from './codec/index.js';
export { G711Codec } from './codec/index.js';
export { ALAW_DECODE_TABLE, ALAW_ENCODE_TABLE, MULAW_DECODE_TABLE, MULAW_ENCODE_TABLE } from './codec/index.js';
export { OpusCodec } from './codec/index.js';
export type { OpusBackend, OpusCodecOptions } from './codec/index.js';
export { JitterBuffer } from './jitter/index.js';
export type { JitterBufferOptions, JitterBufferStats, JitterFrame, JitterPacket, JitterPushOutcome } from './jitter/index.js';
export { Resampler } from './resample/index.js';
export { Hears, MixState, mixRoom } from './mix/index.js';
export type { MixInput, MixOptions } from './mix/index.js';
export { LIMITER_KNEE, softLimit, softLimitInto } from './mix/index.js';
export { VoiceActivityDetector } from './mix/index.js';
export type { VoiceActivityOptions } from './mix/index.js';
export { renderMusicOnHold } from './player/index.js';
export { Player } from './player/index.js';
export type { PlayerItem } from './player/index.js';
export { PromptLibrary } from './player/index.js';
export { renderTone } from './player/index.js';
export { WAV_HEADER_BYTES, encodeWavHeader, parseWav } from './player/index.js';
export type { WavAudio } from './player/index.js';
export { repairRecordings, repairWav } from './recorder/index.js';
export { WavRecorder } from './recorder/index.js';
export type { WavRecorderOptions } from './recorder/index.js';
