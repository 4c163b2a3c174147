import { reasonPhrase } from './reason-phrase.js';
import { createSipHeaders } from './sip-headers.js';
import type { BuildResponseOptions, NameAddr, SipRequest, SipResponse } from './types.js';

/** Methods whose 101-299 responses create a dialog (RFC 3261 §12.1, RFC 6665, RFC 3515). */
const DIALOG_METHODS: ReadonlySet<string> = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);

/**
 * Builds a response to `request` (RFC 3261 §8.2.6): Via (all values, same
 * order), From, Call-ID and CSeq are copied; To is copied and gets `toTag`
 * when it has no tag and the status is not 100 (§8.2.6.2). For a
 * dialog-creating response (101-299 to INVITE/SUBSCRIBE/REFER/NOTIFY) the
 * Record-Route values are copied too (§12.1.1), before `headers`.
 */
export function buildResponse(request: SipRequest, options: BuildResponseOptions): SipResponse {
  const { status } = options;
  let to: NameAddr = request.to;
  if (to.tag === undefined && options.toTag !== undefined && status !== 100) to = { ...to, tag: options.toTag };
  const fields: Array<readonly [string, string]> = [];
  if (status > 100 && status < 300 && DIALOG_METHODS.has(request.method)) {
    for (const field of request.headers.entries()) {
      if (field.name.toLowerCase() === 'record-route') fields.push([field.name, field.value]);
    }
  }
  if (options.headers !== undefined) fields.push(...options.headers);
  const body = options.body ?? new Uint8Array(0);
  return {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrase(status),
    version: 'SIP/2.0',
    headers: createSipHeaders(fields),
    via: request.via,
    from: request.from,
    to,
    callId: request.callId,
    cseq: request.cseq,
    ...(options.contact !== undefined ? { contact: options.contact } : {}),
    contentLength: body.length,
    ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    body,
  };
}
