/**
 * The parsers under comparison, each driven to the same depth: start line
 * with its Request-URI parsed, every Via, From, To (with their URIs), Call-ID,
 * CSeq, Contact and Content-Length structured, body available. Each adapter
 * takes the wire bytes (as a transport hands them over) and returns a small
 * checksum so the work cannot be optimised away.
 */
import { createRequire } from 'node:module';
import { Parser, type Logger } from 'sip.js/lib/core/index.js';
import { parseSipMessage } from '@pinbridge/sip-core';

/** A parser adapter. */
export interface ParserUnderTest {
  readonly name: string;
  /** Parses one message to the common depth; returns a checksum (the CSeq number). */
  readonly parse: (bytes: Buffer) => number;
}

/** pinbridge: one call does all of it (other headers stay raw, parsed on use). */
const pinbridge: ParserUnderTest = {
  name: 'pinbridge',
  parse(bytes) {
    const r = parseSipMessage(bytes);
    if (!r.ok) throw new Error(`pinbridge rejected a corpus message: ${r.error.message}`);
    return r.value.cseq.seq + r.value.via.length + r.value.body.length;
  },
};

interface KirmAor {
  uri: string;
}
interface KirmMessage {
  uri?: string;
  headers: { via: unknown[]; from: KirmAor; to: KirmAor; contact?: KirmAor[] | '*'; cseq: { seq: number } };
  content?: string;
}
interface KirmSip {
  parse(data: Buffer | string): KirmMessage | undefined;
  parseUri(uri: string): unknown;
}

const require = createRequire(import.meta.url);
const kirm = require('sip') as KirmSip;

/** `sip` (npm, kirm/sip.js): `sip.parse`, plus `parseUri` on the URIs it leaves as strings. */
const sipPackage: ParserUnderTest = {
  name: 'sip',
  parse(bytes) {
    const m = kirm.parse(bytes);
    if (m === undefined) throw new Error('sip rejected a corpus message');
    if (m.uri !== undefined) kirm.parseUri(m.uri);
    kirm.parseUri(m.headers.from.uri);
    kirm.parseUri(m.headers.to.uri);
    const contact = m.headers.contact;
    if (Array.isArray(contact)) for (const c of contact) kirm.parseUri(c.uri);
    return m.headers.cseq.seq + m.headers.via.length + (m.content?.length ?? 0);
  },
};

const silentLogger = {
  error: () => undefined,
  warn: () => undefined,
  log: () => undefined,
  debug: () => undefined,
} as unknown as Logger;

/** SIP.js core `Parser.parseMessage` (PEG grammar), plus the Vias after the first, which it parses lazily. */
const sipJs: ParserUnderTest = {
  name: 'sip.js',
  parse(bytes) {
    const m = Parser.parseMessage(bytes.toString('utf8'), silentLogger);
    if (m === undefined) throw new Error('sip.js rejected a corpus message');
    const vias = m.getHeaders('via').length;
    for (let i = 1; i < vias; i++) m.parseHeader('via', i);
    return m.cseq + vias + m.body.length;
  },
};

/** All parsers, pinbridge first. */
export const PARSERS: readonly ParserUnderTest[] = [pinbridge, sipPackage, sipJs];
