/**
 * Adapts sip-core's stack to the call path: the `admit` hook runs the admission pipeline on
 * each new INVITE (facts taken from the parsed request), and each admitted IncomingCall is
 * handed over as a SipCall plus its INFO, re-INVITE and end events.
 */
import { createSipStack, parseNameAddr, type IncomingCall, type SipRequest, type Uri } from '@pinbridge/sip-core';
import type { BridgeConfig } from '../config/index.js';
import type { AdmissionOutcome } from './admission-pipeline.js';
import type { CallLogger, SipCall } from './ports.js';

/** What admission looks at for one INVITE. */
export interface InviteFacts {
  readonly callId: string;
  readonly requestUser: string | undefined;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly transport: string;
  readonly fromUser: string | undefined;
  readonly assertedUser: string | undefined;
  readonly userAgent: string | undefined;
  /** The From header's display name (caller-controlled: audited escaped, never trusted). */
  readonly fromDisplayName?: string | undefined;
}

/** What out-of-dialog screening looks at for a request other than INVITE (OPTIONS, REGISTER, …). */
export interface RequestFacts {
  readonly method: string;
  readonly requestUser: string | undefined;
  readonly sourceAddress: string;
  readonly userAgent: string | undefined;
}

/** An admitted call with its event hooks. */
export interface AdmittedCall {
  readonly callId: string;
  readonly sip: SipCall;
  onInfo(listener: (contentType: string, body: Uint8Array) => void): void;
  onReinvite(listener: (offerSdp: string, respond: (answerSdp: string) => void, reject: (status: number) => void) => void): void;
  onEnded(listener: (reason: string) => void): void;
}

/** The running stack. */
export interface SipRuntime {
  readonly addresses: ReadonlyArray<{ readonly transport: string; readonly host: string; readonly port: number }>;
  close(): Promise<void>;
}

function uriUser(uri: Uri): string | undefined {
  if (uri.scheme === 'sip' || uri.scheme === 'sips') return (uri as { user?: string }).user;
  if (uri.scheme === 'tel') return (uri as { number: string }).number;
  return undefined;
}

/** The admission facts of an INVITE. */
export function inviteFacts(request: SipRequest, source: { transport: string; address: string; port: number }): InviteFacts {
  const pai = request.headers.get('P-Asserted-Identity');
  const parsedPai = pai === undefined ? undefined : parseNameAddr(pai);
  const assertedUri = parsedPai !== undefined && parsedPai.ok ? parsedPai.value.uri : undefined;
  return {
    callId: request.callId,
    requestUser: uriUser(request.uri),
    sourceAddress: source.address,
    sourcePort: source.port,
    transport: source.transport,
    fromUser: uriUser(request.from.uri),
    assertedUser: assertedUri === undefined ? undefined : uriUser(assertedUri),
    userAgent: request.headers.get('User-Agent'),
    fromDisplayName: request.from.displayName,
  };
}

/** Starts SIP on the configured listen addresses. */
export async function startSip(
  config: BridgeConfig,
  logger: CallLogger,
  admit: (facts: InviteFacts) => AdmissionOutcome,
  onCall: (call: AdmittedCall, facts: InviteFacts) => void,
  /** Screens new out-of-dialog non-INVITE requests (scanners probe with OPTIONS); `drop` sends nothing. */
  screen?: (facts: RequestFacts) => 'accept' | 'drop',
): Promise<SipRuntime> {
  const stack = await createSipStack({
    listen: config.sip.listen.map((l) => ({ transport: l.transport, host: l.host, port: l.port })),
    userAgent: 'pinbridge',
    admit: (request, source) => {
      if (request.method !== 'INVITE') {
        if (screen === undefined || request.to.tag !== undefined) return { action: 'accept' };
        return { action: screen({ method: request.method, requestUser: uriUser(request.uri), sourceAddress: source.address, userAgent: request.headers.get('User-Agent') }) };
      }
      const outcome = admit(inviteFacts(request, source));
      switch (outcome.action) {
        case 'admit':
          return { action: 'accept' };
        case 'drop':
          return { action: 'drop' };
        case 'reject':
          return {
            action: 'reject',
            status: outcome.status,
            ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
            ...(outcome.headers === undefined ? {} : { headers: Object.entries(outcome.headers) }),
          };
        default: {
          const never: never = outcome;
          throw new Error(`unknown outcome ${String(never)}`);
        }
      }
    },
  });
  stack.on('invite', (call: IncomingCall) => {
    const facts = inviteFacts(call.request, call.source);
    const sip: SipCall = {
      callId: call.callId,
      offerSdp: call.offerSdp,
      accept: (answerSdp) => call.accept(answerSdp),
      reject: (status, reason) => call.reject(status, reason),
      bye: () => {
        call.bye().catch((error: unknown) => logger.warn({ callId: call.callId, err: String(error) }, 'BYE failed'));
      },
    };
    onCall(
      {
        callId: call.callId,
        sip,
        onInfo: (listener) => call.on('info', (info) => listener(info.contentType, info.body)),
        onReinvite: (listener) =>
          call.on('reinvite', (r) => {
            // An offerless re-INVITE would need our offer in the 200; refuse it (RFC 3261 §14.2 allows 488).
            if (r.offerSdp === undefined) r.reject(488);
            else listener(r.offerSdp, (answer) => r.respond(answer), (status) => r.reject(status));
          }),
        onEnded: (listener) => {
          call.on('ended', (e) => listener(e.by));
        },
      },
      facts,
    );
  });
  logger.info({ listen: config.sip.listen }, 'sip stack started');
  return { addresses: stack.addresses(), close: () => stack.close() };
}
