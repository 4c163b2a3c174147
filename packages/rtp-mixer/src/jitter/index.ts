export { JitterBuffer } from './jitter-buffer.js';
export type { JitterBufferOptions, JitterBufferStats, JitterFrame, JitterPacket, JitterPushOutcome } from './jitter-buffer.js';
