import { Buffer } from 'node:buffer';
import { answerMalformed } from './answer-malformed.js';
import { handleInbound } from './handle-inbound.js';
import type { SipSource } from './sip-source.js';
import type { SipTransport, SipTransportContext } from './sip-transport.js';

/** Impairments of the fake network, applied to each datagram in both directions. */
export interface FakeNetworkKnobs {
  /** Probability 0..1 that a datagram is lost. */
  readonly loss?: number;
  /** Probability 0..1 that a datagram is delivered twice. */
  readonly duplicate?: number;
  /** Base one-way delay (ms). Default 1. */
  readonly delayMs?: number;
  /** Extra random delay up to this many ms, which reorders datagrams. Default 0. */
  readonly jitterMs?: number;
  /** Seed of the impairment PRNG (mulberry32). Default 1. */
  readonly seed?: number;
}

/** The far end of the fake network: a test's stand-in for a SIP phone. */
export interface FakePeer {
  readonly address: string;
  readonly port: number;
  /** Sends SIP text (or bytes) to the stack. */
  send(message: string | Uint8Array): void;
  /** Everything the stack sent to the peer, decoded as latin1, in arrival order. */
  readonly received: string[];
  /** Changes impairments mid-test. */
  setKnobs(knobs: FakeNetworkKnobs): void;
}

/** A fake datagram pair in virtual time: a transport factory for `createSipStack` and the peer end. */
export interface FakeDatagramNetwork {
  readonly transportFactory: (listen: { host: string; port: number }, ctx: SipTransportContext) => Promise<SipTransport>;
  readonly peer: FakePeer;
}

/** The part of a clock the fake needs (transport sits below the transaction layer's `Clock`). */
export interface FakeScheduler {
  setTimeout(fn: () => void, ms: number): unknown;
}

/** Seeded PRNG (mulberry32) so impaired runs replay exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates a fake datagram network between one stack transport and one peer,
 * scheduled on `clock`: loss, duplication and jitter (reordering) are
 * seeded. Only the socket is fake; parsing and routing run the real code.
 */
export function createFakeDatagramNetwork(clock: FakeScheduler, knobs: FakeNetworkKnobs = {}, peerAddress = '192.0.2.10', peerPort = 5062): FakeDatagramNetwork {
  let current = knobs;
  let random = mulberry32(knobs.seed ?? 1);
  let deliverToStack: ((bytes: Uint8Array) => void) | undefined;
  const received: string[] = [];

  function transmit(bytes: Uint8Array, deliver: (bytes: Uint8Array) => void): void {
    if (random() < (current.loss ?? 0)) return;
    const copies = random() < (current.duplicate ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delay = (current.delayMs ?? 1) + random() * (current.jitterMs ?? 0);
      const copy = Uint8Array.from(bytes);
      clock.setTimeout(() => deliver(copy), delay);
    }
  }

  const peer: FakePeer = {
    address: peerAddress,
    port: peerPort,
    send(message) {
      const bytes = typeof message === 'string' ? Buffer.from(message, 'latin1') : message;
      transmit(bytes, (b) => deliverToStack?.(b));
    },
    received,
    setKnobs(next) {
      current = next;
      if (next.seed !== undefined) random = mulberry32(next.seed);
    },
  };

  return {
    peer,
    transportFactory: (listen, ctx) => {
      const source: SipSource = { transport: 'udp', address: peerAddress, port: peerPort };
      const sendToPeer = (bytes: Uint8Array): void => transmit(bytes, (b) => received.push(Buffer.from(b).toString('latin1')));
      deliverToStack = (bytes) => handleInbound(bytes, source, 'datagram', ctx, sendToPeer, answerMalformed);
      const transport: SipTransport = {
        protocol: 'udp',
        address: () => ({ transport: 'udp', host: listen.host, port: listen.port === 0 ? 5060 : listen.port }),
        send(bytes, destination) {
          ctx.stats.sent++;
          if (destination.address !== peerAddress || destination.port !== peerPort) {
            ctx.stats.sendErrors++;
            return;
          }
          sendToPeer(bytes);
        },
        close: () => Promise.resolve(),
      };
      return Promise.resolve(transport);
    },
  };
}
