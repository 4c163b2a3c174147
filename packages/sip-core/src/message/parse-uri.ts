import { err, type Result } from '../errors/result.js';
import { SipParseError } from './sip-parse-error.js';
import type { Uri } from './types.js';

/** Parses a sip/sips/tel/absolute URI (RFC 3261 §19.1, §25.1; RFC 3966). */
export function parseUri(text: string): Result<Uri, SipParseError> {
  // TODO (#2): implementation lands in the next commit.
  return err(new SipParseError('bad-uri', 0, `not implemented yet: ${text.length}`));
}
