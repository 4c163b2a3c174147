// Property tests (fast-check). The seed is logged; rerun one with FC_SEED=<seed>.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import t from 'tap';
import {
  createSipHeaders,
  encodedSize,
  frameSipStream,
  parseSipMessage,
  serializeInto,
  serializeSipMessage,
  SipParseError,
  type AbsoluteUri,
  type NameAddr,
  type SipMessage,
  type SipUri,
  type TelUri,
  type Uri,
  type Via,
} from './index.js';

const seed = Number(process.env['FC_SEED'] ?? Math.floor(Math.random() * 0x7fffffff));
t.comment(`fast-check seed ${seed} (FC_SEED=${seed} reproduces)`);
const runs = (n: number) => ({ seed, numRuns: n });

const token = fc.stringMatching(/^[A-Za-z0-9][-A-Za-z0-9.!%*_+`'~]{0,10}$/);
const lowerToken = fc.stringMatching(/^[a-z0-9][-a-z0-9.!%*_+`'~]{0,8}$/);
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const host = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((a) => `[${a}]`),
);
const port = fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined });
const paramMap = (names: fc.Arbitrary<string>, values: fc.Arbitrary<string | null>) =>
  fc.uniqueArray(fc.tuple(names, values), { selector: ([n]) => n, maxLength: 3 }).map((e) => new Map(e));

const sipUri: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    user: fc.option(text, { nil: undefined }),
    password: fc.option(text, { nil: undefined }),
    host,
    port,
    params: paramMap(fc.stringMatching(/^[a-z0-9][-a-z0-9_.!~*']{0,6}$/), fc.option(text, { nil: null })),
    headers: fc
      .uniqueArray(fc.tuple(text, fc.string({ unit: 'grapheme', maxLength: 8 })), { selector: ([n]) => n, maxLength: 2 })
      .map((e) => new Map(e)),
  })
  .map(({ user, password, port, ...rest }) => {
    const uri: { -readonly [K in keyof SipUri]: SipUri[K] } = { ...rest };
    if (user !== undefined) {
      uri.user = user;
      if (password !== undefined) uri.password = password;
    }
    if (port !== undefined) uri.port = port;
    return uri;
  });
const telUri: fc.Arbitrary<TelUri> = fc.record({
  scheme: fc.constant('tel' as const),
  number: fc.stringMatching(/^\+?[0-9][-0-9]{0,10}$/),
  params: paramMap(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.option(fc.stringMatching(/^[a-z0-9]{1,6}$/), { nil: null })),
});
const absoluteUri: fc.Arbitrary<AbsoluteUri> = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9+.-]{0,6}$/), fc.stringMatching(/^[A-Za-z0-9/._~-]{1,12}$/))
  .filter(([scheme]) => !['sip', 'sips', 'tel'].includes(scheme))
  .map(([scheme, rest]) => ({ scheme, raw: `${scheme}:${rest}` }));
const uri: fc.Arbitrary<Uri> = fc.oneof({ arbitrary: sipUri, weight: 4 }, telUri, absoluteUri);

const headerParams = paramMap(
  lowerToken.filter((n) => n !== 'tag'),
  fc.oneof(token, fc.stringMatching(/^"[a-zA-Z0-9 <>:;,@]{0,10}"$/), fc.constant(null)),
);
const nameAddr: fc.Arbitrary<NameAddr> = fc
  .record({
    displayName: fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s)), { nil: undefined }),
    uri,
    params: headerParams,
    tag: fc.option(token, { nil: undefined }),
  })
  .map(({ displayName, tag, ...rest }) => {
    const v: { -readonly [K in keyof NameAddr]: NameAddr[K] } = { ...rest };
    if (displayName !== undefined) v.displayName = displayName;
    if (tag !== undefined) v.tag = tag;
    return v;
  });
const via: fc.Arbitrary<Via> = fc
  .record({
    transport: fc.stringMatching(/^[A-Z]{2,5}$/),
    host,
    port,
    branch: fc.option(token.map((b) => `z9hG4bK${b}`), { nil: undefined }),
    received: fc.option(fc.ipV4(), { nil: undefined }),
    rport: fc.option(fc.oneof(fc.constant(true as const), fc.integer({ min: 1, max: 65535 })), { nil: undefined }),
    params: paramMap(lowerToken.filter((n) => !['branch', 'received', 'rport'].includes(n)), fc.option(token, { nil: null })),
  })
  .map(({ port, branch, received, rport, ...rest }) => {
    const v: { -readonly [K in keyof Via]: Via[K] } = { protocol: 'SIP/2.0', ...rest };
    if (port !== undefined) v.port = port;
    if (branch !== undefined) v.branch = branch;
    if (received !== undefined) v.received = received;
    if (rport !== undefined) v.rport = rport;
    return v;
  });
const STRUCTURED = new Set(['via', 'v', 'from', 'f', 'to', 't', 'call-id', 'i', 'cseq', 'max-forwards', 'contact', 'm', 'content-length', 'l', 'content-type', 'c']);
const extraHeaders = fc.array(
  fc.tuple(
    token.filter((n) => !STRUCTURED.has(n.toLowerCase())),
    fc.stringMatching(/^([!-~]([ !-~]{0,20}[!-~])?)?$/),
  ),
  { maxLength: 4 },
);

const message: fc.Arbitrary<SipMessage> = fc
  .record({
    isRequest: fc.boolean(),
    method: token,
    uri,
    status: fc.integer({ min: 100, max: 699 }),
    reason: fc.stringMatching(/^[A-Za-z0-9 ]{0,16}$/),
    via: fc.array(via, { minLength: 1, maxLength: 3 }),
    from: nameAddr,
    to: nameAddr,
    callId: fc.stringMatching(/^[A-Za-z0-9.-]{1,16}(@[a-z0-9.]{1,10})?$/),
    seq: fc.integer({ min: 0, max: 0x7fffffff }),
    maxForwards: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
    contact: fc.option(fc.array(nameAddr, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    headers: extraHeaders,
    contentType: fc.option(fc.constantFrom('application/sdp', 'application/dtmf-relay', 'text/plain;charset=utf-8'), { nil: undefined }),
    body: fc.uint8Array({ maxLength: 64 }),
  })
  .map((g) => {
    const [top, ...rest] = g.via;
    const common = {
      version: 'SIP/2.0' as const,
      headers: createSipHeaders(g.headers),
      via: [top ?? ({} as Via), ...rest] as [Via, ...Via[]],
      from: g.from,
      to: g.to,
      callId: g.callId,
      contentLength: g.body.length,
      body: g.body,
      ...(g.maxForwards !== undefined ? { maxForwards: g.maxForwards } : {}),
      ...(g.contact !== undefined ? { contact: g.contact } : {}),
      ...(g.contentType !== undefined ? { contentType: g.contentType } : {}),
    };
    // RFC 3261 §19.1.1: a Request-URI carries no headers.
    const requestUri: Uri = 'host' in g.uri ? { ...g.uri, headers: new Map() } : g.uri;
    return g.isRequest
      ? { kind: 'request' as const, method: g.method, uri: requestUri, cseq: { seq: g.seq, method: g.method }, ...common }
      : { kind: 'response' as const, status: g.status, reason: g.reason, cseq: { seq: g.seq, method: g.method }, ...common };
  });

/** Plain data for deep comparison: Maps as entry lists, headers as fields, bytes as arrays. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([k, v]) => [k, plain(v)]);
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    if ('entries' in value && typeof value.entries === 'function' && 'getAll' in value) return plain((value as { entries(): unknown }).entries());
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

t.test('parse never throws on arbitrary bytes', async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
      const r = parseSipMessage(bytes);
      return r.ok || r.error instanceof SipParseError;
    }),
    runs(3000),
  );
  const piece = fc.constantFrom(
    'INVITE ', 'SIP/2.0', ' ', 'sip:', 'sips:', 'tel:', 'a', '@', ':', ';', ',', '"', '\\', '<', '>', '[', ']', '%', '=', '?', '&',
    '\r\n', '\n', '\t', 'Via: ', 'v:', 'From: ', 'To: ', 'Call-ID: ', 'CSeq: 1 INVITE', 'Contact: ', 'l: ', 'Content-Length: ', '9',
    'branch=', 'tag=', 'rport', 'received=', 'SIP/2.0/UDP ', '::1', '2001:db8::1', '\r\n\r\n', '\u00e9', '\0',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 80 }), (parts) => {
      const bytes = Buffer.from(parts.join(''), 'utf8');
      const r = parseSipMessage(bytes);
      const f = frameSipStream(bytes);
      return (r.ok || r.error instanceof SipParseError) && (f.ok || f.error instanceof SipParseError);
    }),
    runs(3000),
  );
  t.pass('no exception in 6000 inputs');
});

t.test('parse(serialize(m)) equals m, and canonical bytes round-trip byte for byte', async (t) => {
  fc.assert(
    fc.property(message, (m) => {
      const bytes = serializeSipMessage(m);
      const r = parseSipMessage(bytes);
      if (!r.ok) throw new Error(`${r.error.message}\n${Buffer.from(bytes).toString()}`);
      t.same(plain(r.value), plain(m));
      const again = serializeSipMessage(r.value);
      t.equal(Buffer.compare(Buffer.from(again), Buffer.from(bytes)), 0);
      t.equal(encodedSize(m), bytes.length);
      const buf = new Uint8Array(bytes.length + 7);
      t.equal(serializeInto(m, buf, 7), bytes.length);
      t.equal(Buffer.compare(Buffer.from(buf.subarray(7)), Buffer.from(bytes)), 0);
      // The same bytes framed as a stream give the same message.
      const framed = frameSipStream(bytes);
      t.match(framed, { ok: true, value: { kind: 'message', consumed: bytes.length } });
      return true;
    }),
    runs(300),
  );
});

const FIXTURES = fileURLToPath(new URL('../../fixtures/rfc4475/', import.meta.url));
const seeds = readdirSync(FIXTURES)
  .map((f) => readFileSync(FIXTURES + f))
  .filter((b) => parseSipMessage(b).ok);

t.test('random mutations of real messages yield a message or a typed error', async (t) => {
  t.ok(seeds.length > 20, 'valid RFC 4475 messages as seeds');
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
  );
  fc.assert(
    fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (pick, mutations) => {
      let bytes = Buffer.from(seeds[pick % seeds.length] ?? Buffer.alloc(0));
      for (const { op, at, value } of mutations) {
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (op === 'flip') bytes[i] = value;
        else if (op === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([value]), bytes.subarray(i)]);
        else if (op === 'delete') bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + value)]);
        else bytes = bytes.subarray(0, i);
      }
      const r = parseSipMessage(bytes);
      if (r.ok) return r.value.via.length > 0 && r.value.body.length === r.value.contentLength;
      return r.error instanceof SipParseError && r.error.offset >= 0 && r.error.offset <= bytes.length;
    }),
    runs(4000),
  );
  t.pass('every mutant handled');
});
