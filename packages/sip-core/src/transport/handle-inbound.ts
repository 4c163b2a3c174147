import { parseSipMessage, sipStatusForParseError, type SipMessage, type SipFraming } from '../message/index.js';
import { stampVia } from './response-destination.js';
import type { SipSource } from './sip-source.js';
import type { SipTransportContext } from './sip-transport.js';

/**
 * Parses one datagram or stream frame and hands it to the stack; a malformed
 * request that still carries Via/From/To/Call-ID/CSeq is answered with the
 * status its parse error maps to, anything else is dropped and counted.
 * `reply` sends raw bytes back to the source.
 */
export function handleInbound(
  bytes: Uint8Array,
  source: SipSource,
  framing: SipFraming,
  ctx: SipTransportContext,
  reply: (bytes: Uint8Array) => void,
  answerMalformedFn: (bytes: Uint8Array, status: number) => Uint8Array | undefined,
): void {
  const parsed = parseSipMessage(bytes, { ...ctx.limits, framing });
  if (!parsed.ok) {
    ctx.stats.parseErrors++;
    const answer = answerMalformedFn(bytes, sipStatusForParseError(parsed.error.code));
    if (answer === undefined) {
      ctx.stats.dropped++;
      ctx.logger.debug({ source, code: parsed.error.code }, 'sip: dropped unparseable message');
      return;
    }
    ctx.stats.malformedAnswered++;
    ctx.logger.debug({ source, code: parsed.error.code }, 'sip: answered malformed request');
    reply(answer);
    return;
  }
  ctx.stats.received++;
  let message: SipMessage = parsed.value;
  if (message.kind === 'request') {
    const top = message.via[0];
    const stamped = stampVia(top, source);
    if (stamped !== top) message = { ...message, via: [stamped, ...message.via.slice(1)] };
  }
  try {
    ctx.onMessage({ message, source });
  } catch (error) {
    ctx.logger.error({ err: error, source }, 'sip: message handler threw');
  }
}
