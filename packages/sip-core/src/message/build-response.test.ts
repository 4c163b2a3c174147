// RFC 3261 §24 example messages: parsed, answered with buildResponse, and
// compared with the responses the RFC shows.
import t from 'tap';
import { buildRequest, buildResponse, parseSipMessage, serializeSipMessage, type SipRequest } from './index.js';

const wire = (...l: string[]): Buffer => Buffer.from(l.join('\r\n'), 'utf8');

// RFC 3261 §24.2, F1: INVITE Alice -> atlanta.example.com proxy.
const F1 = wire(
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9',
  'Max-Forwards: 70',
  'From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl',
  'To: Bob <sip:bob@biloxi.example.com>',
  'Call-ID: 3848276298220188511@atlanta.example.com',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@client.atlanta.example.com;transport=tcp>',
  'Content-Type: application/sdp',
  'Content-Length: 151',
  '',
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 49172 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
);

// RFC 3261 §24.2, F8: INVITE as received by Bob, with the proxies' Via and Record-Route.
const F8 = wire(
  'INVITE sip:bob@client.biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/TCP ss2.biloxi.example.com:5060;branch=z9hG4bK721e4.1',
  'Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=192.0.2.111',
  'Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101',
  'Max-Forwards: 68',
  'Record-Route: <sip:ss2.biloxi.example.com;lr>',
  'Record-Route: <sip:ss1.atlanta.example.com;lr>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl',
  'To: Bob <sip:bob@biloxi.example.com>',
  'Call-ID: 3848276298220188511@atlanta.example.com',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@client.atlanta.example.com;transport=tcp>',
  'Content-Length: 0',
  '',
  '',
);

// RFC 3261 §24.1, F1: REGISTER Bob -> registrar.
const REGISTER = wire(
  'REGISTER sips:ss2.biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7',
  'Max-Forwards: 70',
  'From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl',
  'To: Bob <sips:bob@biloxi.example.com>',
  'Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
  'CSeq: 1 REGISTER',
  'Contact: <sips:bob@client.biloxi.example.com>',
  'Content-Length: 0',
  '',
  '',
);

// RFC 3261 §24.1, F2: 401 Unauthorized.
const UNAUTHORIZED = wire(
  'SIP/2.0 401 Unauthorized',
  'Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7;received=192.0.2.201',
  'From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl',
  'To: Bob <sips:bob@biloxi.example.com>;tag=1410948204',
  'Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
  'CSeq: 1 REGISTER',
  'WWW-Authenticate: Digest realm="atlanta.example.com", qop="auth", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE, algorithm=MD5',
  'Content-Length: 0',
  '',
  '',
);

function request(t: { fail(msg: string): void }, bytes: Buffer): SipRequest {
  const r = parseSipMessage(bytes);
  if (!r.ok || r.value.kind !== 'request') {
    t.fail(`not a request: ${r.ok ? r.value.kind : r.error.message}`);
    throw new Error('unreachable');
  }
  return r.value;
}

t.test('RFC 3261 §24.2 F1 parses with every field', async (t) => {
  const m = request(t, F1);
  t.equal(m.method, 'INVITE');
  t.match(m.uri, { scheme: 'sip', user: 'bob', host: 'biloxi.example.com' });
  t.match(m.via[0], { transport: 'TCP', host: 'client.atlanta.example.com', port: 5060, branch: 'z9hG4bK74bf9' });
  t.equal(m.maxForwards, 70);
  t.match(m.from, { displayName: 'Alice', tag: '9fxced76sl' });
  t.match(m.to, { displayName: 'Bob' });
  t.equal(m.to.tag, undefined);
  t.equal(m.callId, '3848276298220188511@atlanta.example.com');
  t.same(m.cseq, { seq: 1, method: 'INVITE' });
  t.equal(m.contentLength, 151);
  t.match(Buffer.from(m.body).toString(), /^v=0\r\n.*a=rtpmap:0 PCMU\/8000\r\n$/s);
});

t.test('RFC 3261 §24.1 F2 (401 with WWW-Authenticate) parses', async (t) => {
  const r = parseSipMessage(UNAUTHORIZED);
  t.match(r, { ok: true, value: { kind: 'response', status: 401, reason: 'Unauthorized' } });
  if (!r.ok) return;
  t.equal(r.value.via[0].received, '192.0.2.201');
  t.equal(r.value.to.tag, '1410948204');
  // Not a list header: the commas stay inside the one value.
  t.equal(r.value.headers.getAll('WWW-Authenticate').length, 1);
});

t.test('buildResponse copies Via, From, To, Call-ID, CSeq and adds the To-tag (RFC 3261 §8.2.6)', async (t) => {
  const req = request(t, F8);
  const ringing = buildResponse(req, { status: 180, toTag: '314159', contact: [{ uri: { scheme: 'sip', user: 'bob', host: '192.0.2.4', params: new Map(), headers: new Map() }, params: new Map() }] });
  // RFC 3261 §24.2 F9: 180 Ringing Bob -> biloxi proxy.
  const want = wire(
    'SIP/2.0 180 Ringing',
    'Via: SIP/2.0/TCP ss2.biloxi.example.com:5060;branch=z9hG4bK721e4.1',
    'Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=192.0.2.111',
    'Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl',
    'To: "Bob" <sip:bob@biloxi.example.com>;tag=314159',
    'Call-ID: 3848276298220188511@atlanta.example.com',
    'CSeq: 1 INVITE',
    'Contact: <sip:bob@192.0.2.4>',
    'Record-Route: <sip:ss2.biloxi.example.com;lr>',
    'Record-Route: <sip:ss1.atlanta.example.com;lr>',
    'Content-Length: 0',
    '',
    '',
  );
  t.equal(Buffer.from(serializeSipMessage(ringing)).toString(), want.toString());
  const trying = buildResponse(req, { status: 100, toTag: 'ignored' });
  t.equal(trying.to.tag, undefined, 'no To-tag on 100 (§8.2.6.2)');
  t.equal(trying.reason, 'Trying');
  t.equal(trying.headers.size, 0, 'Record-Route only on dialog-creating responses');
  const busy = buildResponse(req, { status: 486, toTag: 'x', headers: [['Retry-After', '60']] });
  t.same(busy.headers.entries(), [{ name: 'Retry-After', value: '60' }]);
  t.equal(busy.reason, 'Busy Here');
});

t.test('buildRequest gives a REGISTER that serializes like RFC 3261 §24.1 F1', async (t) => {
  const parsed = request(t, REGISTER);
  const built = buildRequest({
    method: 'REGISTER',
    uri: parsed.uri,
    via: parsed.via,
    from: parsed.from,
    to: parsed.to,
    callId: parsed.callId,
    cseq: parsed.cseq,
    ...(parsed.contact !== undefined ? { contact: parsed.contact } : {}),
  });
  t.equal(built.maxForwards, 70);
  const text = Buffer.from(serializeSipMessage(built)).toString();
  t.equal(
    text,
    [
      'REGISTER sips:ss2.biloxi.example.com SIP/2.0',
      'Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7',
      'Max-Forwards: 70',
      'From: "Bob" <sips:bob@biloxi.example.com>;tag=a73kszlfl',
      'To: "Bob" <sips:bob@biloxi.example.com>',
      'Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com',
      'CSeq: 1 REGISTER',
      'Contact: <sips:bob@client.biloxi.example.com>',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
});
