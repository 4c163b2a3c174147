import t from 'tap';
import { cidrContains, parseCidr, parseIpAddress } from './cidr.js';
import { compileOriginRules, evaluateOrigin } from './origin-rules.js';

const block = (text: string) => {
  const r = parseCidr(text);
  if (!r.ok) throw r.error;
  return r.value;
};
const ip = (text: string) => {
  const a = parseIpAddress(text);
  if (a === undefined) throw new Error(text);
  return a;
};

t.test('IPv4 CIDR (RFC 4632)', async (t) => {
  t.ok(cidrContains(block('10.0.0.0/8'), ip('10.255.255.255')));
  t.notOk(cidrContains(block('10.0.0.0/8'), ip('11.0.0.0')));
  t.ok(cidrContains(block('192.0.2.128/25'), ip('192.0.2.128')));
  t.notOk(cidrContains(block('192.0.2.128/25'), ip('192.0.2.127')));
  t.ok(cidrContains(block('0.0.0.0/0'), ip('203.0.113.9')));
  t.ok(cidrContains(block('203.0.113.9'), ip('203.0.113.9')), 'bare address is /32');
  t.notOk(parseCidr('10.0.0.1/8').ok, 'host bits set');
  t.notOk(parseCidr('10.0.0.0/33').ok);
  t.equal(parseIpAddress('256.1.1.1'), undefined);
  t.equal(parseIpAddress('01.1.1.1'), undefined, 'no octal-looking octets');
});

t.test('IPv6 CIDR (RFC 4291 text forms)', async (t) => {
  t.ok(cidrContains(block('2001:db8::/32'), ip('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')));
  t.notOk(cidrContains(block('2001:db8::/32'), ip('2001:db9::')));
  t.ok(cidrContains(block('2001:db8:0:0:0:0:0:1/128'), ip('2001:db8::1')), 'compressed equals full form');
  t.ok(cidrContains(block('fe80::/10'), ip('febf::1')));
  t.notOk(cidrContains(block('fe80::/10'), ip('fec0::1')));
  t.ok(cidrContains(block('::/0'), ip('::1')));
  t.ok(cidrContains(block('64:ff9b::/96'), ip('64:ff9b::192.0.2.33')), 'embedded IPv4 tail');
  t.ok(cidrContains(block('10.0.0.0/8'), ip('::ffff:10.1.2.3')), 'IPv4-mapped matches v4 rules');
  t.ok(cidrContains(block('::ffff:10.0.0.0/104'), ip('10.9.9.9')), 'mapped block is the v4 /8');
  t.notOk(cidrContains(block('10.0.0.0/8'), ip('2001:db8::a00:1')), 'families never mix');
  t.equal(parseIpAddress('1::2::3'), undefined);
  t.equal(parseIpAddress('1:2:3:4:5:6:7:8:9'), undefined);
  t.equal(parseIpAddress('12345::'), undefined);
  t.ok(parseIpAddress('[2001:db8::1]'), 'brackets accepted');
});

t.test('origin rules: global, trunk, room; prefixes, countries, anonymous', async (t) => {
  const compiled = compileOriginRules({
    global: { denyCidrs: ['203.0.113.0/24', '2001:db8:bad::/48'], denyCallerPrefixes: ['+1900'] },
    trunks: { carrier: { denyCountries: ['KP'] } },
    rooms: {
      r1: { allowCountries: ['DE', 'AT'], anonymous: 'deny' },
      r2: { allowCidrs: ['192.0.2.0/24'], allowCallerPrefixes: ['+4930'] },
    },
  });
  if (!compiled.ok) throw compiled.error;
  const rules = compiled.value;
  t.same(evaluateOrigin({ sourceIp: '203.0.113.7' }, rules), { allowed: false, reason: 'ip-denied', scope: 'global' });
  t.same(evaluateOrigin({ sourceIp: '2001:db8:bad:1::5' }, rules), { allowed: false, reason: 'ip-denied', scope: 'global' });
  t.same(evaluateOrigin({ sourceIp: '2001:db8:bae::5' }, rules), { allowed: true });
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', callerId: '+19005551234' }, rules), { allowed: false, reason: 'caller-denied', scope: 'global' });
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', trunk: 'carrier', callerId: '+85023812345' }, rules), { allowed: false, reason: 'country-denied', scope: 'trunk:carrier' });
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', roomId: 'r1', callerId: '+493012345678' }, rules), { allowed: true });
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', roomId: 'r1', callerId: '004369912345678' }, rules), { allowed: true }, '00 prefix normalised (AT)');
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', roomId: 'r1', callerId: '+14155550100' }, rules), { allowed: false, reason: 'country-not-allowed', scope: 'room:r1' });
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', roomId: 'r1' }, rules), { allowed: false, reason: 'anonymous-denied', scope: 'room:r1' });
  t.same(evaluateOrigin({ sourceIp: '198.51.100.1', roomId: 'r2', callerId: '+493012345678' }, rules), { allowed: false, reason: 'ip-not-allowed', scope: 'room:r2' });
  t.same(evaluateOrigin({ sourceIp: '192.0.2.5', roomId: 'r2', callerId: '+4989123456' }, rules), { allowed: false, reason: 'caller-not-allowed', scope: 'room:r2' });
  t.same(evaluateOrigin({ sourceIp: '192.0.2.5', roomId: 'r2', callerId: '+493012345678' }, rules), { allowed: true });
  t.notOk(compileOriginRules({ rooms: { x: { denyCidrs: ['nope'] } } }).ok);
});
