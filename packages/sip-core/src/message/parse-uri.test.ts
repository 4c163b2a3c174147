import t from 'tap';
import { formatUri, parseUri } from './index.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x)));

t.test('sip URI parts (RFC 3261 §19.1.1)', async (t) => {
  t.same(plain(parseUri('sip:alice:secretword@atlanta.com;transport=tcp')), {
    ok: true,
    value: { scheme: 'sip', host: 'atlanta.com', params: [['transport', 'tcp']], headers: [], user: 'alice', password: 'secretword' },
  });
  t.same(plain(parseUri('sips:alice@atlanta.com?subject=project%20x&priority=urgent')), {
    ok: true,
    value: { scheme: 'sips', host: 'atlanta.com', params: [], headers: [['subject', 'project x'], ['priority', 'urgent']], user: 'alice' },
  });
  t.same(plain(parseUri('sip:+1-212-555-1212:1234@gateway.com;user=phone')), {
    ok: true,
    value: { scheme: 'sip', host: 'gateway.com', params: [['user', 'phone']], headers: [], user: '+1-212-555-1212', password: '1234' },
  });
  t.same(plain(parseUri('sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com')), {
    ok: true,
    value: { scheme: 'sip', host: 'atlanta.com', params: [['method', 'REGISTER']], headers: [['to', 'alice@atlanta.com']] },
  });
  t.same(plain(parseUri('SIP:[2001:db8::10]:5070;LR')), {
    ok: true,
    value: { scheme: 'sip', host: '[2001:db8::10]', params: [['lr', null]], headers: [], port: 5070 },
  });
  t.same(plain(parseUri('tel:+1-201-555-0123;phone-context=example.com')), {
    ok: true,
    value: { scheme: 'tel', number: '+1-201-555-0123', params: [['phone-context', 'example.com']] },
  });
  t.same(plain(parseUri('urn:service:sos')), { ok: true, value: { scheme: 'urn', raw: 'urn:service:sos' } });
});

t.test('bad URIs are typed errors with an offset', async (t) => {
  const cases: ReadonlyArray<[string, number]> = [
    ['sip:', 4],
    ['sip:host:99999', 9],
    ['sip:us"er@host', 4],
    ['sip:@host', 4],
    ['sip:[2001:db8:::1]', 4],
    ['sip:host;=x', 9],
    ['sip:host?noequals', 9],
    ['sip:user%4@host', 4],
    ['tel:', 4],
    ['1sip:x', 0],
    ['mailto', 6],
  ];
  for (const [text, offset] of cases) t.match(parseUri(text), { ok: false, error: { code: 'bad-uri', offset } }, text);
});

t.test('formatUri escapes only what RFC 3261 §25.1 requires', async (t) => {
  const parsed = parseUri('sip:I%20have%20spaces@example.net;n%61me=v%61lue%25');
  t.ok(parsed.ok);
  if (parsed.ok) t.equal(formatUri(parsed.value), 'sip:I%20have%20spaces@example.net;name=value%25');
  t.equal(
    formatUri({ scheme: 'sip', user: 'a@b', host: 'h', params: new Map([['x', 'é']]), headers: new Map([['Route', '<sip:p>']]) }),
    'sip:a%40b@h;x=%C3%A9?Route=%3Csip:p%3E',
  );
});
