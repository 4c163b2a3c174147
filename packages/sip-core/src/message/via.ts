import { err, type Result } from '../errors/result.js';
import { SipParseError } from './sip-parse-error.js';
import type { Via } from './types.js';

/** RFC 3261 §8.1.1.7 magic cookie that starts every RFC 3261 branch. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/** Parses one via-parm (RFC 3261 §20.42). */
export function parseVia(text: string): Result<Via, SipParseError> {
  // TODO (#2): implementation lands in the next commit.
  return err(new SipParseError('bad-via', 0, `not implemented yet: ${text.length}`));
}

/** Formats one via-parm in canonical form. */
export function formatVia(via: Via): string {
  void via;
  return '';
}
