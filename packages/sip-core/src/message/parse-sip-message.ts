import { err, type Result } from '../errors/result.js';
import { SipParseError } from './sip-parse-error.js';
import type { SipMessage, SipParseOptions } from './types.js';

/** Parses one SIP message (RFC 3261 §7). Never throws on network input. */
export function parseSipMessage(bytes: Uint8Array, options?: SipParseOptions): Result<SipMessage, SipParseError> {
  void options;
  // TODO (#2): implementation lands in the next commit.
  return err(new SipParseError('truncated', bytes.length, 'not implemented yet'));
}
