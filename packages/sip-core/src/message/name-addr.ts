import { err, ok, type Result } from '../errors/result.js';
import { EMPTY_MAP, indexOfIn, isClass, skipWs, TOKEN } from './chars.js';
import { formatUri } from './format-uri.js';
import { formatHeaderParams, newParamScan, quote, scanHeaderParam, scanQuoted, unquote, type ParamScan } from './header-params.js';
import { parseUriRange } from './parse-uri.js';
import { SipParseError } from './sip-parse-error.js';
import type { NameAddr } from './types.js';

function fail(offset: number, detail: string): SipParseError {
  return new SipParseError('bad-name-addr', offset, detail);
}

/**
 * Fast path for the head of a name-addr, and a `;tag=` written first.
 * Sticky: `lastIndex` is set before
 * every use, so no state outlives a call.
 */
const HEAD =
  /[ \t]*(?:"((?:[^"\\\r\n]|\\[^\r\n])*)"[ \t]*|([-!%'*+.0-9A-Z_`a-z~]+(?:[ \t]+[-!%'*+.0-9A-Z_`a-z~]+)*)[ \t]*)?<([^<>\s"]*)>(?:[ \t]*;[ \t]*tag[ \t]*=[ \t]*([-!%'*+.0-9A-Z_`a-z~]+)(?=[ \t]*[;,]|[ \t]*$|[ \t]*\r?\n))?/y;

interface Head {
  displayName: string | undefined;
  uriStart: number;
  uriEnd: number;
  after: number;
  isAngled: boolean;
}

/** Slow path: the display-name and where the URI sits, with exact error offsets. */
function scanHead(s: string, i: number, end: number): Head | SipParseError {
  let j = skipWs(s, i, end);
  if (j >= end) return fail(j, 'empty name-addr');
  let displayName: string | undefined;
  let uriStart = -1;
  const c0 = s.charCodeAt(j);
  if (c0 === 34) {
    const q = scanQuoted(s, j, end);
    if (q < 0) return fail(j, 'unterminated quoted display-name');
    displayName = unquote(s, j, q);
    j = skipWs(s, q, end);
    if (j >= end || s.charCodeAt(j) !== 60) return fail(j, 'expected "<" after display-name');
    uriStart = j + 1;
  } else if (c0 === 60) {
    uriStart = j + 1;
  } else {
    // display-name = *(token LWS) before "<", else this is an addr-spec.
    let k = j;
    let lastWordEnd = j;
    for (;;) {
      const wordStart = k;
      while (k < end && isClass(s.charCodeAt(k), TOKEN)) k++;
      if (k === wordStart) break;
      lastWordEnd = k;
      k = skipWs(s, k, end);
    }
    if (k < end && s.charCodeAt(k) === 60 && lastWordEnd > j) {
      displayName = s.slice(j, lastWordEnd);
      uriStart = k + 1;
    }
  }
  if (uriStart >= 0) {
    const uriEnd = indexOfIn(s, 62, uriStart, end);
    if (uriEnd < 0) return fail(uriStart, 'unterminated "<"');
    return { displayName, uriStart, uriEnd, after: uriEnd + 1, isAngled: true };
  }
  let uriEnd = j;
  while (uriEnd < end) {
    const c = s.charCodeAt(uriEnd);
    if (c === 59 || c === 44 || c === 32 || c === 9) break;
    if (c === 63) return fail(uriEnd, 'addr-spec with "?" must be enclosed in "<>"');
    uriEnd++;
  }
  return { displayName, uriStart: j, uriEnd, after: uriEnd, isAngled: false };
}

/**
 * Parses `( name-addr / addr-spec ) *( SEMI param )` at `i` (RFC 3261 §20.10,
 * §25.1). Stops before a `,` so list headers (Contact, Route) can continue.
 * An addr-spec may not contain `,`, `?` or `;` (§20.10: such URIs MUST be
 * enclosed in `<>`; its parameters are header parameters).
 * `p` is scratch space; on success `p.end` is the index after the value
 * (trailing whitespace skipped).
 */
export function parseNameAddrAt(s: string, i: number, end: number, p: ParamScan): NameAddr | SipParseError {
  let displayName: string | undefined;
  let uriStart = -1;
  let uriEnd = -1;
  let after = -1;
  let isAngled = true;
  let tag: string | undefined;
  // Fast path: `"quoted" <uri>`, `token words <uri>` or `<uri>`.
  HEAD.lastIndex = i;
  const m = HEAD.exec(s);
  if (m !== null && HEAD.lastIndex <= end) {
    const quoted = m[1];
    const words = m[2];
    if (quoted !== undefined) displayName = quoted.includes('\\') ? unquote('"' + quoted + '"', 0, quoted.length + 2) : quoted;
    else if (words !== undefined) displayName = words;
    tag = m[4];
    after = HEAD.lastIndex;
    // The last ">" of the match closes the URI: neither the URI nor a tag contains one.
    uriEnd = s.lastIndexOf('>', HEAD.lastIndex - 1);
    uriStart = uriEnd - (m[3] ?? '').length;
  } else {
    const slow = scanHead(s, i, end);
    if (slow instanceof SipParseError) return slow;
    ({ displayName, uriStart, uriEnd, after, isAngled } = slow);
  }
  const uri = parseUriRange(s, uriStart, uriEnd, 'name-addr');
  if (uri instanceof SipParseError) {
    // Outside "<>" a bad URI usually means a bad display-name (RFC 4475 §3.1.2.15).
    return isAngled ? uri : fail(uri.offset, 'neither name-addr nor addr-spec');
  }
  const value: { -readonly [K in keyof NameAddr]: NameAddr[K] } = { uri, params: EMPTY_MAP };
  if (displayName !== undefined) value.displayName = displayName;
  if (tag !== undefined) value.tag = tag;
  let params: Map<string, string | null> | undefined;
  let j2 = skipWs(s, after, end);
  while (j2 < end && s.charCodeAt(j2) === 59) {
    if (!scanHeaderParam(s, j2, end, p)) return fail(p.errorAt, 'bad header parameter');
    j2 = p.end;
    if (p.name === 'tag') {
      if (p.value === null) return fail(j2, 'tag without value');
      value.tag = p.value;
    } else {
      (params ??= new Map()).set(p.name, p.value);
    }
  }
  if (params !== undefined) value.params = params;
  p.end = j2;
  return value;
}

/** Parses one name-addr or addr-spec with header params (RFC 3261 §20.10). */
export function parseNameAddr(text: string): Result<NameAddr, SipParseError> {
  const p = newParamScan();
  const r = parseNameAddrAt(text, 0, text.length, p);
  if (r instanceof SipParseError) return err(r);
  if (p.end !== text.length) return err(fail(p.end, 'unexpected text after name-addr'));
  return ok(r);
}

/**
 * Formats a name-addr in canonical form: display-name always quoted, URI
 * always in `<>`, `tag` first, then the other parameters in order.
 */
export function formatNameAddr(value: NameAddr): string {
  let out = value.displayName !== undefined ? quote(value.displayName) + ' <' : '<';
  out += formatUri(value.uri) + '>';
  if (value.tag !== undefined) out += ';tag=' + value.tag;
  return out + formatHeaderParams(value.params);
}
