import { err, ok, type Result } from '../errors/result.js';
import { HOST, IPV6, isClass, skipWs, TOKEN } from './chars.js';
import { formatHeaderParams, parseHeaderParams } from './header-params.js';
import { isIPv6Address } from './ipv6-address.js';
import { SipParseError } from './sip-parse-error.js';
import type { Via } from './types.js';

/** RFC 3261 §8.1.1.7 magic cookie that starts every RFC 3261 branch. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/** A parsed via-parm and the index just after it. */
export interface ViaScan {
  readonly value: Via;
  readonly end: number;
}

function fail(offset: number, detail: string): SipParseError {
  return new SipParseError('bad-via', offset, detail);
}

function scanToken(s: string, i: number, end: number): number {
  while (i < end && isClass(s.charCodeAt(i), TOKEN)) i++;
  return i;
}

/**
 * Parses one via-parm at `i` (RFC 3261 §20.42, §25.1):
 * `sent-protocol LWS sent-by *( SEMI via-params )`, with SWS allowed around
 * "/" and ":". Stops before a `,`.
 */
export function parseViaAt(s: string, i: number, end: number): ViaScan | SipParseError {
  let j = skipWs(s, i, end);
  let k = scanToken(s, j, end);
  if (k - j !== 3 || s.slice(j, k).toUpperCase() !== 'SIP') return fail(j, 'protocol-name is not SIP');
  j = skipWs(s, k, end);
  if (s.charCodeAt(j) !== 47) return fail(j, 'expected "/"');
  j = skipWs(s, j + 1, end);
  k = scanToken(s, j, end);
  if (s.slice(j, k) !== '2.0') return fail(j, 'protocol-version is not 2.0');
  j = skipWs(s, k, end);
  if (s.charCodeAt(j) !== 47) return fail(j, 'expected "/"');
  j = skipWs(s, j + 1, end);
  k = scanToken(s, j, end);
  if (k === j) return fail(j, 'missing transport');
  const transport = s.slice(j, k).toUpperCase();
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
  const params = new Map<string, string | null>();
  const scan = parseHeaderParams(s, j, end, params);
  if (scan.errorAt >= 0) return fail(scan.errorAt, 'bad via parameter');
  const via: { -readonly [K in keyof Via]: Via[K] } = { protocol: 'SIP/2.0', transport, host, params };
  if (port !== undefined) via.port = port;
  const branch = params.get('branch');
  if (branch !== undefined) {
    if (branch === null) return fail(j, 'branch without value');
    via.branch = branch;
    params.delete('branch');
  }
  const received = params.get('received');
  if (received !== undefined) {
    if (received === null) return fail(j, 'received without value');
    via.received = received;
    params.delete('received');
  }
  const rport = params.get('rport');
  if (rport !== undefined) {
    if (rport === null) {
      via.rport = true;
    } else {
      // RFC 3581 §4: response-port = "rport" [EQUAL 1*DIGIT]
      if (!/^[0-9]{1,5}$/.test(rport) || Number(rport) > 65535) return fail(j, 'bad rport');
      via.rport = Number(rport);
    }
    params.delete('rport');
  }
  return { value: via, end: scan.end };
}

/** Parses one via-parm (RFC 3261 §20.42, RFC 3581 `rport`). */
export function parseVia(text: string): Result<Via, SipParseError> {
  const r = parseViaAt(text, 0, text.length);
  if (r instanceof SipParseError) return err(r);
  if (r.end !== text.length) return err(fail(r.end, 'unexpected text after via-parm'));
  return ok(r.value);
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
