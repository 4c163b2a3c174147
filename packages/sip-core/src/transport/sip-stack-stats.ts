/**
 * Counters of one stack instance (`stack.stats()`). Mutable inside the
 * stack; the public accessor returns a frozen copy.
 */
export interface SipStackStats {
  /** Messages received and parsed (requests and responses, TCP and UDP). */
  received: number;
  /** Datagrams or stream frames that failed to parse. */
  parseErrors: number;
  /** Malformed requests answered with a 4xx/5xx built from their raw headers. */
  malformedAnswered: number;
  /** Messages dropped without an answer (unanswerable garbage, stray responses, admission drops, stray ACKs). */
  dropped: number;
  /** Requests answered through `admit` with a rejection. */
  rejectedByAdmit: number;
  /** Request retransmissions absorbed by a transaction or a dialog. */
  retransmissionsAbsorbed: number;
  /** Responses retransmitted by us (Timer G, 2xx until ACK, provisional on request retransmission). */
  responsesRetransmitted: number;
  /** Requests retransmitted by us (Timer E). */
  requestsRetransmitted: number;
  /** Messages sent. */
  sent: number;
  /** Sends that failed (socket error, no route, closed connection). */
  sendErrors: number;
  /** TCP keep-alive pings answered with a pong (RFC 5626 §4.4.1). */
  keepalivePongs: number;
  /** TCP connections accepted or opened. */
  tcpConnections: number;
  /** TCP connections closed for idleness. */
  tcpIdleClosed: number;
  /** Server transactions created. */
  transactions: number;
  /** Calls offered to the application. */
  calls: number;
}

/** Fresh zeroed counters. */
export function createSipStackStats(): SipStackStats {
  return {
    received: 0,
    parseErrors: 0,
    malformedAnswered: 0,
    dropped: 0,
    rejectedByAdmit: 0,
    retransmissionsAbsorbed: 0,
    responsesRetransmitted: 0,
    requestsRetransmitted: 0,
    sent: 0,
    sendErrors: 0,
    keepalivePongs: 0,
    tcpConnections: 0,
    tcpIdleClosed: 0,
    transactions: 0,
    calls: 0,
  };
}
