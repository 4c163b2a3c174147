import { Buffer } from 'node:buffer';
import net from 'node:net';
import { frameSipStream } from '../message/index.js';
import { answerMalformed } from './answer-malformed.js';
import { handleInbound } from './handle-inbound.js';
import type { SipDestination, SipSource } from './sip-source.js';
import type { SipBoundAddress, SipTcpOptions, SipTransport, SipTransportContext } from './sip-transport.js';

const CRLF = Buffer.from('\r\n', 'latin1');

/** Key of a connection by its remote end. */
function connectionKey(address: string, port: number): string {
  return address + '|' + String(port);
}

/** Strips an IPv4-mapped IPv6 prefix so keys match Via addresses. */
function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Binds a TCP transport (RFC 3261 §18.3): framing by Content-Length, leading
 * CRLF keep-alives (CRLFCRLF ping answered by a CRLF pong, RFC 5626 §4.4.1),
 * max message size from the limits, an idle timeout, and connection reuse:
 * responses and requests to a remote end go over its open connection, a new
 * one is opened only when none is.
 */
export async function createTcpTransport(host: string, port: number, ctx: SipTransportContext, options: SipTcpOptions): Promise<SipTransport> {
  const connections = new Map<string, net.Socket>();
  let closed = false;

  function adopt(socket: net.Socket, key: string, source: SipSource): void {
    ctx.stats.tcpConnections++;
    connections.set(key, socket);
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs);
    let pending: Buffer = Buffer.alloc(0);
    const reply = (bytes: Uint8Array): void => {
      if (!socket.destroyed) socket.write(bytes);
    };
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const framed = frameSipStream(pending, ctx.limits);
        if (!framed.ok) {
          // The stream cannot be framed any more (§18.3): answer if possible, then close.
          ctx.stats.parseErrors++;
          ctx.stats.dropped++;
          ctx.logger.debug({ source, code: framed.error.code }, 'sip: tcp framing error, closing');
          socket.destroy();
          return;
        }
        const frame = framed.value;
        if (frame.kind === 'need-more') break;
        if (frame.kind === 'keepalive') {
          if (frame.isPing) {
            ctx.stats.keepalivePongs++;
            reply(CRLF);
          }
        } else {
          // Copy: the frame is a view into `pending`, which is reused below.
          handleInbound(Buffer.from(frame.bytes), source, 'stream', ctx, reply, answerMalformed);
        }
        pending = pending.subarray(frame.consumed);
        if (socket.destroyed) return;
      }
    });
    socket.on('timeout', () => {
      ctx.stats.tcpIdleClosed++;
      socket.destroy();
    });
    socket.on('error', (error) => {
      ctx.logger.debug({ err: error, source }, 'sip: tcp connection error');
    });
    socket.on('close', () => {
      if (connections.get(key) === socket) connections.delete(key);
    });
  }

  const server = net.createServer((socket) => {
    const address = normalizeAddress(socket.remoteAddress);
    const remotePort = socket.remotePort ?? 0;
    adopt(socket, connectionKey(address, remotePort), { transport: 'tcp', address, port: remotePort });
  });
  server.on('error', (error) => ctx.logger.warn({ err: error }, 'sip: tcp server error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const info = server.address();
  const addr: SipBoundAddress = { transport: 'tcp', host, port: typeof info === 'object' && info !== null ? info.port : port };

  function send(bytes: Uint8Array, destination: SipDestination): void {
    if (closed) return;
    const key = connectionKey(destination.address, destination.port);
    let socket = connections.get(key);
    try {
      if (socket === undefined || socket.destroyed) {
        socket = net.connect({ host: destination.address, port: destination.port });
        adopt(socket, key, { transport: 'tcp', address: destination.address, port: destination.port });
      }
      ctx.stats.sent++;
      socket.write(bytes, (error) => {
        if (error !== undefined && error !== null) {
          ctx.stats.sendErrors++;
          ctx.logger.debug({ err: error, destination }, 'sip: tcp send failed');
        }
      });
    } catch (error) {
      // Synchronous throws: bad port, bad address.
      ctx.stats.sendErrors++;
      ctx.logger.debug({ err: error, destination }, 'sip: tcp send failed');
    }
  }

  /** Whether an open connection to this remote end exists (RFC 3261 §18.2.2 reuse). */
  function hasConnection(address: string, remotePort: number): boolean {
    const socket = connections.get(connectionKey(address, remotePort));
    return socket !== undefined && !socket.destroyed;
  }

  return {
    protocol: 'tcp',
    address: () => addr,
    send,
    hasConnection,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        for (const socket of connections.values()) socket.destroy();
        connections.clear();
        server.close(() => resolve());
      }),
  };
}
