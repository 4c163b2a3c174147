import t from 'tap';
import { frameSipStream } from './index.js';

const msg = (body: string, length = Buffer.byteLength(body)): Buffer =>
  Buffer.from(
    [
      'BYE sip:b@192.0.2.10 SIP/2.0',
      'Via: SIP/2.0/TCP 198.51.100.7;branch=z9hG4bK1',
      'From: <sip:a@198.51.100.7>;tag=1',
      'To: <sip:b@192.0.2.10>;tag=2',
      'Call-ID: c1',
      'CSeq: 2 BYE',
      `l: ${length}`,
      '',
      body,
    ].join('\r\n'),
  );

t.test('frames by Content-Length and reports what was consumed (RFC 3261 §18.3)', async (t) => {
  const one = msg('hello');
  const stream = Buffer.concat([one, msg('')]);
  const r = frameSipStream(stream);
  t.match(r, { ok: true, value: { kind: 'message', consumed: one.length } });
  if (r.ok && r.value.kind === 'message') t.equal(Buffer.from(r.value.bytes).toString(), one.toString());
  t.match(frameSipStream(one.subarray(0, one.length - 1)), { ok: true, value: { kind: 'need-more' } });
  t.match(frameSipStream(one.subarray(0, 40)), { ok: true, value: { kind: 'need-more' } });
});

t.test('CRLF keep-alives (RFC 5626 §4.4.1) before a message', async (t) => {
  t.same(frameSipStream(Buffer.from('\r\n\r\n')), { ok: true, value: { kind: 'keepalive', consumed: 4, isPing: true } });
  t.same(frameSipStream(Buffer.concat([Buffer.from('\r\n'), msg('')])), { ok: true, value: { kind: 'keepalive', consumed: 2, isPing: false } });
});

t.test('unframeable streams are errors: close the connection', async (t) => {
  const noLength = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n');
  t.match(frameSipStream(noLength), { ok: false, error: { code: 'missing-header' } });
  t.match(frameSipStream(Buffer.from(msg('x').toString().replace('l: 1', 'l: -1'))), { ok: false, error: { code: 'bad-content-length' } });
  t.match(frameSipStream(Buffer.from(msg('').toString().replace('l: 0', 'Content-Length: 0\r\nl: 0'))), { ok: false, error: { code: 'duplicate-header' } });
  t.match(frameSipStream(msg('', 20000)), { ok: false, error: { code: 'too-large' } });
  t.match(frameSipStream(Buffer.alloc(17000, 65)), { ok: false, error: { code: 'too-large' } });
  t.match(frameSipStream(msg('', 20000), { maxMessageBytes: 30000 }), { ok: true, value: { kind: 'need-more' } });
});
