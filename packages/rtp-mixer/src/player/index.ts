export { WAV_HEADER_BYTES, encodeWavHeader, parseWav } from './wav-format.js';
export type { WavAudio } from './wav-format.js';
