// RtpPort over real loopback sockets, with `connectWhenLatched`: latching, then a connected
// socket (strangers are dropped by the kernel), re-latching to a new address after silence,
// and a re-INVITE. Time is a fake clock; the waits only wait for datagrams to arrive.
import { createSocket, type Socket } from 'node:dgram';
import t from 'tap';
import { PortPool } from './bind-socket-pair.js';
import { PROBATION_PACKETS, RELATCH_AFTER_SILENCE_MS, RtpPort } from './rtp-port.js';

const portBase = 30000 + 2 * Math.floor(Math.random() * 4000);

async function phone(): Promise<{ socket: Socket; port: number; got: Buffer[] }> {
  const socket = createSocket('udp4');
  const got: Buffer[] = [];
  socket.on('message', (msg: Buffer) => got.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, port: socket.address().port, got };
}

function rtp(seq: number, ssrc: number): Buffer {
  const packet = Buffer.alloc(12 + 160, 0xff);
  packet[0] = 0x80;
  packet[1] = 0;
  packet.writeUInt16BE(seq, 2);
  packet.writeUInt32BE(seq * 160, 4);
  packet.writeUInt32BE(ssrc, 8);
  return packet;
}

function send(socket: Socket, packet: Buffer, port: number): Promise<void> {
  return new Promise((resolve, reject) => socket.send(packet, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

t.test('connected to the latched source; re-latches to a new address after silence', async (t) => {
  const pool = new PortPool('127.0.0.1', { portMin: portBase, portMax: portBase + 40, sliceIndex: 0, sliceCount: 1 });
  const pair = await pool.allocate();
  if (pair === undefined) throw new Error('no port');
  t.teardown(() => pool.release(pair));
  const a = await phone();
  const b = await phone();
  const stranger = await phone();
  t.teardown(() => [a, b, stranger].forEach((p) => p.socket.close()));
  let now = 1000;
  const accepted: number[] = [];
  const port = new RtpPort({
    pair,
    remote: { address: '127.0.0.1', port: a.port },
    isRtcpMux: false,
    clockRateHz: 8000,
    ssrc: 7,
    cname: 'test',
    now: () => now,
    onRtp: (view) => accepted.push(view.sequenceNumber),
    connectWhenLatched: true,
  });
  t.teardown(() => port.close());

  for (let i = 0; i < PROBATION_PACKETS; i++) await send(a.socket, rtp(100 + i, 1), pair.port);
  await until(() => port.isConnected, 'the connect after latching');
  t.same(accepted, [100 + PROBATION_PACKETS - 1], 'probation: the fourth in-sequence packet is the first accepted');
  t.ok(port.isLatched);

  const out = rtp(9000, 7);
  port.send(out, out.length, 0, now);
  await until(() => a.got.length === 1, 'our packet at phone A');
  t.equal(a.got[0]?.readUInt16BE(2), 9000, 'sent without an address, it reaches the latched phone');

  // A stranger's packets never reach the port while connected (the documented trade-off:
  // they are dropped by the kernel, so they are not counted either).
  const droppedBefore = port.counters.droppedWrongSource;
  for (let i = 0; i < 3; i++) await send(stranger.socket, rtp(200 + i, 2), pair.port);
  await send(a.socket, rtp(104, 1), pair.port);
  await until(() => accepted.includes(104), 'the latched phone after the stranger');
  t.same(accepted, [103, 104], 'nothing from the stranger was accepted');
  t.equal(port.counters.droppedWrongSource, droppedBefore, 'and it was dropped before the port saw it');

  // A silence (hold, DTX) disconnects; the same phone coming back connects again.
  now += RELATCH_AFTER_SILENCE_MS;
  port.poll(now);
  t.notOk(port.isConnected, 'disconnected once the latched source was silent');
  await send(a.socket, rtp(105, 1), pair.port);
  await until(() => port.isConnected && accepted.includes(105), 'the reconnect to A');

  // Phone A goes silent again (a NAT rebinding moves it to B's address): after the relatch
  // delay the socket listens to everyone again and B wins probation.
  now += RELATCH_AFTER_SILENCE_MS;
  port.poll(now);
  t.notOk(port.isConnected, 'disconnected again');
  for (let i = 0; i < PROBATION_PACKETS; i++) await send(b.socket, rtp(500 + i, 3), pair.port);
  await until(() => port.isConnected && accepted.includes(500 + PROBATION_PACKETS - 1), 'the re-latch to B');
  port.send(out, out.length, 160, now);
  await until(() => b.got.length === 1, 'our packet at phone B');
  t.equal(a.got.length, 1, 'A no longer gets our packets');

  port.setRemote({ address: '127.0.0.1', port: a.port });
  t.notOk(port.isConnected, 'a re-INVITE disconnects and clears the latch');
  t.notOk(port.isLatched);
  port.send(out, out.length, 320, now);
  await until(() => a.got.length === 2, 'our packet at the new SDP address');
});

t.test('without connectWhenLatched, strangers are counted and the socket stays unconnected', async (t) => {
  const pool = new PortPool('127.0.0.1', { portMin: portBase + 42, portMax: portBase + 80, sliceIndex: 0, sliceCount: 1 });
  const pair = await pool.allocate();
  if (pair === undefined) throw new Error('no port');
  t.teardown(() => pool.release(pair));
  const a = await phone();
  const stranger = await phone();
  t.teardown(() => [a, stranger].forEach((p) => p.socket.close()));
  const accepted: number[] = [];
  const port = new RtpPort({
    pair,
    remote: { address: '127.0.0.1', port: a.port },
    isRtcpMux: false,
    clockRateHz: 8000,
    ssrc: 7,
    cname: 'test',
    now: () => 1000,
    onRtp: (view) => accepted.push(view.sequenceNumber),
  });
  t.teardown(() => port.close());
  for (let i = 0; i < PROBATION_PACKETS; i++) await send(a.socket, rtp(100 + i, 1), pair.port);
  for (let i = 0; i < 3; i++) await send(stranger.socket, rtp(200 + i, 2), pair.port);
  await send(a.socket, rtp(104, 1), pair.port);
  await until(() => accepted.includes(104), 'the latched phone');
  t.ok(port.isLatched);
  t.notOk(port.isConnected);
  t.equal(port.counters.droppedWrongSource, PROBATION_PACKETS - 1 + 3, 'probation packets and the stranger were counted');
});
