import { Buffer } from 'node:buffer';
import { err, ok, type Result } from '../errors/result.js';
import { DEFAULT_SIP_LIMITS } from './limits.js';
import { SipParseError } from './sip-parse-error.js';
import type { SipLimits, SipStreamFrame } from './types.js';

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');

/** Content-Length of the header section `head` (latin1), or an error / undefined when absent. */
function findContentLength(head: string): number | SipParseError | undefined {
  let found: number | undefined;
  let pos = head.indexOf('\n') + 1;
  while (pos > 0 && pos < head.length) {
    const nl = head.indexOf('\n', pos);
    const lineEnd = nl < 0 ? head.length : nl;
    const colon = head.indexOf(':', pos);
    if (colon > pos && colon < lineEnd) {
      const name = head.slice(pos, colon).trim().toLowerCase();
      if (name === 'content-length' || name === 'l') {
        const value = head.slice(colon + 1, lineEnd).trim();
        if (!/^[0-9]{1,9}$/.test(value)) return new SipParseError('bad-content-length', pos, 'bad Content-Length');
        if (found !== undefined) return new SipParseError('duplicate-header', pos, 'more than one Content-Length');
        found = Number(value);
      }
    }
    pos = lineEnd + 1;
  }
  return found;
}

/**
 * One step of stream framing (RFC 3261 §18.3): call with the bytes received
 * so far on a TCP (or TLS) connection.
 *
 * - leading CRLFs come back as `keepalive` (RFC 3261 §7.5 says ignore them;
 *   a CRLFCRLF is an RFC 5626 §4.4.1 ping that wants a CRLF pong);
 * - a whole message comes back as `message` (a view, not a copy), framed by
 *   its mandatory Content-Length;
 * - otherwise `need-more`.
 *
 * An error means the stream cannot be framed any more: close the connection.
 */
export function frameSipStream(buffer: Uint8Array, limits?: Partial<SipLimits>): Result<SipStreamFrame, SipParseError> {
  const maxMessageBytes = limits?.maxMessageBytes ?? DEFAULT_SIP_LIMITS.maxMessageBytes;
  let n = 0;
  while (n < buffer.length && (buffer[n] === 13 || buffer[n] === 10)) n++;
  if (n > 0) {
    const isPing = n >= 4 && buffer[0] === 13 && buffer[1] === 10 && buffer[2] === 13 && buffer[3] === 10;
    return ok({ kind: 'keepalive', consumed: n, isPing });
  }
  const buf = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const headerEnd = buf.indexOf(CRLF_CRLF);
  if (headerEnd < 0) {
    if (buffer.length > maxMessageBytes) return err(new SipParseError('too-large', maxMessageBytes, 'header section too large'));
    return ok({ kind: 'need-more' });
  }
  const cl = findContentLength(buf.toString('latin1', 0, headerEnd));
  if (cl instanceof SipParseError) return err(cl);
  if (cl === undefined) return err(new SipParseError('missing-header', 0, 'Content-Length is required on a stream'));
  const total = headerEnd + 4 + cl;
  if (total > maxMessageBytes) return err(new SipParseError('too-large', maxMessageBytes, `message of ${total} bytes`));
  if (buffer.length < total) return ok({ kind: 'need-more' });
  return ok({ kind: 'message', bytes: buffer.subarray(0, total), consumed: total });
}
