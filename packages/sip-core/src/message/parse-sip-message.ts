import { Buffer } from 'node:buffer';
import { err, ok, type Result } from '../errors/result.js';
import { DEFAULT_SIP_LIMITS } from './limits.js';
import { parseStartLine } from './start-line.js';
import { SipParseError } from './sip-parse-error.js';
import { isClass, skipWs, TOKEN, trimEnd } from './chars.js';
import { createHeaderCollector } from './header-collector.js';
import type { SipMessage, SipParseOptions } from './types.js';

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');
const LF_LF = Buffer.from('\n\n', 'latin1');

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses one SIP request or response (RFC 3261 §7) from `bytes`.
 *
 * Never throws on network input: every fault is a {@link SipParseError}
 * with a code (which maps to the reply, see `sipStatusForParseError`) and a
 * byte offset. Accepts CRLF or bare LF line ends, leading CRLFs (RFC 3261
 * §7.5), folded lines (§7.3.1), compact forms (§7.3.3). Content-Length is
 * counted in bytes; on a datagram it may be absent (body = rest) and bytes
 * past it are discarded (§18.3); on a stream it is required.
 */
export function parseSipMessage(bytes: Uint8Array, options?: SipParseOptions): Result<SipMessage, SipParseError> {
  const maxMessageBytes = options?.maxMessageBytes ?? DEFAULT_SIP_LIMITS.maxMessageBytes;
  const maxHeaders = options?.maxHeaders ?? DEFAULT_SIP_LIMITS.maxHeaders;
  const maxLineBytes = options?.maxLineBytes ?? DEFAULT_SIP_LIMITS.maxLineBytes;
  const isStream = options?.framing === 'stream';
  const len = bytes.length;
  if (len > maxMessageBytes) {
    return err(new SipParseError('too-large', maxMessageBytes, `message of ${len} bytes exceeds ${maxMessageBytes}`));
  }
  let start = 0;
  while (start < len && (bytes[start] === 13 || bytes[start] === 10)) start++;
  if (start >= len) return err(new SipParseError('truncated', len, 'no start line'));
  const buf = asBuffer(bytes);
  // The header section ends at the first empty line (CRLF CRLF, or LF LF).
  let headerEnd = buf.indexOf(CRLF_CRLF, start);
  let bodyStart = headerEnd + 4;
  const lfEnd = buf.indexOf(LF_LF, start);
  if (lfEnd >= 0 && (headerEnd < 0 || lfEnd < headerEnd)) {
    headerEnd = lfEnd;
    bodyStart = lfEnd + 2;
  }
  if (headerEnd < 0) return err(new SipParseError('truncated', len, 'no empty line after the headers'));
  // `text` holds the start line and header lines, each with its line end.
  const text = buf.toString('utf8', start, headerEnd + (bytes[headerEnd] === 13 ? 2 : 1));
  const isAscii = text.length === headerEnd - start + (bytes[headerEnd] === 13 ? 2 : 1);
  const at = (idx: number): number => start + (isAscii ? idx : Buffer.byteLength(text.slice(0, idx)));
  const fail = (e: SipParseError, base: number): Result<SipMessage, SipParseError> =>
    err(new SipParseError(e.code, at(base + e.offset), e.detail));

  const firstNl = text.indexOf('\n');
  const startLineEnd = firstNl > 0 && text.charCodeAt(firstNl - 1) === 13 ? firstNl - 1 : firstNl;
  const startLine = parseStartLine(text, startLineEnd, maxLineBytes);
  if (startLine instanceof SipParseError) return fail(startLine, 0);

  const headers = createHeaderCollector(startLine.kind === 'request');
  let pos = firstNl + 1;
  let count = 0;
  const textLen = text.length;
  while (pos < textLen) {
    let nl = text.indexOf('\n', pos);
    let e = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > e) return err(new SipParseError('bad-header', at(pos), 'header line without ":"'));
    const nameEnd = trimEnd(text, pos, colon);
    if (nameEnd === pos) return err(new SipParseError('bad-header', at(pos), 'empty header name'));
    for (let k = pos; k < nameEnd; k++) {
      if (!isClass(text.charCodeAt(k), TOKEN)) return err(new SipParseError('bad-header', at(k), 'bad header name'));
    }
    const valueStart = skipWs(text, colon + 1, e);
    let value = text.slice(valueStart, trimEnd(text, valueStart, e));
    let next = nl + 1;
    // Folding (RFC 3261 §7.3.1): a line starting with SP/HTAB continues the value.
    while (next < textLen && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) {
      nl = text.indexOf('\n', next);
      e = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const partStart = skipWs(text, next, e);
      const partEnd = trimEnd(text, partStart, e);
      if (partEnd > partStart) value = value.length > 0 ? value + ' ' + text.slice(partStart, partEnd) : text.slice(partStart, partEnd);
      next = nl + 1;
    }
    if (next - pos > maxLineBytes) return err(new SipParseError('line-too-long', at(pos), 'header line too long'));
    if (++count > maxHeaders) return err(new SipParseError('too-many-headers', at(pos), `more than ${maxHeaders} headers`));
    const fault = headers.add(text.slice(pos, nameEnd), value);
    if (fault !== undefined) return fail(fault, valueStart);
    pos = next;
  }

  const available = len - bodyStart;
  let contentLength = headers.contentLength;
  if (contentLength === undefined) {
    if (isStream) return err(new SipParseError('missing-header', at(0), 'Content-Length is required on a stream'));
    contentLength = available;
  } else if (contentLength > available) {
    return err(new SipParseError('content-length-mismatch', len, `Content-Length ${contentLength} but ${available} body bytes`));
  }
  const body = new Uint8Array(contentLength);
  body.set(bytes.subarray(bodyStart, bodyStart + contentLength));
  const message = headers.finish(startLine, contentLength, body);
  if (message instanceof SipParseError) return err(new SipParseError(message.code, at(0), message.detail));
  return ok(message);
}
