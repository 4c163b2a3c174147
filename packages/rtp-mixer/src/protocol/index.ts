export { FRAME_RING_BYTES, FRAME_RING_FRAME_SAMPLES, FRAME_RING_SLOTS, PROTOCOL_VERSION, isCommand, isWorkerMessage } from './protocol.js';
export type {
  CodecName,
  CodecSpec,
  Command,
  CommandBody,
  CommandFailureCode,
  EndpointCreated,
  EndpointOptions,
  EndpointStats,
  EndpointUpdate,
  EventMessage,
  JoinOptions,
  MediaDirection,
  PlayItem,
  PlayTarget,
  RemoteAddress,
  RemoteLegRings,
  Reply,
  ReplyValue,
  ToneName,
  WorkerConfig,
  WorkerEvent,
  WorkerMessage,
  WorkerStats,
} from './protocol.js';
export { EngineClosedError, EngineError } from './engine-error.js';
export type { EngineErrorCode } from './engine-error.js';
