import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `bytes` cryptographically random bytes as lower-case hex, drawn from a
 * refilled pool (one `randomFillSync` per 4 KiB instead of one per tag):
 * tags and branches need unguessable randomness (RFC 3261 §19.3, §8.1.1.7)
 * and are made several times per call.
 */
export function randomToken(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return token;
}
