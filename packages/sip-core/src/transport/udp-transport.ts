import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { answerMalformed } from './answer-malformed.js';
import { handleInbound } from './handle-inbound.js';
import type { SipDestination, SipSource } from './sip-source.js';
import type { SipBoundAddress, SipTransport, SipTransportContext } from './sip-transport.js';

/**
 * Binds a UDP transport (RFC 3261 §18). IPv6 when `host` is an IPv6 address.
 * Socket errors are logged and counted; the socket stays up.
 */
export async function createUdpTransport(host: string, port: number, ctx: SipTransportContext): Promise<SipTransport> {
  const socket = dgram.createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  socket.on('message', (bytes, rinfo) => {
    const source: SipSource = { transport: 'udp', address: rinfo.address, port: rinfo.port };
    handleInbound(bytes, source, 'datagram', ctx, (out) => send(out, source), answerMalformed);
  });
  socket.on('error', (error) => {
    ctx.stats.sendErrors++;
    ctx.logger.warn({ err: error }, 'sip: udp socket error');
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  // Bursts of a few thousand calls/s overflow the default ~200 KiB buffers; the
  // kernel caps these at net.core.rmem_max/wmem_max, so failure is harmless.
  try {
    socket.setRecvBufferSize(4 << 20);
    socket.setSendBufferSize(4 << 20);
  } catch (error) {
    ctx.logger.debug({ err: error }, 'sip: could not enlarge udp buffers');
  }
  const bound = socket.address();
  const addr: SipBoundAddress = { transport: 'udp', host, port: bound.port };
  let closed = false;

  function send(bytes: Uint8Array, destination: SipDestination): void {
    if (closed) return;
    ctx.stats.sent++;
    try {
      // No per-send callback: it costs a request object per datagram; async
      // send failures surface as the socket's 'error' event (counted above).
      socket.send(bytes, destination.port, destination.address);
    } catch (error) {
      // Synchronous throws: bad port/address, socket closed.
      ctx.stats.sendErrors++;
      ctx.logger.debug({ err: error, destination }, 'sip: udp send failed');
    }
  }

  return {
    protocol: 'udp',
    address: () => addr,
    send,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
