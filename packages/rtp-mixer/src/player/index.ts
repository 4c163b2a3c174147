export { renderMusicOnHold } from './music-on-hold.js';
export { Player } from './player.js';
export type { PlayerItem } from './player.js';
export { PromptLibrary } from './prompt-library.js';
export { renderTone } from './tone-generator.js';
export type { ToneName } from './tone-generator.js';
export { WAV_HEADER_BYTES, encodeWavHeader, parseWav } from './wav-format.js';
export type { WavAudio } from './wav-format.js';
