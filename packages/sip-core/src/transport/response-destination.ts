import type { Via } from '../message/index.js';
import type { SipDestination, SipSource } from './sip-source.js';

/** Default SIP port (RFC 3261 §19.1.2). */
export const DEFAULT_SIP_PORT = 5060;

/** Strips IPv6 brackets from a host. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The Via a server stores for a received request (RFC 3261 §18.2.1, RFC 3581 §4):
 * `received` is added when sent-by differs from the packet's source address,
 * and an empty `rport` is filled with the source port (which also forces `received`).
 * Returns the same object when nothing changes.
 */
export function stampVia(via: Via, source: SipSource): Via {
  const wantsRport = via.rport === true;
  const differs = bareHost(via.host) !== source.address;
  if (!wantsRport && !differs) return via;
  return {
    ...via,
    received: source.address,
    ...(wantsRport ? { rport: source.port } : {}),
  };
}

/**
 * Where to send a response (RFC 3261 §18.2.2, RFC 3581 §4). Reliable
 * transports prefer the connection the request came on (the caller tries
 * `source` first); otherwise `received` (or sent-by host) and the `rport`
 * value (or sent-by port, or 5060).
 */
export function responseDestination(via: Via, source: SipSource): SipDestination {
  const address = via.received ?? bareHost(via.host);
  const port = typeof via.rport === 'number' ? via.rport : (via.port ?? DEFAULT_SIP_PORT);
  return { transport: source.transport, address, port };
}
