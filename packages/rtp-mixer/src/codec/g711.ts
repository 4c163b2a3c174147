import { ALAW_DECODE_TABLE, ALAW_ENCODE_TABLE, MULAW_DECODE_TABLE, MULAW_ENCODE_TABLE } from './g711-tables.js';

/**
 * Table-driven G.711 (ITU-T G.711) over caller-owned buffers: no allocation. Each function
 * converts `min(input.length, out.length)` samples and returns that count.
 */

/** int16 PCM → µ-law (PCMU, RTP PT 0). */
export function encodeMulaw(pcm: Int16Array, out: Uint8Array): number {
  const n = Math.min(pcm.length, out.length);
  for (let i = 0; i < n; i++) out[i] = MULAW_ENCODE_TABLE[(pcm[i] ?? 0) & 0xffff] ?? 0;
  return n;
}

/** µ-law → int16 PCM. */
export function decodeMulaw(payload: Uint8Array, out: Int16Array): number {
  const n = Math.min(payload.length, out.length);
  for (let i = 0; i < n; i++) out[i] = MULAW_DECODE_TABLE[payload[i] ?? 0xff] ?? 0;
  return n;
}

/** int16 PCM → A-law (PCMA, RTP PT 8). */
export function encodeAlaw(pcm: Int16Array, out: Uint8Array): number {
  const n = Math.min(pcm.length, out.length);
  for (let i = 0; i < n; i++) out[i] = ALAW_ENCODE_TABLE[(pcm[i] ?? 0) & 0xffff] ?? 0;
  return n;
}

/** A-law → int16 PCM. */
export function decodeAlaw(payload: Uint8Array, out: Int16Array): number {
  const n = Math.min(payload.length, out.length);
  for (let i = 0; i < n; i++) out[i] = ALAW_DECODE_TABLE[payload[i] ?? 0xd5] ?? 0;
  return n;
}
