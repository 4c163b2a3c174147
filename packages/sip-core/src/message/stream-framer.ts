import { ok, type Result } from '../errors/result.js';
import type { SipParseError } from './sip-parse-error.js';
import type { SipLimits, SipStreamFrame } from './types.js';

/** Finds the first message in a stream buffer (RFC 3261 §18.3). */
export function frameSipStream(buffer: Uint8Array, limits?: Partial<SipLimits>): Result<SipStreamFrame, SipParseError> {
  void buffer; void limits;
  // TODO (#2): implementation lands in the next commit.
  return ok({ kind: 'need-more' });
}
