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
