import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { buildResponse, DEFAULT_SIP_LIMITS, type BuildResponseOptions, type NameAddr, type SipRequest, type SipResponse, type Via } from '../message/index.js';
import { negotiateSessionTimer } from '../dialog/index.js';
import {
  DEFAULT_SIP_TIMERS,
  NonInviteClientTransaction,
  ServerTransactionTable,
  systemClock,
  type ClientOutcome,
  type ServerTransaction,
  type SipTimers,
} from '../transaction/index.js';
import {
  createSipStackStats,
  createTcpTransport,
  createUdpTransport,
  responseDestination,
  type SipDestination,
  type SipInbound,
  type SipLogger,
  type SipSource,
  type SipTransport,
} from '../transport/index.js';
import type { CallHost } from './call-host.js';
import { IncomingCallImpl } from './incoming-call.js';
import type { SipStack, SipStackEvents, SipStackLimits, SipStackOptions } from './stack-types.js';
import { randomToken } from './random-token.js';
import { TypedEmitter } from './typed-emitter.js';

/** Methods we answer (RFC 3261 §20.5 Allow). */
export const ALLOWED_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'UPDATE'] as const;
/** Option tags we support (RFC 4028 `timer`). */
const SUPPORTED = ['timer'];
/** Methods we know but do not serve: 405 rather than 501 (RFC 3261 §8.2.1). */
const KNOWN_METHODS = new Set(['REGISTER', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'PUBLISH', 'PRACK']);

const silentLogger: SipLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Default stack limits. */
export const DEFAULT_STACK_LIMITS: SipStackLimits = { ...DEFAULT_SIP_LIMITS, minSessionExpiresSeconds: 90, tcpIdleTimeoutMs: 60_000, unansweredTimeoutMs: 180_000 };

/** A usable host for Contact/Via when bound to a wildcard. */
function advertisedHost(host: string, advertise: string | undefined): string {
  if (advertise !== undefined) return advertise;
  if (host !== '0.0.0.0' && host !== '::') return host;
  const v6 = host === '::';
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (!info.internal && (info.family === 'IPv6') === v6) return info.address;
  }
  return v6 ? '::1' : '127.0.0.1';
}

function hostForUri(host: string): string {
  return isIPv6(host) ? '[' + host + ']' : host;
}

/**
 * Starts a SIP UAS on the given sockets (RFC 3261): transports, server
 * transactions, dialogs and calls. New calls arrive as `invite` events.
 */
export async function createSipStack(options: SipStackOptions): Promise<SipStack> {
  const clock = options.clock ?? systemClock;
  const timers: SipTimers = { ...DEFAULT_SIP_TIMERS, ...options.timers };
  const limits: SipStackLimits = { ...DEFAULT_STACK_LIMITS, ...options.limits };
  const logger = options.logger ?? silentLogger;
  const userAgent = options.userAgent ?? 'pinbridge';
  const stats = createSipStackStats();
  const emitter = new TypedEmitter<SipStackEvents>((error, event) => logger.error({ err: error, event }, 'sip: listener threw'));
  const transports: Array<{ transport: SipTransport; host: string; v6: boolean }> = [];
  const calls = new Map<string, IncomingCallImpl>();
  const callsByInvite = new WeakMap<SipRequest, IncomingCallImpl>();
  const clients = new Map<string, NonInviteClientTransaction>();
  const capabilityHeaders: ReadonlyArray<readonly [string, string]> = [
    ['Allow', ALLOWED_METHODS.join(', ')],
    ['Supported', SUPPORTED.join(', ')],
    ['Server', userAgent],
  ];

  function transportFor(protocol: SipSource['transport'], address: string): { transport: SipTransport; host: string } | undefined {
    const v6 = isIPv6(address);
    return transports.find((t) => t.transport.protocol === protocol && t.v6 === v6) ?? transports.find((t) => t.transport.protocol === protocol);
  }

  function send(bytes: Uint8Array, destination: SipDestination): void {
    const entry = transportFor(destination.transport, destination.address);
    if (entry === undefined) {
      stats.sendErrors++;
      return;
    }
    entry.transport.send(bytes, destination);
  }

  function sendResponse(bytes: Uint8Array, response: SipResponse, source: SipSource): void {
    // Reliable: the connection the request came on while it is open, else a new one to
    // received + sent-by port (§18.2.2); unreliable: Via received/rport (RFC 3581).
    if (source.transport === 'tcp') {
      const open = transportFor('tcp', source.address)?.transport.hasConnection?.(source.address, source.port) ?? false;
      send(bytes, open ? source : responseDestination(response.via[0], source));
      return;
    }
    send(bytes, responseDestination(response.via[0], source));
  }

  const table = new ServerTransactionTable({ clock, timers, stats, sendResponse });

  function respond(tx: ServerTransaction, opts: BuildResponseOptions): { response: SipResponse; bytes: Uint8Array | undefined } {
    const response = buildResponse(tx.request, opts);
    return { response, bytes: tx.respond(response) };
  }

  const newTag = (): string => randomToken(8);

  const host: CallHost = {
    clock,
    timers,
    stats,
    logger,
    minSessionExpires: limits.minSessionExpiresSeconds,
    unansweredTimeoutMs: limits.unansweredTimeoutMs,
    capabilityHeaders,
    newTag,
    localVia(destination) {
      const entry = transportFor(destination.transport, destination.address);
      const via: Via = {
        protocol: 'SIP/2.0',
        transport: destination.transport.toUpperCase(),
        host: hostForUri(entry?.host ?? '127.0.0.1'),
        port: entry?.transport.address().port ?? 5060,
        branch: 'z9hG4bK' + randomToken(10),
        rport: true,
        params: new Map(),
      };
      return via;
    },
    localContact(source): NameAddr {
      const entry = transportFor(source.transport, source.address);
      const params = new Map<string, string | null>(source.transport === 'tcp' ? [['transport', 'tcp']] : []);
      return {
        uri: { scheme: 'sip', host: hostForUri(entry?.host ?? '127.0.0.1'), port: entry?.transport.address().port ?? 5060, params, headers: new Map() },
        params: new Map(),
      };
    },
    respond,
    resendResponse: sendResponse,
    sendRequest(request, destination) {
      return new Promise<ClientOutcome>((resolve) => {
        const branch = request.via[0].branch ?? '';
        const tx = new NonInviteClientTransaction(request, destination, send, clock, timers, stats, (outcome) => {
          clients.delete(branch);
          resolve(outcome);
        });
        clients.set(branch, tx);
      });
    },
    callEnded(key) {
      calls.delete(key);
    },
    listenerError(error, event) {
      logger.error({ err: error, event }, 'sip: call listener threw');
    },
  };

  /** Responds statelessly-through-a-transaction to a new request. */
  function answerNew(request: SipRequest, source: SipSource, opts: BuildResponseOptions): void {
    const tx = table.create(request, source);
    respond(tx, { toTag: newTag(), ...opts });
  }

  function onRequest(request: SipRequest, source: SipSource): void {
    const existing = table.match(request);
    if (existing !== undefined) {
      if (request.method !== 'ACK') return existing.onRetransmission();
      if (existing.kind === 'invite' && existing.onAck()) return;
    }
    if (request.method === 'ACK') {
      // ACK for a 2xx is its own transaction (§17.1.1.3): route it to the dialog.
      const call = calls.get(request.callId + '|' + (request.to.tag ?? '') + '|' + (request.from.tag ?? ''));
      if (call !== undefined) call.onAck(request);
      else stats.dropped++;
      return;
    }
    const decision = options.admit?.(request, source) ?? { action: 'accept' as const };
    switch (decision.action) {
      case 'drop':
        stats.dropped++;
        return;
      case 'reject':
        stats.rejectedByAdmit++;
        answerNew(request, source, {
          status: decision.status,
          ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
          ...(decision.headers !== undefined ? { headers: decision.headers } : {}),
        });
        return;
      case 'accept':
        break;
    }
    if (table.isMerged(request)) return answerNew(request, source, { status: 482 }); // RFC 3261 §8.2.2.2
    if (request.method === 'CANCEL') return onCancel(request, source);
    const unsupported = request.headers
      .getAll('require')
      .map((t) => t.trim())
      .filter((t) => t !== '' && !SUPPORTED.includes(t.toLowerCase()));
    if (unsupported.length > 0) return answerNew(request, source, { status: 420, headers: [['Unsupported', unsupported.join(', ')]] }); // §8.2.2.3
    if (request.to.tag !== undefined) {
      const call = calls.get(request.callId + '|' + request.to.tag + '|' + (request.from.tag ?? ''));
      const tx = table.create(request, source);
      if (request.method === 'INVITE') respond(tx, { status: 100 });
      if (call === undefined) respond(tx, { status: 481 }); // RFC 3261 §12.2.2
      else call.onRequest(request, tx);
      return;
    }
    switch (request.method) {
      case 'INVITE':
        return onInvite(request, source);
      case 'OPTIONS':
        // Outside a dialog: capabilities only (RFC 3261 §11.2), no detail about calls or users.
        // SECURITY.md: no unauthenticated OPTIONS detail, so no Server header either.
        return answerNew(request, source, {
          status: 200,
          headers: [
            ['Allow', ALLOWED_METHODS.join(', ')],
            ['Accept', 'application/sdp'],
            ['Supported', SUPPORTED.join(', ')],
          ],
        });
      case 'BYE':
      case 'INFO':
      case 'UPDATE':
        return answerNew(request, source, { status: 481 });
      default:
        return answerNew(request, source, KNOWN_METHODS.has(request.method) ? { status: 405, headers: capabilityHeaders } : { status: 501 });
    }
  }

  function onInvite(request: SipRequest, source: SipSource): void {
    const tx = table.create(request, source);
    if (tx.kind !== 'invite') return;
    respond(tx, { status: 100 }); // RFC 3261 §17.2.1: at once, we do not wait 200 ms
    const session = negotiateSessionTimer(request, limits.minSessionExpiresSeconds);
    if (session.kind === 'too-small') {
      respond(tx, { status: 422, toTag: newTag(), headers: [['Min-SE', String(session.minSeconds)]] }); // RFC 4028 §9
      return;
    }
    const call = new IncomingCallImpl(host, tx, session);
    calls.set(call.dialog.key, call);
    callsByInvite.set(request, call);
    stats.calls++;
    if (!emitter.emit('invite', call)) call.reject(480);
  }

  function onCancel(cancel: SipRequest, source: SipSource): void {
    const invite = table.matchCancelled(cancel);
    const tx = table.create(cancel, source);
    if (invite === undefined) return void respond(tx, { status: 481 }); // §9.2
    respond(tx, { status: 200 });
    if (invite.hasFinal) return; // too late: the call goes on (§9.2)
    const call = callsByInvite.get(invite.request);
    if (call !== undefined) call.onCancel();
    else respond(invite, { status: 487 });
  }

  function onMessage(inbound: SipInbound): void {
    const { message, source } = inbound;
    if (message.kind === 'response') {
      const client = clients.get(message.via[0].branch ?? '');
      if (client !== undefined && message.cseq.method === client.request.method) client.onResponse(message);
      else stats.dropped++;
      return;
    }
    onRequest(message, source);
  }

  try {
    for (const listen of options.listen) {
      const ctx = { limits, stats, logger, onMessage };
      const transport =
        options.transportFactory !== undefined
          ? await options.transportFactory(listen, ctx)
          : listen.transport === 'udp'
            ? await createUdpTransport(listen.host, listen.port, ctx)
            : await createTcpTransport(listen.host, listen.port, ctx, { idleTimeoutMs: limits.tcpIdleTimeoutMs });
      transports.push({ transport, host: advertisedHost(listen.host, listen.advertise), v6: isIPv6(listen.host) });
    }
  } catch (error) {
    await Promise.all(transports.map((t) => t.transport.close()));
    throw error;
  }

  const stack: SipStack = {
    on(event, listener) {
      emitter.on(event, listener);
      return stack;
    },
    off(event, listener) {
      emitter.off(event, listener);
      return stack;
    },
    addresses: () => transports.map((t) => t.transport.address()),
    stats: () => ({ ...stats }),
    activeCalls: () => calls.size,
    async close() {
      table.clear();
      for (const client of clients.values()) client.cancel();
      clients.clear();
      for (const call of [...calls.values()]) call.shutdown();
      calls.clear();
      await Promise.all(transports.map((t) => t.transport.close()));
    },
  };
  return stack;
}
