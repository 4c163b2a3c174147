// RFC 4475 (SIP torture test messages) run in full: every message of the
// archive has a verdict here, written by hand from the RFC's sections.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t, { type Test as Tap } from 'tap';
import { parseSipMessage, sipStatusForParseError, type SipMessage, type SipParseCode } from './index.js';


const DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const load = (name: string): Buffer => readFileSync(DIR + name);

function parsed(t: Tap, name: string): SipMessage {
  const r = parseSipMessage(load(name));
  if (!r.ok) {
    t.fail(`${name} should parse, got ${r.error.message}`);
    throw new Error('unreachable after t.fail');
  }
  return r.value;
}

/** RFC 4475 §3.1.1: syntactically valid messages, with fields read off the RFC text. */
const VALID: ReadonlyArray<[string, (t: Tap, m: SipMessage) => void]> = [
  ['rfc4475/wsinv.dat', (t, m) => {
    t.equal(m.kind === 'request' && m.method, 'INVITE');
    t.same(m.kind === 'request' && 'params' in m.uri ? [...m.uri.params] : [], [['unknownparam', null]]);
    t.equal(m.to.tag, '1918181833n');
    t.equal(m.from.displayName, 'J Rosenberg \\"');
    t.equal(m.from.tag, '98asjd8');
    t.equal(m.maxForwards, 68);
    t.equal(m.callId, 'wsinv.ndaksdj@192.0.2.1');
    t.same(m.cseq, { seq: 9, method: 'INVITE' });
    t.match(m.via[0], { transport: 'UDP', host: '192.0.2.2', branch: '390skdjuw' });
    t.equal(m.headers.get('newfangledheader'), 'newfangled value continued newfangled value');
    t.equal(m.headers.get('UnknownHeaderWithUnusualValue'), ';;,,;;,;');
    t.equal(m.headers.get('Subject'), '');
    t.equal(m.contentType, 'application/sdp');
    t.equal(m.contentLength, 150);
    t.equal(m.body.length, 150);
  }],
  ['rfc4475/intmeth.dat', (t, m) => {
    t.equal(m.kind === 'request' && m.method, "!interesting-Method0123456789_*+`.%indeed'~");
    t.equal(m.cseq.method, "!interesting-Method0123456789_*+`.%indeed'~");
    t.equal(m.cseq.seq, 139122385);
    t.equal(m.to.displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
    t.equal(m.from.displayName, "token1~` token2'+_ token3*%!.-");
    t.equal(m.from.tag, "_token~1'+`*%!-.");
    t.equal(m.from.params.get("fromparam''~+*_!.-%"), '"работающий"');
    t.equal(m.callId, 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    t.equal(m.maxForwards, 255);
    t.equal(m.via[0].branch, "z9hG4bK-.!%66*_+`'~");
    t.ok(m.headers.has("extensionHeader-!.%*+_`'~"));
  }],
  ['rfc4475/esc01.dat', (t, m) => {
    t.match(m.kind === 'request' && m.uri, { scheme: 'sip', user: 'sips:user@example.com', host: 'example.net' });
    t.match(m.to.uri, { user: 'user', host: 'example.com' });
    t.match(m.from.uri, { user: 'I have spaces', host: 'example.net' });
    const contact = m.contact?.[0]?.uri;
    t.match(contact, { user: 'caller', host: 'host5.example.net' });
    t.same(contact !== undefined && 'params' in contact ? [...contact.params] : [], [['lr', null], ['name', 'value%41']]);
    t.equal(m.contentType, 'application/sdp');
    t.equal(m.body.length, 150);
  }],
  ['rfc4475/escnull.dat', (t, m) => {
    t.match(m.to.uri, { user: 'null-\0-null' });
    t.match(m.from.uri, { user: 'null-\0-null' });
    t.equal(m.contact?.length, 2);
    t.match(m.contact?.[0]?.uri, { user: '\0' });
    t.match(m.contact?.[1]?.uri, { user: '\0\0' });
    t.equal(m.contentLength, 0);
  }],
  ['rfc4475/esc02.dat', (t, m) => {
    t.equal(m.kind === 'request' && m.method, 'RE%47IST%45R');
    t.equal(m.to.displayName, '%Z%45');
    t.equal(m.via[0].branch, 'z9hG4bK209%fzsnel234');
    // "C%6Fntact" is an unknown header (a token with "%"), not Contact.
    t.equal(m.contact?.length, 2);
    t.equal(m.headers.get('C%6Fntact'), '<sip:alias2@host2.example.com>');
  }],
  ['rfc4475/lwsdisp.dat', (t, m) => {
    t.equal(m.from.displayName, 'caller');
    t.equal(m.from.tag, '323');
    t.match(m.from.uri, { user: 'caller', host: 'example.com' });
  }],
  ['rfc4475/longreq.dat', (t, m) => {
    t.equal(m.to.displayName, 'I have a user name of ' + 'extreme'.repeat(10) + ' proportion');
    t.match(m.to.uri, { user: 'user', host: 'example.com', port: 6000 });
    t.equal(m.from.tag, '1' + '298'.repeat(50) + '2424');
    t.equal(m.from.params.get('unknownheaderparamname' + 'name'.repeat(19)), 'unknowheaderparamvalue' + 'value'.repeat(14));
    t.equal(m.from.params.get('unknownvaluelessparamname' + 'paramname'.repeat(9)), null);
    t.match(m.from.uri, { user: 'amazinglylongcallername'.repeat(5), host: 'example.net' });
    t.equal(m.via[0].host, 'sip33.example.com');
    t.equal(m.via[1]?.host, 'sip32.example.com');
    t.equal(m.body.length, m.contentLength);
  }],
  ['rfc4475/dblreq.dat', (t, m) => {
    // RFC 3261 §18.3: octets past Content-Length in a datagram are discarded.
    t.equal(m.kind === 'request' && m.method, 'REGISTER');
    t.equal(m.callId, 'dblreq.0ha0isndaksdj99sdfafnl3lk233412');
    t.equal(m.contentLength, 0);
    t.equal(m.body.length, 0);
    t.match(m.contact?.[0]?.uri, { user: 'j.user', host: 'host.example.com' });
  }],
  ['rfc4475/semiuri.dat', (t, m) => {
    t.match(m.kind === 'request' && m.uri, { user: 'user;par=u@example.net', host: 'example.com' });
    t.same(m.headers.getAll('accept'), [
      'application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag',
    ]);
  }],
  ['rfc4475/transports.dat', (t, m) => {
    t.same(m.via.map((v) => v.transport), ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    t.same(m.via.map((v) => v.host), ['t1.example.com', 't2.example.com', 't3.example.com', 't4.example.com', 't5.example.com']);
    t.equal(m.callId, 'transports.kijh4akdnaqjkwendsasfdj');
  }],
  ['rfc4475/mpart01.dat', (t, m) => {
    t.equal(m.contentType, 'multipart/mixed;boundary=7a9cbec02ceef655');
    t.equal(m.contentLength, 553);
    t.equal(m.body.length, 553);
    t.match(m.via[0], { host: '127.0.0.1', port: 5070, rport: true });
    t.equal(m.headers.get('Content-Transfer-Encoding'), 'binary');
  }],
  ['rfc4475/unreason.dat', (t, m) => {
    t.equal(m.kind === 'response' && m.status, 200);
    t.equal(m.kind === 'response' && m.reason, '= 2**3 * 5**2 но сто девяносто девять - простое');
    t.equal(m.body.length, 154);
  }],
  ['rfc4475/noreason.dat', (t, m) => {
    t.equal(m.kind === 'response' && m.status, 100);
    t.equal(m.kind === 'response' && m.reason, '');
    t.equal(m.to.tag, '902jndnke3');
  }],
];

/**
 * RFC 4475 §3.1.2 (invalid syntax) and the §3.3 cases that RFC 3261 answers
 * with 400 because a required header is missing or repeated: the exact code.
 */
const INVALID: ReadonlyArray<[string, SipParseCode, string]> = [
  ['rfc4475/badinv01.dat', 'bad-via', 'empty via-parms between ";" and ","'],
  ['rfc4475/clerr.dat', 'content-length-mismatch', 'Content-Length larger than the datagram'],
  ['rfc4475/ncl.dat', 'bad-content-length', 'negative Content-Length'],
  ['rfc4475/scalar02.dat', 'bad-cseq', 'CSeq 36893488147419103232 over 2^31'],
  ['rfc4475/scalarlg.dat', 'bad-cseq', 'response with an overlarge CSeq (dropped: RFC 3261 §18.1.2)'],
  ['rfc4475/quotbal.dat', 'bad-name-addr', 'unterminated quoted display-name'],
  ['rfc4475/ltgtruri.dat', 'bad-uri', '<> around the Request-URI'],
  ['rfc4475/lwsruri.dat', 'bad-uri', 'LWS inside the Request-URI'],
  ['rfc4475/lwsstart.dat', 'bad-start-line', 'several SP between Request-Line elements'],
  ['rfc4475/trws.dat', 'bad-start-line', 'SP after SIP-Version'],
  ['rfc4475/escruri.dat', 'bad-uri', 'escaped headers in the Request-URI'],
  ['rfc4475/regbadct.dat', 'bad-name-addr', 'addr-spec with "?" not enclosed in <>'],
  ['rfc4475/badaspec.dat', 'bad-uri', 'spaces inside <> around an addr-spec'],
  ['rfc4475/baddn.dat', 'truncated', 'the archive copy lacks the final CRLF, so the header section never ends'],
  ['derived/baddn-crlf.dat', 'bad-name-addr', 'non-token characters in an unquoted display-name'],
  ['rfc4475/badvers.dat', 'bad-version', 'SIP/7.0 (RFC 3261 §21.5.6: 505)'],
  ['rfc4475/mismatch01.dat', 'method-mismatch', 'CSeq method differs from the Request-Line'],
  ['rfc4475/mismatch02.dat', 'method-mismatch', 'unknown method with a different CSeq method'],
  ['rfc4475/bigcode.dat', 'bad-status', 'status code 4294967301'],
  ['rfc4475/insuf.dat', 'missing-header', 'no From, To, Call-ID or Max-Forwards'],
  ['rfc4475/multi01.dat', 'duplicate-header', 'two CSeq, Call-ID, To and From values'],
  ['rfc4475/mcl01.dat', 'duplicate-header', 'several Content-Length values'],
  ['rfc4475/test.dat', 'bad-start-line', 'in the archive but cited by no section: Request-Line without SIP-Version'],
];

/**
 * Syntactically valid messages whose verdict in RFC 4475 belongs to a higher
 * layer (transaction, UAS, registrar): the parser accepts them and exposes
 * what that layer needs to decide.
 */
const SEMANTIC: ReadonlyArray<[string, string, (t: Tap, m: SipMessage) => void]> = [
  ['rfc4475/baddate.dat', 'Date with EST is invalid, but Date is not interpreted by a UAS (kept raw)', (t, m) => {
    t.equal(m.headers.get('Date'), 'Fri, 01 Jan 2010 16:00:00 EST');
  }],
  ['rfc4475/badbranch.dat', 'branch is only the magic cookie: the transaction layer must not treat it as RFC 3261 unique', (t, m) => {
    t.equal(m.via[0].branch, 'z9hG4bK');
  }],
  ['rfc4475/bcast.dat', 'response whose second Via is a broadcast address: the transport must not send there', (t, m) => {
    t.equal(m.via[1]?.host, '255.255.255.255');
  }],
  ['rfc4475/unkscm.dat', 'unknown Request-URI scheme: the UAS answers 416', (t, m) => {
    t.same(m.kind === 'request' && m.uri, { scheme: 'nobodyknowsthisscheme', raw: 'nobodyKnowsThisScheme:totallyopaquecontent' });
  }],
  ['rfc4475/novelsc.dat', 'known but atypical scheme: the UAS answers 416', (t, m) => {
    t.same(m.kind === 'request' && m.uri, { scheme: 'soap.beep', raw: 'soap.beep://192.0.2.103:3002' });
  }],
  ['rfc4475/unksm2.dat', 'unknown schemes in To, From and Contact of a REGISTER: the registrar rejects', (t, m) => {
    t.same(m.to.uri, { scheme: 'isbn', raw: 'isbn:2983792873' });
    t.same(m.from.uri, { scheme: 'http', raw: 'http://www.example.com' });
    t.same(m.contact?.[0]?.uri, { scheme: 'name', raw: 'name:John_Smith' });
  }],
  ['rfc4475/bext01.dat', 'unsupported Require / Proxy-Require: the UAS answers 420 with Unsupported', (t, m) => {
    t.same(m.headers.getAll('Require'), ['nothingSupportsThis', 'nothingSupportsThisEither']);
    t.same(m.headers.getAll('Proxy-Require'), ['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
  }],
  ['rfc4475/invut.dat', 'unknown Content-Type: the UAS answers 415', (t, m) => {
    t.equal(m.contentType, 'application/unknownformat');
    t.equal(m.body.length, 40);
  }],
  ['rfc4475/regaut01.dat', 'unknown Authorization scheme: the registrar challenges or rejects', (t, m) => {
    t.equal(m.headers.get('Authorization'), 'NoOneKnowsThisScheme opaque-data=here');
  }],
  ['rfc4475/zeromf.dat', 'Max-Forwards 0: an OPTIONS is answered, anything else gets 483', (t, m) => {
    t.equal(m.maxForwards, 0);
  }],
  ['rfc4475/cparam01.dat', 'addr-spec Contact: ";unknownparam" is a header parameter', (t, m) => {
    const c = m.contact?.[0];
    t.same(c !== undefined ? [...c.params] : [], [['unknownparam', null]]);
    t.same(c !== undefined && 'params' in c.uri ? [...c.uri.params] : ['?'], []);
  }],
  ['rfc4475/cparam02.dat', 'name-addr Contact: ";unknownparam" is a URI parameter', (t, m) => {
    const c = m.contact?.[0];
    t.same(c !== undefined ? [...c.params] : ['?'], []);
    t.same(c !== undefined && 'params' in c.uri ? [...c.uri.params] : [], [['unknownparam', null]]);
  }],
  ['rfc4475/regescrt.dat', 'escaped header in a Contact URI: the registrar stores it', (t, m) => {
    const uri = m.contact?.[0]?.uri;
    t.same(uri !== undefined && 'headers' in uri ? [...uri.headers] : [], [['Route', '<sip:sip.example.com>']]);
  }],
  ['rfc4475/sdp01.dat', 'Accept without application/sdp: the UAS answers 406', (t, m) => {
    t.equal(m.headers.get('Accept'), 'text/nobodyKnowsThis');
  }],
  ['rfc4475/inv2543.dat', 'RFC 2543 request without branch: the transaction layer uses the §17.2.3 fallback', (t, m) => {
    t.equal(m.via[0].branch, undefined);
    t.equal(m.maxForwards, undefined);
    t.match(m.kind === 'request' && m.uri, { user: 'UserB', host: 'example.com' });
  }],
];

/** Skipped RFC 4475 cases, each with its reason. Empty: every message has a verdict above. */
const KNOWN_GAPS: ReadonlyArray<[string, string]> = [];

for (const [name, check] of VALID) {
  t.test(`valid: ${name}`, async (t) => check(t, parsed(t, name)));
}
for (const [name, code, why] of INVALID) {
  t.test(`invalid: ${name} (${why})`, async (t) => {
    const r = parseSipMessage(load(name));
    t.equal(r.ok, false);
    if (!r.ok) {
      t.equal(r.error.code, code);
      t.ok(r.error.offset >= 0 && r.error.offset <= load(name).length, 'offset inside the message');
      t.ok([400, 505].includes(sipStatusForParseError(r.error.code)));
    }
  });
}
for (const [name, why, check] of SEMANTIC) {
  t.test(`valid syntax, higher-layer verdict: ${name} (${why})`, async (t) => check(t, parsed(t, name)));
}

t.test('every RFC 4475 archive file has exactly one verdict', async (t) => {
  const covered = [...VALID.map(([n]) => n), ...INVALID.map(([n]) => n), ...SEMANTIC.map(([n]) => n), ...KNOWN_GAPS.map(([n]) => n)];
  const files = readdirSync(DIR + 'rfc4475').map((f) => `rfc4475/${f}`);
  t.same(covered.filter((n) => n.startsWith('rfc4475/')).sort(), files.sort());
  t.equal(new Set(covered).size, covered.length, 'no file listed twice');
  t.equal(files.length, 50);
});
