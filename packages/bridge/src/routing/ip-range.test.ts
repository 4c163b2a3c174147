import t from 'tap';
import { ipInRange, parseIpAddress, parseIpRange } from './ip-range.js';

const range = (s: string) => {
  const r = parseIpRange(s);
  if (r === undefined) throw new Error(`bad test range ${s}`);
  return r;
};

t.test('IPv4 prefixes match by the leading bits only (RFC 4632)', async (t) => {
  t.ok(ipInRange('203.0.113.7', range('203.0.113.0/24')));
  t.notOk(ipInRange('203.0.114.7', range('203.0.113.0/24')));
  t.ok(ipInRange('10.200.3.4', range('10.0.0.0/8')));
  t.ok(ipInRange('192.0.2.129', range('192.0.2.128/25')));
  t.notOk(ipInRange('192.0.2.127', range('192.0.2.128/25')));
  t.ok(ipInRange('198.51.100.9', range('198.51.100.9')), 'a bare address is a /32');
  t.notOk(ipInRange('198.51.100.10', range('198.51.100.9')));
  t.ok(ipInRange('8.8.8.8', range('0.0.0.0/0')));
});

t.test('IPv6 prefixes and IPv4-mapped addresses (RFC 4291 §2.5.5.2)', async (t) => {
  t.ok(ipInRange('2001:db8::1', range('2001:db8::/32')));
  t.notOk(ipInRange('2001:db9::1', range('2001:db8::/32')));
  t.ok(ipInRange('::ffff:203.0.113.7', range('203.0.113.0/24')), 'mapped IPv4 matches the IPv4 range');
  t.notOk(ipInRange('203.0.113.7', range('2001:db8::/32')), 'families never cross');
  t.same([...(parseIpAddress('::1') ?? [])], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

t.test('malformed input is refused, not guessed', async (t) => {
  for (const bad of ['256.0.0.1/8', '10.0.0/8', '10.0.0.0/33', '1::2::3', 'fe80::/129', 'example.com', '']) {
    t.equal(parseIpRange(bad), undefined, bad);
  }
  t.notOk(ipInRange('not-an-ip', range('0.0.0.0/0')));
});
