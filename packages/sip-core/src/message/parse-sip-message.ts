import { Buffer } from 'node:buffer';
import { err, ok, type Result } from '../errors/result.js';
import { DEFAULT_SIP_LIMITS } from './limits.js';
import { parseStartLine } from './start-line.js';
import { SipParseError } from './sip-parse-error.js';
import { skipWs, trimEnd } from './chars.js';
import { createHeaderCollector } from './header-collector.js';
import { headerId } from './header-id.js';
import type { SipMessage, SipParseOptions } from './types.js';

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');
const LF_LF = Buffer.from('\n\n', 'latin1');

/**
 * A header name is a token (RFC 3261 §7.3.1, §25.1). Sticky: `lastIndex` is
 * set before every use, so no state outlives a call.
 */
const HEADER_NAME = /[-!%'*+.0-9A-Z_`a-z~]*/y;

/** Shared body of every message without one; a zero-length array has nothing to mutate. */
const EMPTY_BODY = new Uint8Array(0);

/** Byte offset of char index `idx` of `text`, which was decoded from the input at byte `start`. */
function byteAt(text: string, start: number, isAscii: boolean, idx: number): number {
  return start + (isAscii ? idx : Buffer.byteLength(text.slice(0, idx)));
}

/** The same error at a byte offset of the whole input. */
function relocate(e: SipParseError, offset: number): Result<SipMessage, SipParseError> {
  return err(new SipParseError(e.code, offset, e.detail));
}

/** `Buffer#utf8Slice` where Node has it (it skips `toString`'s argument checks). */
interface FastSlice {
  utf8Slice?: (start: number, end: number) => string;
}

/** UTF-8 text of `buf[start, end)`; invalid sequences become U+FFFD, never an exception. */
function decode(buf: Buffer, start: number, end: number): string {
  const fast = (buf as FastSlice).utf8Slice;
  return fast !== undefined ? fast.call(buf, start, end) : buf.toString('utf8', start, end);
}

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
 *
 * The returned `body` is a view into `bytes` (no copy): copy it before
 * reusing the input buffer.
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
  // The header section ends at the first empty line: CRLF CRLF, or LF LF for bare-LF senders.
  let headerEnd = buf.indexOf(CRLF_CRLF, start);
  let bodyStart = headerEnd + 4;
  let textEnd = headerEnd + 2;
  let text = headerEnd < 0 ? '' : decode(buf, start, textEnd);
  if (headerEnd < 0 || text.charCodeAt(text.indexOf('\n') - 1) !== 13) {
    const lfEnd = buf.indexOf(LF_LF, start);
    if (lfEnd >= 0 && (headerEnd < 0 || lfEnd < headerEnd)) {
      headerEnd = lfEnd;
      bodyStart = lfEnd + 2;
      textEnd = headerEnd + 1;
      text = decode(buf, start, textEnd);
    }
  }
  if (headerEnd < 0) return err(new SipParseError('truncated', len, 'no empty line after the headers'));
  // `text` holds the start line and header lines, each with its line end.
  const isAscii = text.length === textEnd - start;
  const firstNl = text.indexOf('\n');
  const startLineEnd = firstNl > 0 && text.charCodeAt(firstNl - 1) === 13 ? firstNl - 1 : firstNl;
  const startLine = parseStartLine(text, startLineEnd, maxLineBytes);
  if (startLine instanceof SipParseError) return relocate(startLine, byteAt(text, start, isAscii, startLine.offset));

  const headers = createHeaderCollector(startLine.kind === 'request');
  let pos = firstNl + 1;
  let count = 0;
  const textLen = text.length;
  while (pos < textLen) {
    let nl = text.indexOf('\n', pos);
    let e = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > e) return err(new SipParseError('bad-header', byteAt(text, start, isAscii, pos), 'header line without ":"'));
    const nameEnd = trimEnd(text, pos, colon);
    if (nameEnd === pos) return err(new SipParseError('bad-header', byteAt(text, start, isAscii, pos), 'empty header name'));
    const id = headerId(text, pos, nameEnd);
    if (id === 'other') {
      HEADER_NAME.lastIndex = pos;
      HEADER_NAME.test(text);
      if (HEADER_NAME.lastIndex !== nameEnd) {
        return err(new SipParseError('bad-header', byteAt(text, start, isAscii, HEADER_NAME.lastIndex), 'bad header name'));
      }
    }
    const valueStart = skipWs(text, colon + 1, e);
    const valueEnd = trimEnd(text, valueStart, e);
    let folded: string | undefined;
    let next = nl + 1;
    // Folding (RFC 3261 §7.3.1): a line starting with SP/HTAB continues the value.
    while (next < textLen && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) {
      nl = text.indexOf('\n', next);
      e = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const partStart = skipWs(text, next, e);
      const partEnd = trimEnd(text, partStart, e);
      folded ??= text.slice(valueStart, valueEnd);
      if (partEnd > partStart) folded = (folded.length > 0 ? folded + ' ' : '') + text.slice(partStart, partEnd);
      next = nl + 1;
    }
    if (next - pos > maxLineBytes) return err(new SipParseError('line-too-long', byteAt(text, start, isAscii, pos), 'header line too long'));
    if (++count > maxHeaders) return err(new SipParseError('too-many-headers', byteAt(text, start, isAscii, pos), `more than ${maxHeaders} headers`));
    const fault =
      folded === undefined
        ? headers.add(id, text, pos, nameEnd, text, valueStart, valueEnd)
        : headers.add(id, text, pos, nameEnd, folded, 0, folded.length);
    // Offsets into an unfolded copy are reported at the start of the value.
    if (fault !== undefined) return relocate(fault, byteAt(text, start, isAscii, folded === undefined ? fault.offset : valueStart));
    pos = next;
  }

  const available = len - bodyStart;
  let contentLength = headers.contentLength;
  if (contentLength === undefined) {
    if (isStream) return err(new SipParseError('missing-header', byteAt(text, start, isAscii, 0), 'Content-Length is required on a stream'));
    contentLength = available;
  } else if (contentLength > available) {
    return err(new SipParseError('content-length-mismatch', len, `Content-Length ${contentLength} but ${available} body bytes`));
  }
  // A view, not a copy: allocating a backing store costs more than the rest of a small parse.
  const body = contentLength === 0 ? EMPTY_BODY : new Uint8Array(bytes.buffer, bytes.byteOffset + bodyStart, contentLength);
  const message = headers.finish(startLine, contentLength, body);
  if (message instanceof SipParseError) return err(new SipParseError(message.code, byteAt(text, start, isAscii, 0), message.detail));
  return ok(message);
}
