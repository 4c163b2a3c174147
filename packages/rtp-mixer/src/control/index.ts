export { MediaEngine } from './media-engine.js';
export type {
  EngineDtmfEvent,
  MediaEngineEvents,
  MediaEngineOptions,
  PlaybackDoneEvent,
  WorkerDiedEvent,
} from './media-engine.js';
export { WorkerHandle } from './worker-handle.js';
export type { WorkerHandleSink } from './worker-handle.js';
