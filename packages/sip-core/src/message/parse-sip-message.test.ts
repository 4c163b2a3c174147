import t from 'tap';
import { DEFAULT_SIP_LIMITS, parseSipMessage, sipStatusForParseError, type SipParseCode } from './index.js';

const lines = (...l: string[]): Buffer => Buffer.from(l.join('\r\n'), 'utf8');
const OPTIONS_HEAD = [
  'OPTIONS sip:bridge@192.0.2.10 SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK1',
  'From: <sip:a@198.51.100.7>;tag=1',
  'To: <sip:bridge@192.0.2.10>',
  'Call-ID: c1@198.51.100.7',
  'CSeq: 1 OPTIONS',
];

t.test('compact forms, case-insensitive names and folding (RFC 3261 §7.3)', async (t) => {
  const r = parseSipMessage(
    lines(
      'INFO sip:b@192.0.2.10 SIP/2.0',
      'v: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK2, SIP/2.0/TCP 203.0.113.5:5070;branch=z9hG4bK1',
      'f: "Caller" <sip:a@198.51.100.7>;tag=9',
      't: <sip:b@192.0.2.10>;tag=8',
      'i: c2',
      'CSEQ: 7 INFO',
      'm: <sip:a@198.51.100.7>',
      'c: application/dtmf-relay',
      'k: timer,',
      '  100rel',
      'Session-Expires: 1800;refresher=uac',
      'l: 10',
      '',
      'Signal=5\r\n',
    ),
  );
  t.ok(r.ok);
  if (!r.ok) return;
  const m = r.value;
  t.same(m.via.map((v) => [v.transport, v.host, v.port, v.branch]), [
    ['UDP', '198.51.100.7', undefined, 'z9hG4bK2'],
    ['TCP', '203.0.113.5', 5070, 'z9hG4bK1'],
  ]);
  t.equal(m.from.displayName, 'Caller');
  t.equal(m.to.tag, '8');
  t.equal(m.callId, 'c2');
  t.same(m.cseq, { seq: 7, method: 'INFO' });
  t.equal(m.contentType, 'application/dtmf-relay');
  t.equal(Buffer.from(m.body).toString(), 'Signal=5\r\n');
  t.same(m.headers.getAll('Supported'), ['timer', '100rel']);
  t.equal(m.headers.get('supported'), 'timer, 100rel');
  t.equal(m.headers.get('x'), '1800;refresher=uac');
  t.same(m.headers.entries().map((f) => f.name), ['k', 'Session-Expires']);
});

t.test('bare LF line ends and leading CRLFs are accepted', async (t) => {
  const r = parseSipMessage(Buffer.from('\r\n\r\n' + OPTIONS_HEAD.join('\n') + '\n\n'));
  t.match(r, { ok: true, value: { kind: 'request', method: 'OPTIONS', contentLength: 0 } });
});

t.test('Content-Length counts bytes; datagram and stream rules (RFC 3261 §18.3)', async (t) => {
  const body = 'é€';
  const withLength = lines(...OPTIONS_HEAD, 'Content-Type: text/plain;charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, '', body + 'extra');
  t.match(parseSipMessage(withLength), { ok: true, value: { contentLength: 5 } });
  const r = parseSipMessage(withLength);
  t.equal(r.ok && Buffer.from(r.value.body).toString('utf8'), body);
  const noLength = lines(...OPTIONS_HEAD, '', 'rest of datagram');
  t.match(parseSipMessage(noLength), { ok: true, value: { contentLength: 16 } });
  t.match(parseSipMessage(noLength, { framing: 'stream' }), { ok: false, error: { code: 'missing-header' } });
  t.match(parseSipMessage(lines(...OPTIONS_HEAD, 'Content-Length: 50', '', 'short')), { ok: false, error: { code: 'content-length-mismatch' } });
});

t.test('limits come from config (SECURITY.md: 16 KiB, 100 headers)', async (t) => {
  t.same(DEFAULT_SIP_LIMITS, { maxMessageBytes: 16384, maxHeaders: 100, maxLineBytes: 8192 });
  const big = lines(...OPTIONS_HEAD, `X-Pad: ${'a'.repeat(17000)}`, '', '');
  t.match(parseSipMessage(big), { ok: false, error: { code: 'too-large' } });
  t.match(parseSipMessage(big, { maxMessageBytes: 40000 }), { ok: false, error: { code: 'line-too-long' } });
  t.match(parseSipMessage(big, { maxMessageBytes: 40000, maxLineBytes: 20000 }), { ok: true });
  const many = lines(...OPTIONS_HEAD, ...Array.from({ length: 96 }, (_, i) => `X-H${i}: v`), '', '');
  t.match(parseSipMessage(many), { ok: false, error: { code: 'too-many-headers' } });
  t.match(parseSipMessage(many, { maxHeaders: 101 }), { ok: true });
  const longUri = lines(`OPTIONS sip:${'u'.repeat(9000)}@h SIP/2.0`, ...OPTIONS_HEAD.slice(1), '', '');
  t.match(parseSipMessage(longUri), { ok: false, error: { code: 'uri-too-long' } });
});

t.test('each fault has its code and byte offset', async (t) => {
  const cases: ReadonlyArray<[Buffer, SipParseCode, number]> = [
    [Buffer.from(''), 'truncated', 0],
    [Buffer.from('\r\n\r\n'), 'truncated', 4],
    [Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: x'), 'truncated', 31],
    [lines('OPTIONS sip:a@b SIP/2.0', 'NoColonHere', '', ''), 'bad-header', 25],
    [lines('OPTIONS sip:a@b SIP/2.0', 'Bad Name: x', '', ''), 'bad-header', 28],
    [lines('OPTIONS sip:a@b SIP/2.0', ...OPTIONS_HEAD.slice(1), 'Max-Forwards: 256', '', ''), 'bad-max-forwards', 197],
    [lines(...OPTIONS_HEAD.slice(0, 5), '', ''), 'missing-header', 0],
    [lines(...OPTIONS_HEAD, 'From: <sip:x@y>', '', ''), 'duplicate-header', 203],
    [lines(...OPTIONS_HEAD, 'Content-Length: -1', '', ''), 'bad-content-length', 213],
    [lines('SIP/2.0 1000 Big', ...OPTIONS_HEAD.slice(1), '', ''), 'bad-status', 8],
    [lines('SIP/2.1 200 OK', ...OPTIONS_HEAD.slice(1), '', ''), 'bad-version', 0],
    [lines('SIP/2.0 200 OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@b>;tag=1', 'To: <sip:c@d>', 'Call-ID: é@x', 'CSeq: 1 OPTIONS', '', ''), 'bad-header', 99],
  ];
  for (const [bytes, code, offset] of cases) {
    t.match(parseSipMessage(bytes), { ok: false, error: { code, offset } }, `${code} @${offset}`);
  }
});

t.test('every code maps to the reply RFC 3261 §21 names', async (t) => {
  const want: Record<SipParseCode, number> = {
    truncated: 400, 'too-large': 513, 'too-many-headers': 400, 'line-too-long': 400, 'uri-too-long': 414,
    'bad-start-line': 400, 'bad-version': 505, 'bad-header': 400, 'bad-uri': 400, 'unsupported-uri-scheme': 416,
    'missing-header': 400, 'duplicate-header': 400, 'content-length-mismatch': 400, 'bad-content-length': 400,
    'bad-cseq': 400, 'bad-via': 400, 'bad-name-addr': 400, 'bad-max-forwards': 400, 'bad-status': 400,
    'method-mismatch': 400,
  };
  for (const [code, status] of Object.entries(want)) t.equal(sipStatusForParseError(code as SipParseCode), status, code);
});
