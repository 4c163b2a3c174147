import { err, ok, type Result } from '../errors/result.js';
import { EMPTY_MAP, HOST, IPV6, isClass, skipWs, TOKEN, upperAscii } from './chars.js';
import { formatHeaderParams, newParamScan, scanHeaderParam, type ParamScan } from './header-params.js';
import { isIPv6Address } from './ipv6-address.js';
import { SipParseError } from './sip-parse-error.js';
import type { Via } from './types.js';

/** RFC 3261 §8.1.1.7 magic cookie that starts every RFC 3261 branch. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

function fail(offset: number, detail: string): SipParseError {
  return new SipParseError('bad-via', offset, detail);
}

function scanToken(s: string, i: number, end: number): number {
  while (i < end && isClass(s.charCodeAt(i), TOKEN)) i++;
  return i;
}

/**
 * Fast path for `sent-protocol LWS sent-by [;branch=token]` in its usual
 * shape (a lower-case `branch` written first, maybe `rport` next). The regex is
 * sticky: `lastIndex` is set before every use, so no state outlives a call.
 */
const SENT_BY =
  /[ \t]*[Ss][Ii][Pp][ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*([-!%'*+.0-9A-Z_`a-z~]+)[ \t]+([-.0-9A-Z_a-z]+|\[[.0-9:A-Fa-f]+\])(?:[ \t]*:[ \t]*([0-9]{1,5}))?(?:[ \t]*;[ \t]*branch[ \t]*=[ \t]*([-!%'*+.0-9A-Z_`a-z~]+)(?=[ \t]*[;,]|[ \t]*$|[ \t]*\r?\n)(?:[ \t]*(;)[ \t]*rport(?:[ \t]*=[ \t]*([0-9]{1,5}))?(?=[ \t]*[;,]|[ \t]*$|[ \t]*\r?\n))?)?/y;

type MutableVia = { -readonly [K in keyof Via]: Via[K] };

/** Slow path of {@link parseSentBy}: walks the grammar to report where it breaks. */
function parseSentBySlow(s: string, i: number, end: number, via: MutableVia): number | SipParseError {
  let j = skipWs(s, i, end);
  let k = scanToken(s, j, end);
  if (k - j !== 3 || (s.charCodeAt(j) | 0x20) !== 115 || (s.charCodeAt(j + 1) | 0x20) !== 105 || (s.charCodeAt(j + 2) | 0x20) !== 112) {
    return fail(j, 'protocol-name is not SIP');
  }
  j = skipWs(s, k, end);
  if (s.charCodeAt(j) !== 47) return fail(j, 'expected "/"');
  j = skipWs(s, j + 1, end);
  k = scanToken(s, j, end);
  if (k - j !== 3 || !s.startsWith('2.0', j)) return fail(j, 'protocol-version is not 2.0');
  j = skipWs(s, k, end);
  if (s.charCodeAt(j) !== 47) return fail(j, 'expected "/"');
  j = skipWs(s, j + 1, end);
  k = scanToken(s, j, end);
  if (k === j) return fail(j, 'missing transport');
  const transport = upperAscii(s.slice(j, k));
  j = skipWs(s, k, end);
  const hostStart = j;
  if (s.charCodeAt(j) === 91) {
    while (j + 1 < end && isClass(s.charCodeAt(j + 1), IPV6)) j++;
    if (s.charCodeAt(j + 1) !== 93 || !isIPv6Address(s.slice(hostStart + 1, j + 1))) {
      return fail(hostStart, 'bad IPv6 reference in sent-by');
    }
    j += 2;
  } else {
    while (j < end && isClass(s.charCodeAt(j), HOST)) j++;
    if (j === hostStart) return fail(j, 'missing sent-by host');
  }
  const host = s.slice(hostStart, j);
  let port: number | undefined;
  j = skipWs(s, j, end);
  if (j < end && s.charCodeAt(j) === 58) {
    j = skipWs(s, j + 1, end);
    const portStart = j;
    let n = 0;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      j++;
    }
    if (j === portStart || j - portStart > 5 || n > 65535) return fail(portStart, 'bad sent-by port');
    port = n;
  }
  via.transport = transport;
  via.host = host;
  if (port !== undefined) via.port = port;
  return j;
}

/** `sent-protocol LWS sent-by` at `i` (RFC 3261 §20.42, SWS around "/" and ":"). */
function parseSentBy(s: string, i: number, end: number, via: MutableVia): number | SipParseError {
  SENT_BY.lastIndex = i;
  const m = SENT_BY.exec(s);
  if (m === null || SENT_BY.lastIndex > end) return parseSentBySlow(s, i, end, via);
  const host = m[2] ?? '';
  const portText = m[3];
  const port = portText === undefined ? undefined : Number(portText);
  if ((port !== undefined && port > 65535) || (host.charCodeAt(0) === 91 && !isIPv6Address(host.slice(1, -1)))) {
    return parseSentBySlow(s, i, end, via);
  }
  // The fast path may stop before a char the slow path would reject; the caller checks what follows.
  via.transport = upperAscii(m[1] ?? '');
  via.host = host;
  if (port !== undefined) via.port = port;
  // The usual "sent-by;branch=..." layout takes the branch in the same match.
  const branch = m[4];
  if (branch !== undefined) via.branch = branch;
  // ... and an "rport" right after it (RFC 3581 §4).
  if (m[5] !== undefined) {
    const rport = m[6] === undefined ? true : Number(m[6]);
    if (rport !== true && rport > 65535) return parseSentBySlow(s, i, end, via);
    via.rport = rport;
  }
  return SENT_BY.lastIndex;
}

/**
 * Parses one via-parm at `i` (RFC 3261 §20.42, §25.1):
 * `sent-protocol LWS sent-by *( SEMI via-params )`, with SWS allowed around
 * "/" and ":". Stops before a `,`. `p` is scratch space; on success `p.end`
 * is the index after the via-parm.
 */
export function parseViaAt(s: string, i: number, end: number, p: ParamScan): Via | SipParseError {
  const via: MutableVia = { protocol: 'SIP/2.0', transport: '', host: '', params: EMPTY_MAP };
  const sent = parseSentBy(s, i, end, via);
  if (sent instanceof SipParseError) return sent;
  let j = sent;
  let params: Map<string, string | null> | undefined;
  j = skipWs(s, j, end);
  while (j < end && s.charCodeAt(j) === 59) {
    if (!scanHeaderParam(s, j, end, p)) return fail(p.errorAt, 'bad via parameter');
    j = p.end;
    const value = p.value;
    switch (p.name) {
      case 'branch':
        if (value === null) return fail(j, 'branch without value');
        via.branch = value;
        break;
      case 'received':
        if (value === null) return fail(j, 'received without value');
        via.received = value;
        break;
      case 'rport':
        if (value === null) via.rport = true;
        else {
          // RFC 3581 §4: response-port = "rport" [EQUAL 1*DIGIT]
          if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) return fail(j, 'bad rport');
          via.rport = Number(value);
        }
        break;
      default:
        (params ??= new Map()).set(p.name, value);
    }
  }
  if (params !== undefined) via.params = params;
  p.end = j;
  return via;
}

/** Parses one via-parm (RFC 3261 §20.42, RFC 3581 `rport`). */
export function parseVia(text: string): Result<Via, SipParseError> {
  const p = newParamScan();
  const r = parseViaAt(text, 0, text.length, p);
  if (r instanceof SipParseError) return err(r);
  if (p.end !== text.length) return err(fail(p.end, 'unexpected text after via-parm'));
  return ok(r);
}

/**
 * Formats one via-parm in canonical form: `SIP/2.0/T host[:port]`, then
 * `branch`, `received`, `rport`, then the other parameters in order.
 */
export function formatVia(via: Via): string {
  let out = 'SIP/2.0/' + via.transport + ' ' + via.host;
  if (via.port !== undefined) out += ':' + String(via.port);
  if (via.branch !== undefined) out += ';branch=' + via.branch;
  if (via.received !== undefined) out += ';received=' + via.received;
  if (via.rport !== undefined) out += via.rport === true ? ';rport' : ';rport=' + String(via.rport);
  return out + formatHeaderParams(via.params);
}
