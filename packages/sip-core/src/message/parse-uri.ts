import { err, ok, type Result } from '../errors/result.js';
import {
  HNV_UNRESERVED,
  HOST,
  isClass,
  PARAM_UNRESERVED,
  PASSWORD_EXTRA,
  SCHEME,
  TEL,
  UNRESERVED,
  USER_UNRESERVED,
} from './chars.js';
import { isIPv6Address } from './ipv6-address.js';
import { SipParseError } from './sip-parse-error.js';
import type { SipUri, TelUri, Uri } from './types.js';
import { unescapeUriPart } from './uri-escape.js';

const PARAM_CHARS = PARAM_UNRESERVED | UNRESERVED;
const HEADER_CHARS = HNV_UNRESERVED | UNRESERVED;

/** Where a URI sits, which decides what it may contain (RFC 3261 §19.1.1 table). */
export type UriContext = 'request-uri' | 'name-addr';

function fail(offset: number, detail: string): SipParseError {
  return new SipParseError('bad-uri', offset, detail);
}

/** Parses host [":" port] at `i`; returns the index after it or an error. */
function parseHostPort(
  s: string,
  i: number,
  end: number,
  out: { host: string; port: number | undefined },
): number | SipParseError {
  let j = i;
  if (s.charCodeAt(j) === 91) {
    // IPv6reference = "[" IPv6address "]" (RFC 3261 §25.1, RFC 5118 §4.3)
    const close = s.indexOf(']', j);
    if (close < 0 || close >= end || close === j + 1) return fail(j, 'unterminated IPv6 reference');
    if (!isIPv6Address(s.slice(j + 1, close))) return fail(j, 'bad IPv6 reference');
    j = close + 1;
  } else {
    while (j < end && isClass(s.charCodeAt(j), HOST)) j++;
    if (j === i) return fail(j, 'missing host');
  }
  out.host = s.slice(i, j);
  if (j < end && s.charCodeAt(j) === 58) {
    const portStart = ++j;
    let port = 0;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      port = port * 10 + (c - 48);
      j++;
    }
    if (j === portStart || j - portStart > 5 || port > 65535) return fail(portStart, 'bad port');
    out.port = port;
  }
  return j;
}

function parseSipUri(s: string, start: number, end: number, scheme: 'sip' | 'sips', ctx: UriContext): Uri | SipParseError {
  let user: string | undefined;
  let password: string | undefined;
  let j = start;
  const at = s.indexOf('@', start);
  if (at >= 0 && at < end) {
    const colon = s.indexOf(':', start);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    user = unescapeUriPart(s, start, userEnd, UNRESERVED | USER_UNRESERVED);
    if (user === undefined || userEnd === start) return fail(start, 'bad user part');
    if (userEnd < at) {
      password = unescapeUriPart(s, userEnd + 1, at, UNRESERVED | PASSWORD_EXTRA);
      if (password === undefined) return fail(userEnd + 1, 'bad password');
    }
    j = at + 1;
  }
  const hp = { host: '', port: undefined as number | undefined };
  const afterHost = parseHostPort(s, j, end, hp);
  if (afterHost instanceof SipParseError) return afterHost;
  j = afterHost;
  const params = new Map<string, string | null>();
  while (j < end && s.charCodeAt(j) === 59) {
    const segStart = j + 1;
    let segEnd = segStart;
    let eq = -1;
    while (segEnd < end) {
      const c = s.charCodeAt(segEnd);
      if (c === 59 || c === 63) break;
      if (c === 61 && eq < 0) eq = segEnd;
      segEnd++;
    }
    const nameEnd = eq < 0 ? segEnd : eq;
    const name = unescapeUriPart(s, segStart, nameEnd, PARAM_CHARS);
    if (name === undefined || nameEnd === segStart) return fail(segStart, 'bad uri-parameter');
    let value: string | null = null;
    if (eq >= 0) {
      const decoded = unescapeUriPart(s, eq + 1, segEnd, PARAM_CHARS);
      if (decoded === undefined || segEnd === eq + 1) return fail(eq + 1, 'bad uri-parameter value');
      value = decoded;
    }
    params.set(name.toLowerCase(), value);
    j = segEnd;
  }
  const headers = new Map<string, string>();
  if (j < end && s.charCodeAt(j) === 63) {
    // RFC 3261 §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
    if (ctx === 'request-uri') return fail(j, 'headers in Request-URI');
    j++;
    for (;;) {
      let segEnd = j;
      let eq = -1;
      while (segEnd < end && s.charCodeAt(segEnd) !== 38) {
        if (s.charCodeAt(segEnd) === 61 && eq < 0) eq = segEnd;
        segEnd++;
      }
      if (eq < 0) return fail(j, 'uri header without "="');
      const hname = unescapeUriPart(s, j, eq, HEADER_CHARS);
      const hvalue = unescapeUriPart(s, eq + 1, segEnd, HEADER_CHARS);
      if (hname === undefined || eq === j || hvalue === undefined) return fail(j, 'bad uri header');
      headers.set(hname, hvalue);
      j = segEnd;
      if (j >= end) break;
      j++;
    }
  }
  if (j !== end) return fail(j, 'unexpected character in URI');
  const uri: { -readonly [K in keyof SipUri]: SipUri[K] } = { scheme, host: hp.host, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (hp.port !== undefined) uri.port = hp.port;
  return uri;
}

function parseTelUri(s: string, start: number, end: number): Uri | SipParseError {
  let j = start;
  while (j < end && isClass(s.charCodeAt(j), TEL)) j++;
  if (j === start) return fail(start, 'empty telephone number');
  const params = new Map<string, string | null>();
  while (j < end && s.charCodeAt(j) === 59) {
    const segStart = j + 1;
    let segEnd = segStart;
    let eq = -1;
    while (segEnd < end && s.charCodeAt(segEnd) !== 59) {
      const c = s.charCodeAt(segEnd);
      if (c === 61 && eq < 0) eq = segEnd;
      else if (!isClass(c, PARAM_CHARS) && c !== 37 && c !== 61) return fail(segEnd, 'bad tel parameter');
      segEnd++;
    }
    const nameEnd = eq < 0 ? segEnd : eq;
    if (nameEnd === segStart) return fail(segStart, 'empty tel parameter');
    params.set(s.slice(segStart, nameEnd).toLowerCase(), eq < 0 ? null : s.slice(eq + 1, segEnd));
    j = segEnd;
  }
  if (j !== end) return fail(j, 'unexpected character in tel URI');
  const tel: TelUri = { scheme: 'tel', number: s.slice(start, j), params };
  return tel;
}

/**
 * Parses the URI in `s[start, end)` (RFC 3261 §19.1, §25.1; RFC 3966).
 * Offsets in the returned error are indexes into `s`.
 */
export function parseUriRange(s: string, start: number, end: number, ctx: UriContext): Uri | SipParseError {
  let j = start;
  const first = s.charCodeAt(j);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return fail(start, 'URI must start with a scheme');
  j++;
  while (j < end && isClass(s.charCodeAt(j), SCHEME)) j++;
  if (j >= end || s.charCodeAt(j) !== 58) return fail(j, 'missing ":" after scheme');
  const scheme = s.slice(start, j).toLowerCase();
  const rest = j + 1;
  if (rest >= end) return fail(rest, 'empty URI');
  switch (scheme) {
    case 'sip':
    case 'sips':
      return parseSipUri(s, rest, end, scheme, ctx);
    case 'tel':
      return parseTelUri(s, rest, end);
    default:
      for (let k = rest; k < end; k++) {
        const c = s.charCodeAt(k);
        if (c <= 32 || c >= 127 || c === 60 || c === 62 || c === 34) return fail(k, 'bad character in URI');
      }
      return { scheme, raw: s.slice(start, end) };
  }
}

/**
 * Parses a sip, sips, tel or other absolute URI written on its own (as inside
 * `<...>`): RFC 3261 §19.1, §25.1; RFC 3966.
 */
export function parseUri(text: string): Result<Uri, SipParseError> {
  const r = parseUriRange(text, 0, text.length, 'name-addr');
  return r instanceof SipParseError ? err(r) : ok(r);
}
