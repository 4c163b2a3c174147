import { isIP } from 'node:net';
import { createSipHeaders, formatUri, parseNameAddr, type NameAddr, type SipRequest, type SipUri, type Uri, type Via } from '../message/index.js';
import { bareHost, DEFAULT_SIP_PORT, type SipDestination, type SipSource } from '../transport/index.js';

/** Key of a dialog in the UAS's table (RFC 3261 §12: Call-ID, local tag, remote tag). */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return callId + '|' + localTag + '|' + remoteTag;
}

/** Options of {@link Dialog.buildRequest}. */
export interface DialogRequestOptions {
  readonly method: string;
  /** Our Via (branch included). */
  readonly via: Via;
  readonly contact?: NameAddr;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array;
  readonly contentType?: string;
}

/**
 * UAS side of a dialog (RFC 3261 §12.1.1): built from the INVITE, it keeps
 * the route set (Record-Route in order), the remote target (Contact), both
 * tags and both CSeq spaces, and builds in-dialog requests (§12.2.1.1).
 */
export class Dialog {
  /** Our CSeq space for requests we send (BYE, UPDATE); starts anywhere (§12.1.1), we pick 1. */
  localSeq = 0;
  /** Highest CSeq seen from the remote side (§12.2.2). */
  remoteSeq: number;
  /** Remote target, updated by target-refresh requests (re-INVITE, UPDATE). */
  remoteTarget: Uri;
  readonly routeSet: readonly NameAddr[];

  /**
   * @param invite - the dialog-creating INVITE
   * @param localTag - our To tag
   * @param source - where the INVITE came from (fallback next hop)
   */
  constructor(
    readonly invite: SipRequest,
    readonly localTag: string,
    readonly source: SipSource,
  ) {
    this.remoteSeq = invite.cseq.seq;
    this.remoteTarget = invite.contact?.[0]?.uri ?? invite.from.uri;
    const routes: NameAddr[] = [];
    for (const value of invite.headers.getAll('record-route')) {
      const parsed = parseNameAddr(value);
      if (parsed.ok) routes.push(parsed.value);
    }
    this.routeSet = routes;
  }

  /** Call-ID. */
  get callId(): string {
    return this.invite.callId;
  }

  /** The caller's From tag (empty for RFC 2543 peers without one). */
  get remoteTag(): string {
    return this.invite.from.tag ?? '';
  }

  /** Table key. */
  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * Checks a new in-dialog request's CSeq (RFC 3261 §12.2.2): lower or
   * equal than the last one means out of order → false (answer 500).
   * ACK and CANCEL reuse the INVITE's number and are not checked here.
   */
  acceptRemoteSeq(seq: number): boolean {
    if (seq <= this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** Builds an in-dialog request (RFC 3261 §12.2.1.1), loose or strict routing. */
  buildRequest(options: DialogRequestOptions): SipRequest {
    this.localSeq++;
    const first = this.routeSet[0];
    const loose = first === undefined || (first.uri.scheme !== 'tel' && 'params' in first.uri && first.uri.params.has('lr'));
    let uri: Uri = this.remoteTarget;
    let routes = this.routeSet.map((r) => '<' + formatUri(r.uri) + '>');
    if (!loose && first !== undefined) {
      // Strict router (§12.2.1.1): its URI becomes the Request-URI, the remote target goes last.
      uri = first.uri;
      routes = [...routes.slice(1), '<' + formatUri(this.remoteTarget) + '>'];
    }
    const headers: Array<readonly [string, string]> = routes.map((r) => ['Route', r] as const);
    if (options.headers !== undefined) headers.push(...options.headers);
    const localTo = this.invite.to;
    const body = options.body ?? new Uint8Array(0);
    return {
      kind: 'request',
      method: options.method,
      uri,
      version: 'SIP/2.0',
      headers: createSipHeaders(headers),
      via: [options.via],
      from: { ...localTo, tag: this.localTag },
      to: this.invite.from,
      callId: this.callId,
      cseq: { seq: this.localSeq, method: options.method },
      maxForwards: 70,
      ...(options.contact !== undefined ? { contact: [options.contact] } : {}),
      contentLength: body.length,
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
      body,
    };
  }

  /**
   * Next hop of an in-dialog request: the first route, else the remote
   * target, when its host is an IP literal (we do no DNS, RFC 3263 is out of
   * scope); otherwise, and for TCP (connection reuse), the INVITE's source.
   */
  nextHop(): SipDestination {
    if (this.source.transport === 'tcp') return this.source;
    const target = this.routeSet[0]?.uri ?? this.remoteTarget;
    if (target.scheme !== 'sip' && target.scheme !== 'sips') return this.source;
    const sip = target as SipUri;
    const host = bareHost(sip.host);
    if (isIP(host) === 0) return this.source;
    return { transport: this.source.transport, address: host, port: sip.port ?? DEFAULT_SIP_PORT };
  }
}

