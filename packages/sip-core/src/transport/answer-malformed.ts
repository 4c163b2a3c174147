import { Buffer } from 'node:buffer';
import { reasonPhrase } from '../message/index.js';

/** Headers a response must echo (RFC 3261 §8.2.6.2), by long and compact name. */
const ECHO: ReadonlyMap<string, string> = new Map([
  ['via', 'Via'],
  ['v', 'Via'],
  ['from', 'From'],
  ['f', 'From'],
  ['to', 'To'],
  ['t', 'To'],
  ['call-id', 'Call-ID'],
  ['i', 'Call-ID'],
  ['cseq', 'CSeq'],
]);

/** Longest header section we scan for an answer (beyond it, drop). */
const MAX_SCAN = 16384;

/**
 * Builds the raw bytes of an error response to a request that did not parse,
 * or `undefined` when the bytes are not answerable (a response, no request
 * line, or a missing Via/From/To/Call-ID/CSeq): RFC 3261 §18.1.2 lets
 * garbage be dropped, and a 400 needs those headers to reach the client.
 * The echoed lines are copied as received; only CR/LF-free lines are used.
 */
export function answerMalformed(bytes: Uint8Array, status: number): Uint8Array | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, MAX_SCAN)).toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const lines = head.split(/\r?\n/);
  const first = lines[0] ?? '';
  // A request line: Method SP Request-URI SP SIP-Version; responses are never answered (§18.1.2).
  if (!/^[A-Za-z]+ \S+ SIP\/\d\.\d$/i.test(first) || first.startsWith('SIP/')) return undefined;
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = ECHO.get(line.slice(0, colon).trim().toLowerCase());
    if (name === undefined) continue;
    // Continuation lines (folding) would be lost; answering without them is still §8.2.6-shaped.
    out.push(name + ': ' + line.slice(colon + 1).trim());
    seen.add(name);
  }
  if (seen.size < 5) return undefined;
  const response = 'SIP/2.0 ' + String(status) + ' ' + reasonPhrase(status) + '\r\n' + out.join('\r\n') + '\r\nContent-Length: 0\r\n\r\n';
  return Buffer.from(response, 'latin1');
}
