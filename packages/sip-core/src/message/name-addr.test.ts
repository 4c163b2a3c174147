import t from 'tap';
import { formatNameAddr, formatVia, parseNameAddr, parseVia } from './index.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x)));

t.test('name-addr and addr-spec (RFC 3261 §20.10, §20.20, §20.39)', async (t) => {
  t.same(plain(parseNameAddr('"A. G. Bell" <sip:agb@bell-telephone.com> ;tag=a48s')), {
    ok: true,
    value: { uri: { scheme: 'sip', host: 'bell-telephone.com', params: [], headers: [], user: 'agb' }, params: [], displayName: 'A. G. Bell', tag: 'a48s' },
  });
  t.same(plain(parseNameAddr('sip:+12125551212@server.phone2net.com;tag=887s')), {
    ok: true,
    value: { uri: { scheme: 'sip', host: 'server.phone2net.com', params: [], headers: [], user: '+12125551212' }, params: [], tag: '887s' },
  });
  t.same(plain(parseNameAddr('Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8')), {
    ok: true,
    value: { uri: { scheme: 'sip', host: 'privacy.org', params: [], headers: [], user: 'c8oqz84zk7z' }, params: [], displayName: 'Anonymous', tag: 'hyh8' },
  });
  t.same(plain(parseNameAddr('"Mr. \\"Watson\\"" <mailto:watson@bell-telephone.com>;q=0.1;expires=3600')), {
    ok: true,
    value: { uri: { scheme: 'mailto', raw: 'mailto:watson@bell-telephone.com' }, params: [['q', '0.1'], ['expires', '3600']], displayName: 'Mr. "Watson"' },
  });
  t.same(plain(parseNameAddr('<sip:a@b>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"')), {
    ok: true,
    value: {
      uri: { scheme: 'sip', host: 'b', params: [], headers: [], user: 'a' },
      params: [['+sip.instance', '"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"']],
    },
  });
});

t.test('bad name-addrs are typed errors', async (t) => {
  t.match(parseNameAddr('"unterminated <sip:a@b>'), { ok: false, error: { code: 'bad-name-addr', offset: 0 } });
  t.match(parseNameAddr('Bell, Alexander <sip:a@b>'), { ok: false, error: { code: 'bad-name-addr' } });
  t.match(parseNameAddr('<sip:a@b'), { ok: false, error: { code: 'bad-name-addr', offset: 1 } });
  t.match(parseNameAddr('sip:a@b?x=y'), { ok: false, error: { code: 'bad-name-addr', offset: 7 } });
  t.match(parseNameAddr('<sip:a@b>;tag'), { ok: false, error: { code: 'bad-name-addr' } });
  t.match(parseNameAddr('<sip:a@b> junk'), { ok: false, error: { code: 'bad-name-addr', offset: 10 } });
});

t.test('formatNameAddr is canonical: quoted display-name, <>, tag first', async (t) => {
  const r = parseNameAddr('Bob <sip:bob@biloxi.com>;x=1;tag=a6c85cf');
  t.ok(r.ok);
  if (r.ok) t.equal(formatNameAddr(r.value), '"Bob" <sip:bob@biloxi.com>;tag=a6c85cf;x=1');
  t.equal(formatNameAddr({ displayName: 'a"b\\c', uri: { scheme: 'tel', number: '+1', params: new Map() }, params: new Map() }), '"a\\"b\\\\c" <tel:+1>');
});

t.test('Via with received and rport (RFC 3261 §18.2.1, RFC 3581 §4)', async (t) => {
  t.same(plain(parseVia('SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds')), {
    ok: true,
    value: { protocol: 'SIP/2.0', transport: 'UDP', host: 'pc33.atlanta.com', params: [], branch: 'z9hG4bK776asdhds' },
  });
  t.same(plain(parseVia('SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2;rport=5061;ttl=16')), {
    ok: true,
    value: {
      protocol: 'SIP/2.0', transport: 'UDP', host: 'bigbox3.site3.atlanta.com', params: [['ttl', '16']],
      branch: 'z9hG4bK77ef4c2312983.1', received: '192.0.2.2', rport: 5061,
    },
  });
  t.same(plain(parseVia('sip / 2.0 / tcp [2001:db8::9:1] : 5060 ; rport ; branch = z9hG4bKx')), {
    ok: true,
    value: { protocol: 'SIP/2.0', transport: 'TCP', host: '[2001:db8::9:1]', params: [], port: 5060, rport: true, branch: 'z9hG4bKx' },
  });
  t.match(parseVia('SIP/3.0/UDP host'), { ok: false, error: { code: 'bad-via' } });
  t.match(parseVia('SIP/2.0/UDP host:70000'), { ok: false, error: { code: 'bad-via' } });
  t.match(parseVia('SIP/2.0/UDP host;rport=x'), { ok: false, error: { code: 'bad-via' } });
  t.match(parseVia('SIP/2.0/UDP [::1::2]'), { ok: false, error: { code: 'bad-via' } });
  t.match(parseVia('SIP/2.0/UDP host;;'), { ok: false, error: { code: 'bad-via' } });
  t.equal(
    formatVia({ protocol: 'SIP/2.0', transport: 'UDP', host: 'h', port: 5060, branch: 'z9hG4bK1', received: '192.0.2.1', rport: 5062, params: new Map([['ttl', '1']]) }),
    'SIP/2.0/UDP h:5060;branch=z9hG4bK1;received=192.0.2.1;rport=5062;ttl=1',
  );
});

t.test('display-names holding "<" or ">" and a tag written first', async (t) => {
  t.same(plain(parseNameAddr('"a<b>c" <sip:x@y>;tag=1;q=2')), {
    ok: true,
    value: { uri: { scheme: 'sip', host: 'y', params: [], headers: [], user: 'x' }, params: [['q', '2']], displayName: 'a<b>c', tag: '1' },
  });
  t.match(parseNameAddr('<sip:x@y> ; tag = 7 , '), { ok: false, error: { code: 'bad-name-addr', offset: 20 } });
  t.match(parseNameAddr('<sip:x@y> ; tag = 7 ;x'), { ok: true, value: { tag: '7', params: new Map([['x', null]]) } });
});
