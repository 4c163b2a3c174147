/**
 * Keyed PIN hashes (SECURITY.md "Storage and compare"; NIST SP 800-63B-4 keyed hash):
 * HMAC-SHA-256 under the server key over (roomId, role, PIN), compared with
 * `crypto.timingSafeEqual` on fixed-length digests (OWASP: constant-time compare).
 */
import { timingSafeEqual } from 'node:crypto';
import type { ServerKey } from './server-key.js';

/** The role strings hashed into a code: the two PIN roles and one-time PINs. */
export type HashedCodeRole = 'participant' | 'host' | 'one-time';

const DOMAIN = 'pinbridge-pin-v1';
/** Hex length of an HMAC-SHA-256 digest. */
export const PIN_HASH_HEX_LENGTH = 64;

/**
 * Framing: each field as a 4-byte big-endian byte length followed by its UTF-8 bytes, after
 * a version tag, so no two different (roomId, role, pin) triples can frame to the same bytes.
 */
function frame(fields: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length, 0);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

/** HMAC-SHA-256(key, frame(version, roomId, role, pin)) as 64 lowercase hex digits. */
export function hashPin(key: ServerKey, roomId: string, role: HashedCodeRole, pin: string): string {
  return key.hmac(frame([DOMAIN, roomId, role, pin])).toString('hex');
}

/**
 * True when `pin` hashes to `storedHex`. Always computes the HMAC and compares two 32-byte
 * digests in constant time; a malformed stored value compares against zeros, so the time
 * does not depend on what is stored.
 */
export function pinMatches(key: ServerKey, roomId: string, role: HashedCodeRole, pin: string, storedHex: string): boolean {
  const actual = key.hmac(frame([DOMAIN, roomId, role, pin]));
  const wellFormed = /^[0-9a-f]{64}$/.test(storedHex);
  const expected = wellFormed ? Buffer.from(storedHex, 'hex') : Buffer.alloc(actual.length);
  return timingSafeEqual(actual, expected) && wellFormed;
}
