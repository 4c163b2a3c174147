import { BRANCH_MAGIC_COOKIE, formatUri, formatVia, type SipRequest, type Via } from '../message/index.js';

/** The Via as the client sent it: our own received/rport stamps removed. */
function withoutStamps(via: Via): Via {
  const { received: _received, rport: _rport, ...rest } = via;
  return rest;
}

/**
 * Server transaction key (RFC 3261 §17.2.3). With an RFC 3261 branch
 * (magic cookie): branch + sent-by + method, ACK counting as INVITE. Without
 * one (RFC 2543 peers): Request-URI, From tag, Call-ID, CSeq number, top Via
 * and method — the To tag is left out so the ACK of a non-2xx (which carries
 * our tag) still matches its INVITE.
 *
 * `methodOverride` lets CANCEL look up the INVITE it cancels (§9.2).
 */
export function serverTransactionKey(request: SipRequest, methodOverride?: string): string {
  const method = methodOverride ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  const top = request.via[0];
  const branch = top.branch;
  if (branch !== undefined && branch.startsWith(BRANCH_MAGIC_COOKIE)) {
    return branch + '|' + top.host + ':' + String(top.port ?? '') + '|' + method;
  }
  return (
    '2543|' +
    formatUri(request.uri) +
    '|' +
    (request.from.tag ?? '') +
    '|' +
    request.callId +
    '|' +
    String(request.cseq.seq) +
    '|' +
    formatVia(withoutStamps(top)) +
    '|' +
    method
  );
}

/**
 * Key for merged-request detection (RFC 3261 §8.2.2.2): From tag, Call-ID
 * and CSeq of a request without To tag. Two transactions with the same key
 * but different transaction keys are a merge (the request forked and came
 * back by two paths): the later one gets 482.
 */
export function mergeKey(request: SipRequest): string {
  return (request.from.tag ?? '') + '|' + request.callId + '|' + String(request.cseq.seq) + '|' + request.cseq.method;
}
