import { Buffer } from 'node:buffer';
import { formatUri } from './format-uri.js';
import { formatNameAddr } from './name-addr.js';
import type { SipMessage } from './types.js';
import { formatVia } from './via.js';

/**
 * The start line and header section of `msg`, ending with the empty line.
 * Canonical order: Via (one per line), Max-Forwards, From, To, Call-ID, CSeq,
 * Contact, the other headers in stored order, Content-Type, Content-Length
 * (always written, counted in bytes: RFC 3261 §20.14).
 */
function formatHead(msg: SipMessage): string {
  let out =
    msg.kind === 'request'
      ? msg.method + ' ' + formatUri(msg.uri) + ' SIP/2.0\r\n'
      : 'SIP/2.0 ' + String(msg.status) + ' ' + msg.reason + '\r\n';
  for (const via of msg.via) out += 'Via: ' + formatVia(via) + '\r\n';
  if (msg.maxForwards !== undefined) out += 'Max-Forwards: ' + String(msg.maxForwards) + '\r\n';
  out += 'From: ' + formatNameAddr(msg.from) + '\r\n';
  out += 'To: ' + formatNameAddr(msg.to) + '\r\n';
  out += 'Call-ID: ' + msg.callId + '\r\n';
  out += 'CSeq: ' + String(msg.cseq.seq) + ' ' + msg.cseq.method + '\r\n';
  if (msg.contact !== undefined && msg.contact.length > 0) {
    out += 'Contact: ' + msg.contact.map(formatNameAddr).join(', ') + '\r\n';
  }
  for (const field of msg.headers.entries()) out += field.name + ': ' + field.value + '\r\n';
  if (msg.contentType !== undefined) out += 'Content-Type: ' + msg.contentType + '\r\n';
  return out + 'Content-Length: ' + String(msg.body.length) + '\r\n\r\n';
}

/** Encoded size of `msg` in bytes (the companion of {@link serializeInto}). */
export function encodedSize(msg: SipMessage): number {
  return Buffer.byteLength(formatHead(msg), 'utf8') + msg.body.length;
}

/**
 * Writes `msg` into `buf` at `offset` and returns the number of bytes
 * written. Throws a RangeError when `buf` is too small (a programmer error:
 * size it with {@link encodedSize}).
 */
export function serializeInto(msg: SipMessage, buf: Uint8Array, offset: number): number {
  const head = formatHead(msg);
  const headBytes = Buffer.byteLength(head, 'utf8');
  const total = headBytes + msg.body.length;
  if (offset < 0 || offset + total > buf.length) {
    throw new RangeError(`serializeInto needs ${total} bytes at offset ${offset}, buffer has ${buf.length}`);
  }
  const target = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  target.write(head, offset, 'utf8');
  buf.set(msg.body, offset + headBytes);
  return total;
}

/** Serializes `msg` into a new buffer (RFC 3261 §7). */
export function serializeSipMessage(msg: SipMessage): Uint8Array {
  const head = formatHead(msg);
  const headBytes = Buffer.byteLength(head, 'utf8');
  const out = new Uint8Array(headBytes + msg.body.length);
  Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(head, 0, 'utf8');
  out.set(msg.body, headBytes);
  return out;
}
