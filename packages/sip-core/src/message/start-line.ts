import { isClass, TOKEN } from './chars.js';
import { parseUriRange } from './parse-uri.js';
import { SipParseError } from './sip-parse-error.js';
import type { Uri } from './types.js';

/** A parsed Request-Line or Status-Line (RFC 3261 §7.1, §7.2). */
export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uri: Uri }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string };

/**
 * Checks `SIP-Version` at `text[start, end)`: `SIP/2.0` is accepted, any
 * other well-formed version is `bad-version` (505, RFC 3261 §21.5.6).
 */
function checkVersion(text: string, start: number, end: number): SipParseError | undefined {
  if (end - start === 7 && text.startsWith('SIP/2.0', start)) return undefined;
  const v = text.slice(start, end);
  if (/^SIP\/2\.0$/i.test(v)) return undefined;
  if (/^SIP\/[0-9]+\.[0-9]+$/i.test(v)) return new SipParseError('bad-version', start, `unsupported version ${v}`);
  return new SipParseError('bad-start-line', start, 'bad SIP-Version');
}

/**
 * Parses the start line `text[0, end)` (`text` may continue past `end`). Elements are separated by exactly one
 * SP (RFC 3261 §7.1; RFC 4475 §3.1.2.9 and §3.1.2.10 reject extra SP).
 */
export function parseStartLine(text: string, end: number, maxLineBytes: number): StartLine | SipParseError {
  const isResponse =
    end >= 4 &&
    (text.charCodeAt(0) | 0x20) === 115 &&
    (text.charCodeAt(1) | 0x20) === 105 &&
    (text.charCodeAt(2) | 0x20) === 112 &&
    text.charCodeAt(3) === 47;
  if (end > maxLineBytes) {
    return new SipParseError(isResponse ? 'line-too-long' : 'uri-too-long', 0, 'start line too long');
  }
  const sp1 = text.indexOf(' ');
  // `text` may run past `end` (the header lines follow): every search below is bounded by `end`.
  if (sp1 <= 0 || sp1 >= end) return new SipParseError('bad-start-line', 0, 'start line without SP');
  if (isResponse) {
    const bad = checkVersion(text, 0, sp1);
    if (bad !== undefined) return bad;
    let j = sp1 + 1;
    let status = 0;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57) break;
      status = status * 10 + (c - 48);
      j++;
    }
    if (j - (sp1 + 1) !== 3 || status < 100 || status > 699) return new SipParseError('bad-status', sp1 + 1, 'Status-Code is not 100..699');
    // Reason-Phrase may be empty (RFC 4475 §3.1.1.13); a missing SP is tolerated.
    if (j < end && text.charCodeAt(j) !== 32) return new SipParseError('bad-status', j, 'expected SP after Status-Code');
    const reason = j < end ? text.slice(j + 1, end) : '';
    return { kind: 'response', status, reason };
  }
  for (let k = 0; k < sp1; k++) {
    if (!isClass(text.charCodeAt(k), TOKEN)) return new SipParseError('bad-start-line', k, 'Method is not a token');
  }
  const sp2 = text.lastIndexOf(' ', end - 1);
  if (sp2 <= sp1 + 1) return new SipParseError('bad-start-line', sp1, 'Request-Line needs Method SP Request-URI SP SIP-Version');
  const bad = checkVersion(text, sp2 + 1, end);
  if (bad !== undefined) return bad;
  if (text.charCodeAt(sp1 + 1) === 32) return new SipParseError('bad-start-line', sp1 + 1, 'more than one SP after Method');
  const uri = parseUriRange(text, sp1 + 1, sp2, 'request-uri');
  if (uri instanceof SipParseError) return uri;
  return { kind: 'request', method: text.slice(0, sp1), uri };
}
