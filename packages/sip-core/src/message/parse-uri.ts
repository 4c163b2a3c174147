import { err, ok, type Result } from '../errors/result.js';
import {
  EMPTY_MAP,
  lowerAscii,
  HNV_UNRESERVED,
  indexOfIn,
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
    const close = indexOfIn(s, 93, j, end);
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

type MutableSipUri = { -readonly [K in keyof SipUri]: SipUri[K] };

/**
 * Fast path for `[user[:password]@]host[:port][;first-param]`; `%` escapes go to the slow
 * path. Sticky:
 * `lastIndex` is set before every use, so no state outlives a call.
 */
const USER_HOST =
  /([-_.!~*'()&=+$,;?/%0-9A-Za-z]+)(?::([-_.!~*'()&=+$,%0-9A-Za-z]*))?@([-.0-9A-Z_a-z]+|\[[.0-9:A-Fa-f]+\])(?::([0-9]{1,5}))?(?:;([-_.!~*'()[\]/:&+$0-9A-Za-z]+)(?:=([-_.!~*'()[\]/:&+$0-9A-Za-z]+))?)?/y;
/** The same without userinfo, for URIs with no "@". */
const HOST_ONLY = /([-.0-9A-Z_a-z]+|\[[.0-9:A-Fa-f]+\])(?::([0-9]{1,5}))?(?:;([-_.!~*'()[\]/:&+$0-9A-Za-z]+)(?:=([-_.!~*'()[\]/:&+$0-9A-Za-z]+))?)?/y;

/**
 * Fast path for one `;name[=value]` uri-parameter without escapes. Sticky:
 * `lastIndex` is set before every use, so no state outlives a call.
 */
const URI_PARAM = /;([-_.!~*'()[\]/:&+$0-9A-Za-z]+)(?:=([-_.!~*'()[\]/:&+$0-9A-Za-z]+))?/y;

/** Slow path: walks the grammar (escapes, errors with their offset). */
function parseUserHostSlow(s: string, start: number, end: number, uri: MutableSipUri): number | SipParseError {
  let user: string | undefined;
  let password: string | undefined;
  let j = start;
  const at = indexOfIn(s, 64, start, end);
  if (at >= 0) {
    const colon = indexOfIn(s, 58, start, at);
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
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  uri.host = hp.host;
  if (hp.port !== undefined) uri.port = hp.port;
  return afterHost;
}

function parseUserHost(s: string, start: number, end: number, uri: MutableSipUri): number | SipParseError {
  const at = indexOfIn(s, 64, start, end);
  let user: string | undefined;
  let password: string | undefined;
  let host: string;
  let portText: string | undefined;
  let paramName: string | undefined;
  let paramValue: string | undefined;
  let j: number;
  if (at >= 0) {
    USER_HOST.lastIndex = start;
    const m = USER_HOST.exec(s);
    if (m === null) return parseUserHostSlow(s, start, end, uri);
    user = m[1];
    password = m[2];
    // Escapes are decoded (and checked) by the slow path.
    if ((user !== undefined && user.includes('%')) || (password !== undefined && password.includes('%'))) {
      return parseUserHostSlow(s, start, end, uri);
    }
    host = m[3] ?? '';
    portText = m[4];
    paramName = m[5];
    paramValue = m[6];
    j = USER_HOST.lastIndex;
  } else {
    HOST_ONLY.lastIndex = start;
    const m = HOST_ONLY.exec(s);
    if (m === null) return parseUserHostSlow(s, start, end, uri);
    host = m[1] ?? '';
    portText = m[2];
    paramName = m[3];
    paramValue = m[4];
    j = HOST_ONLY.lastIndex;
  }
  const next = s.charCodeAt(j);
  if (j > end || (j < end && next !== 59 && next !== 63)) return parseUserHostSlow(s, start, end, uri);
  const port = portText === undefined ? undefined : Number(portText);
  if ((port !== undefined && port > 65535) || (host.charCodeAt(0) === 91 && !isIPv6Address(host.slice(1, -1)))) {
    return parseUserHostSlow(s, start, end, uri);
  }
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  uri.host = host;
  if (port !== undefined) uri.port = port;
  // The first uri-parameter, when the match took it.
  if (paramName !== undefined) uri.params = new Map<string, string | null>().set(lowerAscii(paramName), paramValue ?? null);
  return j;
}

function parseSipUri(s: string, start: number, end: number, scheme: 'sip' | 'sips', ctx: UriContext): Uri | SipParseError {
  const uri: MutableSipUri = { scheme, host: '', params: EMPTY_MAP, headers: EMPTY_MAP };
  const afterHost = parseUserHost(s, start, end, uri);
  if (afterHost instanceof SipParseError) return afterHost;
  let j = afterHost;
  let params: Map<string, string | null> | undefined = uri.params.size > 0 ? (uri.params as Map<string, string | null>) : undefined;
  while (j < end && s.charCodeAt(j) === 59) {
    URI_PARAM.lastIndex = j;
    const m = URI_PARAM.exec(s);
    if (m !== null) {
      const k = URI_PARAM.lastIndex;
      const next = s.charCodeAt(k);
      if (k === end || (k < end && (next === 59 || next === 63))) {
        (params ??= new Map()).set(lowerAscii(m[1] ?? ''), m[2] ?? null);
        j = k;
        continue;
      }
    }
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
    (params ??= new Map()).set(lowerAscii(name), value);
    j = segEnd;
  }
  let headers: Map<string, string> | undefined;
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
      (headers ??= new Map()).set(hname, hvalue);
      j = segEnd;
      if (j >= end) break;
      j++;
    }
  }
  if (j !== end) return fail(j, 'unexpected character in URI');
  if (params !== undefined) uri.params = params;
  if (headers !== undefined) uri.headers = headers;
  return uri;
}

function parseTelUri(s: string, start: number, end: number): Uri | SipParseError {
  let j = start;
  while (j < end && isClass(s.charCodeAt(j), TEL)) j++;
  if (j === start) return fail(start, 'empty telephone number');
  const numberEnd = j;
  let params: Map<string, string | null> | undefined;
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
    (params ??= new Map()).set(lowerAscii(s.slice(segStart, nameEnd)), eq < 0 ? null : s.slice(eq + 1, segEnd));
    j = segEnd;
  }
  if (j !== end) return fail(j, 'unexpected character in tel URI');
  const tel: TelUri = { scheme: 'tel', number: s.slice(start, numberEnd), params: params ?? EMPTY_MAP };
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
  const rest = j + 1;
  if (rest >= end) return fail(rest, 'empty URI');
  const c1 = s.charCodeAt(start) | 0x20;
  const c2 = s.charCodeAt(start + 1) | 0x20;
  const c3 = s.charCodeAt(start + 2) | 0x20;
  const len = j - start;
  if (c1 === 115 && c2 === 105 && c3 === 112) {
    if (len === 3) return parseSipUri(s, rest, end, 'sip', ctx);
    if (len === 4 && (s.charCodeAt(start + 3) | 0x20) === 115) return parseSipUri(s, rest, end, 'sips', ctx);
  }
  if (len === 3 && c1 === 116 && c2 === 101 && c3 === 108) return parseTelUri(s, rest, end);
  for (let k = rest; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c <= 32 || c >= 127 || c === 60 || c === 62 || c === 34) return fail(k, 'bad character in URI');
  }
  return { scheme: lowerAscii(s.slice(start, j)), raw: s.slice(start, end) };
}

/**
 * Parses a sip, sips, tel or other absolute URI written on its own (as inside
 * `<...>`): RFC 3261 §19.1, §25.1; RFC 3966.
 */
export function parseUri(text: string): Result<Uri, SipParseError> {
  const r = parseUriRange(text, 0, text.length, 'name-addr');
  return r instanceof SipParseError ? err(r) : ok(r);
}
