import { isClass, skipWs, TOKEN } from './chars.js';
import { newParamScan, type ParamScan } from './header-params.js';
import { parseNameAddrAt } from './name-addr.js';
import type { HeaderId } from './header-id.js';
import { headersFromFields } from './sip-headers.js';
import { SipParseError } from './sip-parse-error.js';
import type { StartLine } from './start-line.js';
import type { CSeq, NameAddr, SipHeaderField, SipMessage, SipRequest, SipResponse, Via } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
import { parseViaAt } from './via.js';

/** The number written as all of `s[start, end)` with at most `maxDigits` digits, else -1. */
function parseDigits(s: string, start: number, end: number, maxDigits: number): number {
  if (end === start || end - start > maxDigits) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number is below 2^31 (§8.1.1.5). */
export function parseCSeqAt(s: string, start: number, end: number): CSeq | SipParseError {
  let j = start;
  while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  const seq = parseDigits(s, start, j, 10);
  if (seq < 0 || seq > 0x7fffffff) return new SipParseError('bad-cseq', start, 'CSeq number out of range');
  const m = skipWs(s, j, end);
  if (m === j || m >= end) return new SipParseError('bad-cseq', j, 'CSeq needs "number method"');
  for (let k = m; k < end; k++) {
    if (!isClass(s.charCodeAt(k), TOKEN)) return new SipParseError('bad-cseq', k, 'CSeq method is not a token');
  }
  return { seq, method: s.slice(m, end) };
}

/**
 * Call-ID = word [ "@" word ] (RFC 3261 §20.8, §25.1); word chars are
 * alphanum and -.!%*_+`'~()<>:\"/[]?{}. A regex: the engine's native scan
 * beats a JS loop on these 30-60 char values.
 */
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(?:@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;

function hasOne<T>(list: T[]): list is [T, ...T[]] {
  return list.length > 0;
}

/**
 * Accumulates header fields of one message: the required and framing
 * headers are parsed at once into typed fields, everything else is kept raw.
 * Error offsets are relative to the value passed to `add`.
 */
export class HeaderCollector {
  private readonly isRequest: boolean;
  private readonly fields: SipHeaderField[] = [];
  /** Scratch space shared by the value parsers of this message. */
  private readonly scan: ParamScan = newParamScan();
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

  /**
   * Adds one header field of kind `id`: the name is `text[nameStart, nameEnd)`, the
   * unfolded value is `v[vStart, vEnd)` (`v` is `text` unless the line was
   * folded). Error offsets are indexes into `v`.
   */
  add(
    id: HeaderId,
    text: string,
    nameStart: number,
    nameEnd: number,
    v: string,
    vStart: number,
    vEnd: number,
  ): SipParseError | undefined {
    switch (id) {
      case 'via':
        return this.addVia(v, vStart, vEnd);
      case 'from': {
        if (this.from !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one From header');
        const r = this.nameAddr(v, vStart, vEnd);
        if (r instanceof SipParseError) return r;
        this.from = r;
        return undefined;
      }
      case 'to': {
        if (this.to !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one To header');
        const r = this.nameAddr(v, vStart, vEnd);
        if (r instanceof SipParseError) return r;
        this.to = r;
        return undefined;
      }
      case 'call-id': {
        if (this.callId !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one Call-ID');
        const callId = v.slice(vStart, vEnd);
        if (!CALL_ID.test(callId)) return new SipParseError('bad-header', vStart, 'bad Call-ID');
        this.callId = callId;
        return undefined;
      }
      case 'cseq': {
        if (this.cseq !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one CSeq');
        const r = parseCSeqAt(v, vStart, vEnd);
        if (r instanceof SipParseError) return r;
        this.cseq = r;
        return undefined;
      }
      case 'max-forwards': {
        if (this.maxForwards !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one Max-Forwards');
        const n = parseDigits(v, vStart, vEnd, 10);
        // RFC 3261 §20.22: an integer in the range 0-255.
        if (n < 0 || n > 255) return new SipParseError('bad-max-forwards', vStart, 'Max-Forwards is not 0..255');
        this.maxForwards = n;
        return undefined;
      }
      case 'content-length': {
        if (this.contentLength !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one Content-Length');
        const n = parseDigits(v, vStart, vEnd, 9);
        if (n < 0) return new SipParseError('bad-content-length', vStart, 'Content-Length is not a number');
        this.contentLength = n;
        return undefined;
      }
      case 'content-type':
        if (this.contentType !== undefined) return new SipParseError('duplicate-header', vStart, 'more than one Content-Type');
        if (vEnd === vStart) return new SipParseError('bad-header', vStart, 'empty Content-Type');
        this.contentType = v.slice(vStart, vEnd);
        return undefined;
      case 'contact':
        if (vEnd - vStart === 1 && v.charCodeAt(vStart) === 42) break; // RFC 3261 §10.2.2 "*": kept raw.
        return this.addContact(v, vStart, vEnd);
      case 'other':
        break;
      default: {
        const unreachable: never = id;
        return unreachable;
      }
    }
    this.fields.push({ name: text.slice(nameStart, nameEnd), value: v.slice(vStart, vEnd) });
    return undefined;
  }

  /** One name-addr filling all of `v[vStart, vEnd)`. */
  private nameAddr(v: string, vStart: number, vEnd: number): NameAddr | SipParseError {
    const r = parseNameAddrAt(v, vStart, vEnd, this.scan);
    if (r instanceof SipParseError) return r;
    if (this.scan.end !== vEnd) return new SipParseError('bad-name-addr', this.scan.end, 'unexpected text after the name-addr');
    return r;
  }

  private addVia(v: string, vStart: number, vEnd: number): SipParseError | undefined {
    let k = vStart;
    for (;;) {
      const r = parseViaAt(v, k, vEnd, this.scan);
      if (r instanceof SipParseError) return r;
      this.via.push(r);
      k = this.scan.end;
      if (k >= vEnd) return undefined;
      if (v.charCodeAt(k) !== 44) return new SipParseError('bad-via', k, 'expected "," between via-parms');
      k++;
    }
  }

  private addContact(v: string, vStart: number, vEnd: number): SipParseError | undefined {
    const list = this.contact ?? (this.contact = []);
    let k = vStart;
    for (;;) {
      const r = parseNameAddrAt(v, k, vEnd, this.scan);
      if (r instanceof SipParseError) return r;
      list.push(r);
      k = this.scan.end;
      if (k >= vEnd) return undefined;
      if (v.charCodeAt(k) !== 44) return new SipParseError('bad-name-addr', k, 'expected "," between contacts');
      k++;
    }
  }

  /** Builds the message; fails when a required header is missing (RFC 3261 §8.1.1). */
  finish(start: StartLine, contentLength: number, body: Uint8Array): SipMessage | SipParseError {
    const via = this.via;
    if (!hasOne(via)) return new SipParseError('missing-header', 0, 'no Via');
    if (this.from === undefined) return new SipParseError('missing-header', 0, 'no From');
    if (this.to === undefined) return new SipParseError('missing-header', 0, 'no To');
    if (this.callId === undefined) return new SipParseError('missing-header', 0, 'no Call-ID');
    if (this.cseq === undefined) return new SipParseError('missing-header', 0, 'no CSeq');
    const headers = headersFromFields(this.fields);
    let message: Mutable<SipRequest> | Mutable<SipResponse>;
    if (start.kind === 'request') {
      // RFC 3261 §8.2.2 / RFC 4475 §3.1.2.17: the CSeq method must match the Request-Line.
      if (this.isRequest && this.cseq.method !== start.method) {
        return new SipParseError('method-mismatch', 0, 'CSeq method differs from the Request-Line');
      }
      message = {
        kind: 'request',
        method: start.method,
        uri: start.uri,
        version: 'SIP/2.0',
        headers,
        via,
        from: this.from,
        to: this.to,
        callId: this.callId,
        cseq: this.cseq,
        contentLength,
        body,
      };
    } else {
      message = {
        kind: 'response',
        status: start.status,
        reason: start.reason,
        version: 'SIP/2.0',
        headers,
        via,
        from: this.from,
        to: this.to,
        callId: this.callId,
        cseq: this.cseq,
        contentLength,
        body,
      };
    }
    if (this.maxForwards !== undefined) message.maxForwards = this.maxForwards;
    if (this.contact !== undefined) message.contact = this.contact;
    if (this.contentType !== undefined) message.contentType = this.contentType;
    return message;
  }
}

/** Creates a collector for one message. */
export function createHeaderCollector(isRequest: boolean): HeaderCollector {
  return new HeaderCollector(isRequest);
}
