import { Buffer } from 'node:buffer';
import type { SipRequest, SipResponse } from '../message/index.js';
import { AnswerRetransmitter, Dialog, negotiateSessionTimer, sessionExpiryMs, type SessionTimerDecision } from '../dialog/index.js';
import type { InviteServerTransaction, ServerTransaction, TimerHandle } from '../transaction/index.js';
import type { SipSource } from '../transport/index.js';
import type { CallHost } from './call-host.js';
import type { CallEndReason, CallState, IncomingCallEvents } from './call-events.js';
import { TypedEmitter } from './typed-emitter.js';

const SDP = 'application/sdp';

/** An incoming call as the application sees it. */
export interface IncomingCall {
  readonly callId: string;
  /** The INVITE. */
  readonly request: SipRequest;
  readonly source: SipSource;
  /** The INVITE's SDP offer, when it had a body. */
  readonly offerSdp?: string;
  readonly state: CallState;
  /** Sends 180 Ringing or 183 Session Progress (with early-media SDP). */
  progress(status?: 180 | 183, sdp?: string): void;
  /** Sends 200 with the answer and creates the dialog; `confirmed` follows on ACK. */
  accept(answerSdp: string): void;
  /** Refuses an unanswered call with a final status 300-699. */
  reject(status: number, reason?: string, headers?: ReadonlyArray<readonly [string, string]>): void;
  /** Ends the call: BYE when answered (after the ACK, RFC 3261 §15), 480 when not yet. Resolves when done. */
  bye(): Promise<void>;
  /**
   * Sends an in-dialog INFO (RFC 6086) on a confirmed call; resolves with the
   * final status, or 408 when Timer F expires, or 0 when the call is not confirmed.
   */
  sendInfo?(contentType: string, body: Uint8Array | string): Promise<number>;
  on<K extends keyof IncomingCallEvents>(event: K, listener: (...args: IncomingCallEvents[K]) => void): this;
  once<K extends keyof IncomingCallEvents>(event: K, listener: (...args: IncomingCallEvents[K]) => void): this;
  off<K extends keyof IncomingCallEvents>(event: K, listener: (...args: IncomingCallEvents[K]) => void): this;
}

/** The stack's implementation of {@link IncomingCall}; also the UAS side of the dialog. */
export class IncomingCallImpl extends TypedEmitter<IncomingCallEvents> implements IncomingCall {
  state: CallState = 'offered';
  readonly offerSdp?: string;
  readonly dialog: Dialog;
  private answer: AnswerRetransmitter | undefined;
  private reinvite: { tx: InviteServerTransaction; seq: number; answer?: AnswerRetransmitter } | undefined;
  private sessionTimer: TimerHandle | undefined;
  private lastAnswerSdp = '';
  private byeWaiters: Array<() => void> = [];
  private byeAfterAck = false;
  private readonly unanswered: TimerHandle;

  /**
   * @param host - stack services
   * @param inviteTx - the INVITE's server transaction (100 already sent)
   * @param session - RFC 4028 decision for the INVITE (never `too-small` here)
   */
  constructor(
    private readonly host: CallHost,
    private readonly inviteTx: InviteServerTransaction,
    private session: SessionTimerDecision,
  ) {
    super((error, event) => host.listenerError(error, event));
    this.dialog = new Dialog(inviteTx.request, host.newTag(), inviteTx.source);
    if (inviteTx.request.body.length > 0) this.offerSdp = Buffer.from(inviteTx.request.body).toString('utf8');
    this.unanswered = host.clock.setTimeout(() => this.reject(408), host.unansweredTimeoutMs);
  }

  get callId(): string {
    return this.dialog.callId;
  }
  get request(): SipRequest {
    return this.inviteTx.request;
  }
  get source(): SipSource {
    return this.inviteTx.source;
  }

  progress(status: 180 | 183 = 180, sdp?: string): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.host.respond(this.inviteTx, {
      status,
      toTag: this.dialog.localTag,
      contact: [this.host.localContact(this.source)],
      ...(sdp !== undefined ? { body: Buffer.from(sdp, 'utf8'), contentType: SDP } : {}),
    });
    this.state = 'early';
  }

  accept(answerSdp: string): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.lastAnswerSdp = answerSdp;
    this.host.clock.clearTimeout(this.unanswered);
    const sent = this.send2xx(this.inviteTx, answerSdp);
    this.state = 'answered';
    this.answer = new AnswerRetransmitter(
      this.host.clock,
      this.host.timers,
      this.source.transport !== 'udp',
      () => this.resend(sent),
      () => void this.sendBye('ack-timeout'),
    );
  }

  reject(status: number, reason?: string, headers?: ReadonlyArray<readonly [string, string]>): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    const final = status >= 300 && status <= 699 ? status : 500;
    this.host.respond(this.inviteTx, {
      status: final,
      toTag: this.dialog.localTag,
      ...(reason !== undefined ? { reason } : {}),
      ...(headers !== undefined ? { headers } : {}),
    });
    this.finish();
  }

  bye(): Promise<void> {
    switch (this.state) {
      case 'ended':
        return Promise.resolve();
      case 'offered':
      case 'early':
        this.reject(480);
        this.emit('ended', { by: 'local-bye' });
        return Promise.resolve();
      case 'answered':
        // RFC 3261 §15: the callee waits for the ACK (or its timeout) before BYE.
        this.byeAfterAck = true;
        return new Promise((resolve) => this.byeWaiters.push(resolve));
      case 'confirmed':
        return this.sendBye('local-bye');
    }
  }

  async sendInfo(contentType: string, body: Uint8Array | string): Promise<number> {
    if (this.state !== 'confirmed') return 0;
    const destination = this.dialog.nextHop();
    const request = this.dialog.buildRequest({
      method: 'INFO',
      via: this.host.localVia(destination),
      contentType,
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    });
    const outcome = await this.host.sendRequest(request, destination);
    return outcome.kind === 'response' ? outcome.response.status : 408;
  }

  /** CANCEL matched the INVITE before its final response (RFC 3261 §9.2): 487 and end. */
  onCancel(): void {
    if (this.state !== 'offered' && this.state !== 'early') return;
    this.host.respond(this.inviteTx, { status: 487, toTag: this.dialog.localTag });
    this.finish();
    this.emit('cancelled');
    this.emit('ended', { by: 'cancel' });
  }

  /** An ACK for a 2xx of this dialog (RFC 3261 §13.3.1.4, §17.1.1.3: new transaction). */
  onAck(ack: SipRequest): void {
    if (this.state === 'answered' && ack.cseq.seq === this.request.cseq.seq) {
      this.answer?.stop();
      this.state = 'confirmed';
      this.armSessionTimer();
      this.emit('confirmed', ack);
      if (this.byeAfterAck) void this.sendBye('local-bye');
      return;
    }
    if (this.reinvite !== undefined && ack.cseq.seq === this.reinvite.seq && this.reinvite.answer?.waiting === true) {
      this.reinvite.answer.stop();
      return;
    }
    this.host.stats.retransmissionsAbsorbed++;
  }

  /** A new in-dialog request (To tag is ours) with its server transaction. */
  onRequest(request: SipRequest, tx: ServerTransaction): void {
    if (!this.dialog.acceptRemoteSeq(request.cseq.seq)) {
      this.host.respond(tx, { status: 500, reason: 'CSeq Out of Order' }); // RFC 3261 §12.2.2
      return;
    }
    switch (request.method) {
      case 'BYE':
        this.host.respond(tx, { status: 200 });
        if (this.state === 'offered' || this.state === 'early') {
          this.host.respond(this.inviteTx, { status: 487, toTag: this.dialog.localTag });
        }
        this.end('remote-bye');
        return;
      case 'INFO':
        this.onInfo(request, tx);
        return;
      case 'INVITE':
      case 'UPDATE':
        this.onOffer(request, tx);
        return;
      case 'OPTIONS':
        this.host.respond(tx, { status: 200, headers: this.host.capabilityHeaders });
        return;
      default:
        this.host.respond(tx, { status: 405, headers: this.host.capabilityHeaders });
    }
  }

  private onInfo(request: SipRequest, tx: ServerTransaction): void {
    let responded = false;
    this.emit('info', {
      contentType: request.contentType ?? '',
      body: request.body,
      request,
      respond: (status, reason) => {
        if (responded) return;
        responded = true;
        this.host.respond(tx, { status, ...(reason !== undefined ? { reason } : {}) });
      },
    });
    if (!responded) {
      responded = true;
      this.host.respond(tx, { status: 200 });
    }
  }

  /** re-INVITE or UPDATE: session refresh and/or new offer (RFC 3261 §14.2, RFC 3311 §5.2, RFC 4028 §9). */
  private onOffer(request: SipRequest, tx: ServerTransaction): void {
    const method = request.method === 'INVITE' ? 'INVITE' : 'UPDATE';
    if (method === 'INVITE' && this.reinvite !== undefined && !this.reinvite.tx.hasFinal) {
      // RFC 3261 §14.2: a second INVITE while one is pending gets 500 with Retry-After.
      this.host.respond(tx, { status: 500, headers: [['Retry-After', '1']] });
      return;
    }
    const session = negotiateSessionTimer(request, this.host.minSessionExpires);
    if (session.kind === 'too-small') {
      this.host.respond(tx, { status: 422, headers: [['Min-SE', String(session.minSeconds)]] });
      return;
    }
    const contact = request.contact?.[0];
    if (contact !== undefined) this.dialog.remoteTarget = contact.uri; // target refresh, §12.2.2
    const hasOffer = request.body.length > 0;
    let done = false;
    const respond = (answerSdp: string | undefined): void => {
      if (done || this.state === 'ended') return;
      done = true;
      if (session.kind === 'active') this.session = session;
      if (answerSdp !== undefined) this.lastAnswerSdp = answerSdp;
      if (tx.kind === 'invite') {
        const sent = this.send2xx(tx, answerSdp ?? this.lastAnswerSdp);
        const answer = new AnswerRetransmitter(
          this.host.clock,
          this.host.timers,
          this.source.transport !== 'udp',
          () => this.resend(sent),
          () => void this.sendBye('ack-timeout'),
        );
        this.reinvite = { tx, seq: request.cseq.seq, answer };
      } else {
        this.send2xx(tx, answerSdp);
      }
      if (this.state === 'confirmed') this.armSessionTimer();
    };
    if (tx.kind === 'invite') this.reinvite = { tx, seq: request.cseq.seq };
    if (method === 'UPDATE' && !hasOffer) return respond(undefined);
    const offerSdp = hasOffer ? Buffer.from(request.body).toString('utf8') : undefined;
    const handled = this.emit('reinvite', {
      method,
      ...(offerSdp !== undefined ? { offerSdp } : {}),
      request,
      respond: (answerSdp) => respond(answerSdp),
      reject: (status, reason) => {
        if (done) return;
        done = true;
        this.host.respond(tx, { status: status >= 300 ? status : 488, ...(reason !== undefined ? { reason } : {}) });
      },
    });
    // Nobody listens: keep the session as it is and answer with our current SDP.
    if (!handled) respond(this.lastAnswerSdp);
  }

  private send2xx(tx: ServerTransaction, sdp: string | undefined): { response: SipResponse; bytes: Uint8Array | undefined } {
    const headers = [...this.host.capabilityHeaders, ...(this.session.kind === 'active' ? this.session.headers : [])];
    return this.host.respond(tx, {
      status: 200,
      toTag: this.dialog.localTag,
      contact: [this.host.localContact(this.source)],
      headers,
      ...(sdp !== undefined && sdp !== '' ? { body: Buffer.from(sdp, 'utf8'), contentType: SDP } : {}),
    });
  }

  private resend(sent: { response: SipResponse; bytes: Uint8Array | undefined }): void {
    if (sent.bytes === undefined) return;
    this.host.stats.responsesRetransmitted++;
    this.host.resendResponse(sent.bytes, sent.response, this.source);
  }

  /** RFC 4028 §10: expect a refresh before expiry (refresher=uac) or send one at half time (uas). */
  private armSessionTimer(): void {
    if (this.sessionTimer !== undefined) this.host.clock.clearTimeout(this.sessionTimer);
    this.sessionTimer = undefined;
    const session = this.session;
    if (session.kind !== 'active') return;
    if (session.refresher === 'uac') {
      this.sessionTimer = this.host.clock.setTimeout(() => void this.sendBye('session-expired'), sessionExpiryMs(session.seconds));
      return;
    }
    this.sessionTimer = this.host.clock.setTimeout(() => void this.refresh(session.seconds), (session.seconds * 1000) / 2);
  }

  /** We are the refresher: an UPDATE without body refreshes the session (RFC 4028 §7.4, RFC 3311). */
  private async refresh(seconds: number): Promise<void> {
    if (this.state !== 'confirmed') return;
    const destination = this.dialog.nextHop();
    const request = this.dialog.buildRequest({
      method: 'UPDATE',
      via: this.host.localVia(destination),
      contact: this.host.localContact(this.source),
      headers: [
        ['Session-Expires', `${String(seconds)};refresher=uas`],
        ['Supported', 'timer'],
      ],
    });
    const outcome = await this.host.sendRequest(request, destination);
    if (this.state !== 'confirmed') return;
    if (outcome.kind === 'response' && outcome.response.status < 300) this.armSessionTimer();
    else await this.sendBye('session-expired');
  }

  /** Sends BYE (RFC 3261 §15.1.1), ends the call at once, resolves on the BYE's final response or Timer F. */
  private async sendBye(reason: CallEndReason): Promise<void> {
    if (this.state === 'ended') return;
    const destination = this.dialog.nextHop();
    const request = this.dialog.buildRequest({ method: 'BYE', via: this.host.localVia(destination) });
    this.end(reason);
    await this.host.sendRequest(request, destination);
  }

  /** Stack close: stop every timer, send nothing, emit nothing. */
  shutdown(): void {
    if (this.state !== 'ended') this.finish();
  }

  private end(reason: CallEndReason): void {
    if (this.state === 'ended') return;
    this.finish();
    this.emit('ended', { by: reason });
  }

  private finish(): void {
    this.state = 'ended';
    this.host.clock.clearTimeout(this.unanswered);
    this.answer?.stop();
    this.reinvite?.answer?.stop();
    if (this.sessionTimer !== undefined) this.host.clock.clearTimeout(this.sessionTimer);
    this.host.callEnded(this.dialog.key);
    const waiters = this.byeWaiters;
    this.byeWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
