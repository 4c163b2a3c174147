import { err, type Result } from '../errors/result.js';
import { SipParseError } from './sip-parse-error.js';
import type { NameAddr } from './types.js';

/** Parses one name-addr or addr-spec with header params (RFC 3261 §20.10). */
export function parseNameAddr(text: string): Result<NameAddr, SipParseError> {
  // TODO (#2): implementation lands in the next commit.
  return err(new SipParseError('bad-name-addr', 0, `not implemented yet: ${text.length}`));
}

/** Formats a name-addr in canonical form. */
export function formatNameAddr(value: NameAddr): string {
  void value;
  return '';
}
