export { repairRecordings, repairWav } from './repair-wav.js';
export { WavRecorder } from './wav-recorder.js';
export type { WavRecorderOptions } from './wav-recorder.js';
