// UDP and TCP transports over real loopback sockets (RFC 3261 §18, RFC 3581, RFC 5626 §4.4.1).
import t from 'tap';
import dgram from 'node:dgram';
import net from 'node:net';
import { DEFAULT_SIP_LIMITS, type SipMessage } from '../message/index.js';
import { createSipStackStats } from './sip-stack-stats.js';
import type { SipInbound, SipTransportContext } from './sip-transport.js';
import { createTcpTransport } from './tcp-transport.js';
import { createUdpTransport } from './udp-transport.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function context(onMessage: (inbound: SipInbound) => void, maxMessageBytes = DEFAULT_SIP_LIMITS.maxMessageBytes): SipTransportContext {
  return { limits: { ...DEFAULT_SIP_LIMITS, maxMessageBytes }, stats: createSipStackStats(), logger: silent, onMessage };
}

const options = (host: string, port: number, branch: string, rport = ';rport'): string =>
  `OPTIONS sip:bridge@${host} SIP/2.0\r\nVia: SIP/2.0/UDP ${host}:${String(port)};branch=${branch}${rport}\r\n` +
  `From: <sip:a@example.com>;tag=1\r\nTo: <sip:bridge@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

async function udpClient(type: 'udp4' | 'udp6', host: string): Promise<{ socket: dgram.Socket; port: number; next: () => Promise<string> }> {
  const socket = dgram.createSocket(type);
  const queue: string[] = [];
  const waiters: Array<(s: string) => void> = [];
  socket.on('message', (m) => {
    const w = waiters.shift();
    if (w !== undefined) w(m.toString('latin1'));
    else queue.push(m.toString('latin1'));
  });
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  return {
    socket,
    port: socket.address().port,
    next: () => new Promise((resolve) => (queue.length > 0 ? resolve(queue.shift() ?? '') : waiters.push(resolve))),
  };
}

for (const [type, host] of [
  ['udp4', '127.0.0.1'],
  ['udp6', '::1'],
] as const) {
  t.test(`UDP ${type}: receive, stamp Via (received/rport), answer to the source port`, async (t) => {
    let seen: SipMessage | undefined;
    const ctx = context((inbound) => {
      seen = inbound.message;
      t.equal(inbound.source.address, host);
    });
    const transport = await createUdpTransport(host, 0, ctx);
    t.teardown(() => transport.close());
    const client = await udpClient(type, host);
    t.teardown(() => client.socket.close());
    const sentBy = type === 'udp6' ? '[::1]' : '127.0.0.1';
    // Via names port 9, but rport asks for the packet's source port (RFC 3581 §4).
    client.socket.send(options(sentBy, 9, 'z9hG4bKu1'), transport.address().port, host);
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.ok(seen !== undefined && seen.kind === 'request');
    const via = seen?.via[0];
    t.equal(via?.rport, client.port, 'rport filled with the source port');
    t.equal(via?.received, host, 'received added because rport was present');
    transport.send(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), { transport: 'udp', address: host, port: client.port });
    t.equal(await client.next(), 'SIP/2.0 200 OK\r\n\r\n');
    t.equal(ctx.stats.received, 1);
  });
}

t.test('UDP: malformed answerable request → 400 from the transport; garbage dropped; send errors counted', async (t) => {
  const ctx = context(() => t.fail('nothing should parse'));
  const transport = await createUdpTransport('127.0.0.1', 0, ctx);
  t.teardown(() => transport.close());
  const client = await udpClient('udp4', '127.0.0.1');
  t.teardown(() => client.socket.close());
  const bad = options('127.0.0.1', client.port, 'z9hG4bKbad').replace('CSeq: 1 OPTIONS', 'CSeq: x OPTIONS');
  client.socket.send(bad, transport.address().port, '127.0.0.1');
  const answer = await client.next();
  t.match(answer, /^SIP\/2\.0 400 /);
  t.match(answer, /^Call-ID: c1$/m);
  client.socket.send(Buffer.from([0xff, 0x00, 0x13]), transport.address().port, '127.0.0.1');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(ctx.stats.parseErrors, 2);
  t.equal(ctx.stats.malformedAnswered, 1);
  t.equal(ctx.stats.dropped, 1);
  transport.send(Buffer.from('x'), { transport: 'udp', address: 'not-an-ip', port: 70000 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.ok(ctx.stats.sendErrors >= 1, 'bad destination counted, not thrown');
});

async function tcpPair(maxMessageBytes?: number, idleTimeoutMs = 60_000) {
  const messages: SipInbound[] = [];
  const ctx = context((inbound) => messages.push(inbound), maxMessageBytes);
  const transport = await createTcpTransport('127.0.0.1', 0, ctx, { idleTimeoutMs });
  const socket = net.connect(transport.address().port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  return { ctx, transport, socket, messages, read: () => data, closed };
}

const tick = (ms = 80): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

t.test('TCP: CRLFCRLF ping gets a CRLF pong; framing across chunks and two messages in one chunk', async (t) => {
  const p = await tcpPair();
  t.teardown(() => p.transport.close());
  p.socket.write('\r\n\r\n');
  await tick();
  t.equal(p.read(), '\r\n', 'pong (RFC 5626 §4.4.1)');
  t.equal(p.ctx.stats.keepalivePongs, 1);
  const msg = options('127.0.0.1', 5060, 'z9hG4bKt1').replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
  p.socket.write(msg.slice(0, 40));
  await tick(30);
  p.socket.write(msg.slice(40));
  await tick();
  t.equal(p.messages.length, 1, 'split message reassembled');
  p.socket.write(msg.replace('z9hG4bKt1', 'z9hG4bKt2') + msg.replace('z9hG4bKt1', 'z9hG4bKt3'));
  await tick();
  t.same(
    p.messages.map((m) => m.message.via[0].branch),
    ['z9hG4bKt1', 'z9hG4bKt2', 'z9hG4bKt3'],
  );
  // Responses reuse the connection the request came on.
  const source = p.messages[0]?.source;
  t.ok(source !== undefined);
  if (source !== undefined) p.transport.send(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'), source);
  await tick();
  t.match(p.read(), /SIP\/2\.0 200 OK/);
  t.equal(p.ctx.stats.tcpConnections, 1, 'no second connection');
  p.socket.destroy();
});

t.test('TCP: a message over the size limit closes the connection', async (t) => {
  const p = await tcpPair(512);
  t.teardown(() => p.transport.close());
  p.socket.write('INVITE sip:a@b SIP/2.0\r\nX-Pad: ' + 'a'.repeat(1000) + '\r\n');
  await p.closed;
  t.equal(p.ctx.stats.parseErrors, 1);
  t.equal(p.messages.length, 0);
});

t.test('TCP: a body shorter than Content-Length waits; missing Content-Length closes', async (t) => {
  const p = await tcpPair();
  t.teardown(() => p.transport.close());
  p.socket.write(options('127.0.0.1', 5060, 'z9hG4bKw').replace('Content-Length: 0', 'Content-Length: 5'));
  await tick();
  t.equal(p.messages.length, 0, 'waiting for 5 body bytes');
  p.socket.write('hello');
  await tick();
  t.equal(p.messages.length, 1);
  t.equal(Buffer.from(p.messages[0]?.message.body ?? new Uint8Array()).toString(), 'hello');
  p.socket.write(options('127.0.0.1', 5060, 'z9hG4bKn').replace('Content-Length: 0\r\n', ''));
  await p.closed;
  t.equal(p.ctx.stats.parseErrors, 1);
});

t.test('TCP: idle connections are closed', async (t) => {
  const p = await tcpPair(undefined, 150);
  t.teardown(() => p.transport.close());
  await p.closed;
  t.equal(p.ctx.stats.tcpIdleClosed, 1);
});

t.test('TCP: random bytes never crash the transport', async (t) => {
  const p = await tcpPair();
  t.teardown(() => p.transport.close());
  for (let i = 0; i < 50; i++) {
    const junk = Buffer.alloc(64);
    for (let j = 0; j < junk.length; j++) junk[j] = (i * 31 + j * 17) & 0xff;
    if (!p.socket.destroyed) p.socket.write(junk);
  }
  await tick();
  t.pass('still alive');
  const again = await tcpPair();
  t.teardown(() => again.transport.close());
  again.socket.write('\r\n\r\n');
  await tick();
  t.equal(again.read(), '\r\n', 'a new transport still serves');
  again.socket.destroy();
});
