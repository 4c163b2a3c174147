import { createSipHeaders } from './sip-headers.js';
import type { BuildRequestOptions, SipRequest } from './types.js';

/** Default Max-Forwards (RFC 3261 §8.1.1.6: "SHOULD be 70"). */
export const DEFAULT_MAX_FORWARDS = 70;

/**
 * Builds a request from its parts (RFC 3261 §8.1.1). The CSeq method should
 * equal `method`; Content-Length is the body's byte length.
 */
export function buildRequest(options: BuildRequestOptions): SipRequest {
  const body = options.body ?? new Uint8Array(0);
  return {
    kind: 'request',
    method: options.method,
    uri: options.uri,
    version: 'SIP/2.0',
    headers: createSipHeaders(options.headers ?? []),
    via: options.via,
    from: options.from,
    to: options.to,
    callId: options.callId,
    cseq: options.cseq,
    maxForwards: options.maxForwards ?? DEFAULT_MAX_FORWARDS,
    ...(options.contact !== undefined ? { contact: options.contact } : {}),
    contentLength: body.length,
    ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    body,
  };
}
