import type { AudioCodec, AudioCodecName } from './audio-codec.js';
import { G711Codec } from './g711-codec.js';
import { OpusCodec, type OpusCodecOptions } from './opus-codec.js';

/**
 * Makes a codec instance by its SDP name (one per endpoint; Opus options are ignored for G.711).
 */
export function createCodec(name: AudioCodecName, options: OpusCodecOptions = {}): AudioCodec {
  switch (name) {
    case 'PCMU':
    case 'PCMA':
      return new G711Codec(name);
    case 'opus':
      return new OpusCodec(options);
    default: {
      const never: never = name;
      throw new Error(`unknown codec ${String(never)}`);
    }
  }
}
