/**
 * ITU-T G.711 companding tables, built once at module load from the segment definitions of
 * G.711 Tables 1a (A-law) and 2a (µ-law). Encoding is one lookup in a 65536-entry table indexed
 * by the int16 sample's bit pattern; decoding is one lookup in a 256-entry table.
 *
 * Negative inputs are companded by magnitude (|x|), as in the classic CCITT reference code and
 * the `alawmulaw` oracle the tests compare against for all 65536 inputs.
 */

/** µ-law bias added to the magnitude before the segment search (G.711 §3: 33 on the 14-bit scale). */
const MULAW_BIAS = 0x84;
/** Largest biased magnitude representable in µ-law / largest A-law magnitude kept. */
const CLIP = 32635;

function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

function mulawEncodeSample(x: number): number {
  const sign = x < 0 ? 0x80 : 0;
  const biased = Math.min((x < 0 ? -x : x) + MULAW_BIAS, CLIP);
  const exponent = floorLog2(biased >> 7);
  const mantissa = (biased >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function alawEncodeSample(x: number): number {
  const magnitude = Math.min(x < 0 ? -x : x, CLIP);
  let code: number;
  if (magnitude < 256) {
    code = magnitude >> 4;
  } else {
    const exponent = floorLog2(magnitude >> 8) + 1;
    code = (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0f);
  }
  // Even bits are inverted on the line (G.711 §2: XOR 0x55); bit 7 set means positive.
  return code ^ (x >= 0 ? 0xd5 : 0x55);
}

function mulawDecodeCode(code: number): number {
  const c = ~code & 0xff;
  const exponent = (c >> 4) & 0x07;
  const magnitude = ((((c & 0x0f) << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return (c & 0x80) !== 0 ? -magnitude : magnitude;
}

function alawDecodeCode(code: number): number {
  const c = code ^ 0x55;
  const exponent = (c >> 4) & 0x07;
  const mantissa = c & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return (c & 0x80) !== 0 ? magnitude : -magnitude;
}

function buildEncodeTable(encode: (x: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode((i << 16) >> 16);
  return table;
}

function buildDecodeTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decode(i);
  return table;
}

/** µ-law code for each int16 sample, indexed by `sample & 0xffff`. */
export const MULAW_ENCODE_TABLE: Uint8Array = buildEncodeTable(mulawEncodeSample);
/** A-law code for each int16 sample, indexed by `sample & 0xffff`. */
export const ALAW_ENCODE_TABLE: Uint8Array = buildEncodeTable(alawEncodeSample);
/** Linear value of each µ-law code. */
export const MULAW_DECODE_TABLE: Int16Array = buildDecodeTable(mulawDecodeCode);
/** Linear value of each A-law code. */
export const ALAW_DECODE_TABLE: Int16Array = buildDecodeTable(alawDecodeCode);
