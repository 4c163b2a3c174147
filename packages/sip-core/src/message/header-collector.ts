import { isClass, skipWs, TOKEN, WORD } from './chars.js';
import { parseNameAddrAt } from './name-addr.js';
import { canonicalHeaderKey, headersFromFields } from './sip-headers.js';
import { SipParseError } from './sip-parse-error.js';
import type { StartLine } from './start-line.js';
import type { CSeq, NameAddr, SipHeaderField, SipMessage, Via } from './types.js';
import { parseViaAt } from './via.js';

/** Parses up to `maxDigits` decimal digits that make up all of `value`, else -1. */
function parseDigits(value: string, maxDigits: number): number {
  if (value.length === 0 || value.length > maxDigits) return -1;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number is below 2^31 (§8.1.1.5). */
export function parseCSeqValue(value: string): CSeq | SipParseError {
  let j = 0;
  while (j < value.length && value.charCodeAt(j) >= 48 && value.charCodeAt(j) <= 57) j++;
  const seq = parseDigits(value.slice(0, j), 10);
  if (seq < 0 || seq > 0x7fffffff) return new SipParseError('bad-cseq', 0, 'CSeq number out of range');
  const m = skipWs(value, j, value.length);
  if (m === j || m >= value.length) return new SipParseError('bad-cseq', j, 'CSeq needs "number method"');
  for (let k = m; k < value.length; k++) {
    if (!isClass(value.charCodeAt(k), TOKEN)) return new SipParseError('bad-cseq', k, 'CSeq method is not a token');
  }
  return { seq, method: value.slice(m) };
}

/** Call-ID = word [ "@" word ] (RFC 3261 §20.8, §25.1). */
function isCallId(value: string): boolean {
  if (value.length === 0) return false;
  let ats = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 64) {
      if (++ats > 1 || i === 0 || i === value.length - 1) return false;
    } else if (!isClass(c, WORD)) return false;
  }
  return true;
}

/**
 * Accumulates header fields of one message: the required and framing
 * headers are parsed at once into typed fields, everything else is kept raw.
 * Error offsets are relative to the value passed to `add`.
 */
export class HeaderCollector {
  private readonly isRequest: boolean;
  private readonly fields: SipHeaderField[] = [];
  private readonly via: Via[] = [];
  private from: NameAddr | undefined;
  private to: NameAddr | undefined;
  private callId: string | undefined;
  private cseq: CSeq | undefined;
  private maxForwards: number | undefined;
  private contact: NameAddr[] | undefined;
  private contentType: string | undefined;
  /** Content-Length when present. */
  contentLength: number | undefined;

  constructor(isRequest: boolean) {
    this.isRequest = isRequest;
  }

  /** Adds one unfolded header field. */
  add(name: string, value: string): SipParseError | undefined {
    switch (canonicalHeaderKey(name)) {
      case 'via':
        return this.addVia(value);
      case 'from':
      case 'to': {
        const key = canonicalHeaderKey(name) === 'from' ? 'from' : 'to';
        if (this[key] !== undefined) return new SipParseError('duplicate-header', 0, `more than one ${key} header`);
        const r = parseNameAddrAt(value, 0, value.length);
        if (r instanceof SipParseError) return r;
        if (r.end !== value.length) return new SipParseError('bad-name-addr', r.end, `unexpected text in ${key}`);
        this[key] = r.value;
        return undefined;
      }
      case 'call-id':
        if (this.callId !== undefined) return new SipParseError('duplicate-header', 0, 'more than one Call-ID');
        if (!isCallId(value)) return new SipParseError('bad-header', 0, 'bad Call-ID');
        this.callId = value;
        return undefined;
      case 'cseq': {
        if (this.cseq !== undefined) return new SipParseError('duplicate-header', 0, 'more than one CSeq');
        const r = parseCSeqValue(value);
        if (r instanceof SipParseError) return r;
        this.cseq = r;
        return undefined;
      }
      case 'max-forwards': {
        if (this.maxForwards !== undefined) return new SipParseError('duplicate-header', 0, 'more than one Max-Forwards');
        const n = parseDigits(value, 10);
        // RFC 3261 §20.22: an integer in the range 0-255.
        if (n < 0 || n > 255) return new SipParseError('bad-max-forwards', 0, 'Max-Forwards is not 0..255');
        this.maxForwards = n;
        return undefined;
      }
      case 'content-length': {
        if (this.contentLength !== undefined) return new SipParseError('duplicate-header', 0, 'more than one Content-Length');
        const n = parseDigits(value, 9);
        if (n < 0) return new SipParseError('bad-content-length', 0, 'Content-Length is not a number');
        this.contentLength = n;
        return undefined;
      }
      case 'content-type':
        if (this.contentType !== undefined) return new SipParseError('duplicate-header', 0, 'more than one Content-Type');
        if (value.length === 0) return new SipParseError('bad-header', 0, 'empty Content-Type');
        this.contentType = value;
        return undefined;
      case 'contact':
        if (value === '*') break; // RFC 3261 §10.2.2 wildcard: kept raw.
        return this.addContact(value);
      default:
        break;
    }
    this.fields.push({ name, value });
    return undefined;
  }

  private addVia(value: string): SipParseError | undefined {
    let k = 0;
    for (;;) {
      const r = parseViaAt(value, k, value.length);
      if (r instanceof SipParseError) return r;
      this.via.push(r.value);
      k = r.end;
      if (k >= value.length) return undefined;
      if (value.charCodeAt(k) !== 44) return new SipParseError('bad-via', k, 'expected "," between via-parms');
      k++;
    }
  }

  private addContact(value: string): SipParseError | undefined {
    const list = this.contact ?? (this.contact = []);
    let k = 0;
    for (;;) {
      const r = parseNameAddrAt(value, k, value.length);
      if (r instanceof SipParseError) return r;
      list.push(r.value);
      k = r.end;
      if (k >= value.length) return undefined;
      if (value.charCodeAt(k) !== 44) return new SipParseError('bad-name-addr', k, 'expected "," between contacts');
      k++;
    }
  }

  /** Builds the message; fails when a required header is missing (RFC 3261 §8.1.1). */
  finish(start: StartLine, contentLength: number, body: Uint8Array): SipMessage | SipParseError {
    const [topVia, ...moreVia] = this.via;
    if (topVia === undefined) return new SipParseError('missing-header', 0, 'no Via');
    if (this.from === undefined) return new SipParseError('missing-header', 0, 'no From');
    if (this.to === undefined) return new SipParseError('missing-header', 0, 'no To');
    if (this.callId === undefined) return new SipParseError('missing-header', 0, 'no Call-ID');
    if (this.cseq === undefined) return new SipParseError('missing-header', 0, 'no CSeq');
    const common = {
      version: 'SIP/2.0' as const,
      headers: headersFromFields(this.fields),
      via: [topVia, ...moreVia] as [Via, ...Via[]],
      from: this.from,
      to: this.to,
      callId: this.callId,
      cseq: this.cseq,
      ...(this.maxForwards !== undefined ? { maxForwards: this.maxForwards } : {}),
      ...(this.contact !== undefined ? { contact: this.contact } : {}),
      contentLength,
      ...(this.contentType !== undefined ? { contentType: this.contentType } : {}),
      body,
    };
    if (start.kind === 'request') {
      // RFC 3261 §8.2.2 / RFC 4475 §3.1.2.17: the CSeq method must match the Request-Line.
      if (this.isRequest && this.cseq.method !== start.method) {
        return new SipParseError('method-mismatch', 0, 'CSeq method differs from the Request-Line');
      }
      return { kind: 'request', method: start.method, uri: start.uri, ...common };
    }
    return { kind: 'response', status: start.status, reason: start.reason, ...common };
  }
}

/** Creates a collector for one message. */
export function createHeaderCollector(isRequest: boolean): HeaderCollector {
  return new HeaderCollector(isRequest);
}
