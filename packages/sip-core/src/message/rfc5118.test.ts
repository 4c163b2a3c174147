// RFC 5118 (SIP torture tests for IPv6). The archive files use bare LF and
// some declare a wrong Content-Length; as the RFC's text says, they are turned
// into wire bytes first (here, in the test; the fixture files stay byte-exact).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t, { type Test as Tap } from 'tap';
import { parseSipMessage, type SipMessage, type SipParseCode } from './index.js';

const DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** LF → CRLF, an empty line after the headers if missing, Content-Length set to the real body size. */
function toWire(name: string): Buffer {
  let text = readFileSync(DIR + name, 'latin1').replace(/\r?\n/g, '\r\n');
  if (!text.includes('\r\n\r\n')) text += '\r\n';
  const split = text.indexOf('\r\n\r\n');
  const body = text.slice(split + 4);
  const head = text
    .slice(0, split)
    .split('\r\n')
    .map((line) => (/^(content-length|l)\s*:/i.test(line) ? `Content-Length: ${Buffer.byteLength(body, 'latin1')}` : line))
    .join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');
}

function host(m: SipMessage): unknown {
  return m.kind === 'request' && 'host' in m.uri ? [m.uri.host, m.uri.port] : undefined;
}

const VALID: ReadonlyArray<[string, string, (t: Tap, m: SipMessage) => void]> = [
  ['rfc5118/ipv6-good', '§4.1 IPv6 reference in Request-URI, Via and Contact', (t, m) => {
    t.same(host(m), ['[2001:db8::10]', undefined]);
    t.equal(m.via[0].host, '[2001:db8::9:1]');
    t.match(m.contact?.[0]?.uri, { user: 'caller', host: '[2001:db8::1]' });
  }],
  ['rfc5118/port-ambiguous', '§4.3 the ":5070" is inside the brackets, so part of the address', (t, m) => {
    t.same(host(m), ['[2001:db8::10:5070]', undefined]);
  }],
  ['rfc5118/port-unambiguous', '§4.4 port after the brackets', (t, m) => {
    t.same(host(m), ['[2001:db8::10]', 5070]);
  }],
  ['rfc5118/via-received-param-with-delim', '§4.5 received with brackets, accepted as written', (t, m) => {
    t.equal(m.via[0].received, '[2001:db8::9:255]');
    t.equal(m.via[0].branch, 'z9hG4bKas3-111');
  }],
  ['rfc5118/via-received-param-no-delim', '§4.5 received without brackets', (t, m) => {
    t.equal(m.via[0].received, '2001:db8::9:255');
  }],
  ['rfc5118/ipv6-in-sdp', '§4.6 IPv6 in SDP (the body is bytes here)', (t, m) => {
    t.match(Buffer.from(m.body).toString('latin1'), /c=IN IP6 2001:db8::20/);
  }],
  ['rfc5118/mult-ip-in-header', '§4.7 IPv4 and IPv6 mixed in Via', (t, m) => {
    t.same(m.via.map((v) => [v.host, v.port, v.received]), [
      ['[2001:db8::9:1]', 6050, undefined],
      ['192.0.2.1', undefined, undefined],
      ['[2001:db8::9:255]', undefined, '192.0.2.200'],
    ]);
  }],
  ['rfc5118/mult-ip-in-sdp', '§4.8 IPv4 and IPv6 in SDP', (t, m) => {
    t.match(Buffer.from(m.body).toString('latin1'), /c=IN IP6 2001:db8::1/);
  }],
  ['rfc5118/ipv4-mapped-ipv6', '§4.9 IPv4-mapped IPv6 addresses', (t, m) => {
    t.same([m.via[0].host, m.via[0].port], ['[::ffff:192.0.2.10]', 19823]);
    t.equal(m.contact?.[0]?.displayName, 'T. desk phone');
    t.match(m.contact?.[0]?.uri, { host: '[::ffff:192.0.2.2]' });
  }],
  ['rfc5118/ipv6-correct-abnf-2-colons', '§4.10 "::" before an embedded IPv4 address', (t, m) => {
    t.same(host(m), ['[2001:db8::192.0.2.1]', undefined]);
  }],
];

const INVALID: ReadonlyArray<[string, string, SipParseCode]> = [
  ['rfc5118/ipv6-bad', '§4.2 IPv6 address without brackets in the Request-URI', 'bad-uri'],
  ['rfc5118/ipv6-bug-abnf-3-colons', '§4.10 ":::" is not an IPv6 address (RFC 3261 ABNF bug)', 'bad-uri'],
];


for (const [name, why, check] of VALID) {
  t.test(`valid: ${name} (${why})`, async (t) => {
    const r = parseSipMessage(toWire(name));
    t.ok(r.ok, r.ok ? 'parsed' : r.error.message);
    if (r.ok) check(t, r.value);
  });
}
for (const [name, why, code] of INVALID) {
  t.test(`invalid: ${name} (${why})`, async (t) => {
    const r = parseSipMessage(toWire(name));
    t.equal(r.ok ? 'parsed' : r.error.code, code);
  });
}
