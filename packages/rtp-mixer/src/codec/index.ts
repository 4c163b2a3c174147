export type { AudioCodec, AudioCodecName } from './audio-codec.js';
export { COMFORT_NOISE_PAYLOAD_TYPE, decodeComfortNoise, isComfortNoise } from './comfort-noise.js';
export { createCodec } from './create-codec.js';
export { decodeAlaw, decodeMulaw, encodeAlaw, encodeMulaw } from './g711.js';
export { G711Codec } from './g711-codec.js';
export { ALAW_DECODE_TABLE, ALAW_ENCODE_TABLE, MULAW_DECODE_TABLE, MULAW_ENCODE_TABLE } from './g711-tables.js';
export { OpusCodec } from './opus-codec.js';
export type { OpusBackend, OpusCodecOptions } from './opus-codec.js';
