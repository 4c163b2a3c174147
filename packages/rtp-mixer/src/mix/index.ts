export { Hears, MixState, mixRoom } from './mix-room.js';
export type { MixInput, MixOptions } from './mix-room.js';
export { LIMITER_KNEE, softLimit, softLimitInto } from './soft-limiter.js';
export { VoiceActivityDetector } from './voice-activity-detector.js';
export type { VoiceActivityOptions } from './voice-activity-detector.js';
