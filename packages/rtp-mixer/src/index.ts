export const PACKAGE_NAME = '@pinbridge/rtp-mixer';
export { MediaEngine } from './control/index.js';
export type { EngineDtmfEvent, MediaEngineEvents, MediaEngineOptions, PlaybackDoneEvent, WorkerDiedEvent } from './control/index.js';
export { EngineClosedError, EngineError, PROTOCOL_VERSION } from './protocol/index.js';
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
