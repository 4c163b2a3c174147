/**
 * One admitted call from answer to hang-up: SDP, media endpoint, IVR, room. It glues the
 * pure IVR session and the room registry to the SIP call, the media engine and the digit
 * collector, all received as interfaces (ports.ts).
 *
 *   answering ──(488 / 503 / cancelled)──► ended
 *       │ 200 OK sent
 *       ▼
 *      ivr ──(IVR hangup: failures, timeout, refused)──► ended
 *       │ verified: join
 *       ▼
 *    in-room ──(caller BYE, room hangup, RTP timeout, shutdown)──► ended
 *
 * Every path into `ended` runs `finish` exactly once: leave the room, destroy the
 * endpoint, tell the server. PIN digits pass through `verify` only and are never logged.
 */
import { IvrSession, type IvrEffect, type IvrSettings, type PinLengthLookup } from '../ivr/index.js';
import type { CallRoute, CallerIdentity } from '../routing/index.js';
import type { AfterPlayback, RoomPlayItem, RoomRole } from '../room/index.js';
import type { CallLogger, DigitEntry, DigitEntryOutput, DigitEvent, EndpointInfo, MediaControl, NegotiateAudio, SipCall, VerifyPin } from './ports.js';

/** What a session needs from the room registry. */
export interface RoomMembership {
  join(session: CallSession, roomId: string, role: RoomRole): void;
  leave(session: CallSession): void;
  playbackDone(session: CallSession, then: AfterPlayback): void;
  digit(session: CallSession, digit: string): void;
}

/** Session phases (see the diagram). */
export type CallPhase = 'answering' | 'ivr' | 'in-room' | 'ended';

/** Everything one call needs. */
export interface CallSessionDeps {
  readonly call: SipCall;
  readonly route: CallRoute;
  readonly media: MediaControl;
  readonly negotiate: NegotiateAudio;
  readonly digitEntry: DigitEntry;
  readonly verify: VerifyPin;
  readonly pinLengths: PinLengthLookup;
  readonly ivrSettings: IvrSettings;
  readonly rooms: RoomMembership;
  readonly logger: CallLogger;
  readonly nowMs: () => number;
  /** The call left the IVR (joined or ended): release IVR caps. */
  readonly onIvrDone: (session: CallSession) => void;
  /** The call ended; the server forgets it. */
  readonly onEnded: (session: CallSession, reason: string) => void;
}

interface CurrentPlayback {
  readonly token: number;
  id: string | undefined;
  readonly owner: 'ivr' | 'room';
  readonly then: AfterPlayback;
}

export class CallSession {
  private phaseValue: CallPhase = 'answering';
  private endpoint: EndpointInfo | undefined;
  private readonly ivr: IvrSession;
  private playback: CurrentPlayback | undefined;
  private playToken = 0;
  private readonly startedAtMs: number;
  private roomIdValue: string | undefined;
  private roleValue: RoomRole | undefined;
  private isIvrOpen = true;
  private codecValue: string | undefined;
  private displayNameValue: string | undefined;
  private endReasonValue: string | undefined;

  constructor(private readonly deps: CallSessionDeps) {
    this.startedAtMs = deps.nowMs();
    this.ivr = new IvrSession({ target: deps.route.target, settings: deps.ivrSettings, pinLengths: deps.pinLengths });
  }

  get callId(): string {
    return this.deps.call.callId;
  }
  get phase(): CallPhase {
    return this.phaseValue;
  }
  get endpointId(): string | undefined {
    return this.endpoint?.endpointId;
  }
  get roomId(): string | undefined {
    return this.roomIdValue;
  }
  get role(): RoomRole | undefined {
    return this.roleValue;
  }
  get sourceKey(): string {
    return this.deps.route.caller.sourceKey;
  }
  /** Who is calling, as routing identified it (roster, bans). */
  get caller(): CallerIdentity {
    return this.deps.route.caller;
  }
  /** The invitee's name when a personal one-time PIN admitted the caller (roster, audit). */
  get displayName(): string | undefined {
    return this.displayNameValue;
  }
  /** Why the call ended (`remote-bye`, `rtp-timeout`, `room-removed` …), once it has. */
  get endReason(): string | undefined {
    return this.endReasonValue;
  }
  /** The negotiated codec, once answered. */
  get codecName(): string | undefined {
    return this.codecValue;
  }

  /** Negotiates SDP, creates the endpoint, answers, and starts the IVR. */
  async answer(): Promise<void> {
    const { call, media, negotiate, logger } = this.deps;
    const offer = call.offerSdp;
    if (offer === undefined || offer === '') {
      call.reject(488, 'Not Acceptable Here');
      this.finish('no-offer');
      return;
    }
    const probe = negotiate(offer, { address: media.bindAddress, port: 9 });
    if (!probe.ok) {
      logger.info({ callId: this.callId, code: probe.code }, 'sdp refused');
      call.reject(488, 'Not Acceptable Here');
      this.finish('sdp-' + probe.code);
      return;
    }
    const roomHint = this.deps.route.target.kind === 'room' ? this.deps.route.target.roomId : undefined;
    let endpoint: EndpointInfo;
    try {
      endpoint = await media.createEndpoint(probe.value, roomHint);
    } catch (error) {
      logger.error({ callId: this.callId, err: String(error) }, 'endpoint creation failed');
      if (this.phaseValue !== 'ended') {
        call.reject(503, 'Service Unavailable');
        this.finish('media-unavailable');
      }
      return;
    }
    if (this.phaseValue === 'ended') {
      void media.destroyEndpoint(endpoint.endpointId).catch(() => undefined);
      return;
    }
    this.endpoint = endpoint;
    const answer = negotiate(offer, { address: endpoint.localAddress, port: endpoint.localPort });
    if (!answer.ok) {
      call.reject(488, 'Not Acceptable Here');
      this.finish('sdp-' + answer.code);
      return;
    }
    call.accept(answer.value.answerSdp);
    this.codecValue = answer.value.codec.name;
    this.phaseValue = 'ivr';
    logger.info({ callId: this.callId, codec: answer.value.codec.name, telephoneEvent: answer.value.telephoneEventPayloadType !== undefined }, 'call answered');
    this.applyIvr(this.ivr.start(this.deps.nowMs()));
  }

  /** A digit from RFC 4733, in-band detection or SIP INFO. */
  digit(event: DigitEvent): void {
    const now = this.deps.nowMs();
    if (this.phaseValue === 'ivr') this.onEntry(this.deps.digitEntry.push(event, now));
    else if (this.phaseValue === 'in-room') this.deps.rooms.digit(this, event.digit);
  }

  /** Timer tick: digit timeouts and the whole-IVR deadline. */
  tick(nowMs: number): void {
    if (this.phaseValue !== 'ivr') return;
    this.onEntry(this.deps.digitEntry.poll(nowMs));
    if (this.phaseValue === 'ivr') this.applyIvr(this.ivr.tick(nowMs));
  }

  /** The engine finished (or stopped) a playback on this endpoint. */
  playbackDone(playbackId: string): void {
    const current = this.playback;
    if (current === undefined || current.id !== playbackId) return;
    this.playback = undefined;
    if (current.owner === 'ivr') {
      if (this.phaseValue === 'ivr') this.applyIvr(this.ivr.playbackDone(this.deps.nowMs()));
    } else if (this.phaseValue === 'in-room') {
      this.deps.rooms.playbackDone(this, current.then);
    }
  }

  /** Re-INVITE (hold/resume, new address): answer from the same endpoint and update it. */
  reinvite(offerSdp: string, respond: (answerSdp: string) => void, reject: (status: number) => void): void {
    const endpoint = this.endpoint;
    if (endpoint === undefined || this.phaseValue === 'ended') {
      reject(491);
      return;
    }
    const answer = this.deps.negotiate(offerSdp, { address: endpoint.localAddress, port: endpoint.localPort });
    if (!answer.ok) {
      reject(488);
      return;
    }
    respond(answer.value.answerSdp);
    this.deps.logger.info({ callId: this.callId, direction: answer.value.direction }, 'call re-negotiated');
    // A caller that puts the bridge on hold (it offers sendonly, we answer recvonly) either
    // stops sending (baresip, many desk phones) or sends its own music on hold: the first
    // must not end the call by RTP timeout, the second must not reach the room. So the
    // engine holds that leg inactive until the resume re-INVITE.
    const direction = answer.value.direction === 'recvonly' ? 'inactive' : answer.value.direction;
    this.mediaCall(this.deps.media.updateEndpoint(endpoint.endpointId, { remote: answer.value.remote, direction }), 'update endpoint');
  }

  /** Room side: play to this caller; `then` runs when it ends. */
  playFromRoom(items: readonly RoomPlayItem[], loop: boolean, then: AfterPlayback): void {
    this.startPlayback(items, loop, 'room', then);
  }

  /** Room side: stop this caller's playback (hold music when the host arrives). */
  stopRoomPlayback(): void {
    this.stopPlayback();
  }

  /** Room side: into the engine room. */
  bridge(roomId: string, isMuted: boolean): void {
    const id = this.endpoint?.endpointId;
    if (id !== undefined) this.mediaCall(this.deps.media.joinRoom(id, roomId, isMuted), 'join room');
  }

  /** Room side: out of the engine room. */
  unbridge(roomId: string): void {
    // Runs during `finish` too (before the endpoint is destroyed), so no phase check here.
    const id = this.endpoint?.endpointId;
    if (id !== undefined) this.mediaCall(this.deps.media.leaveRoom(id, roomId), 'leave room');
  }

  /** Room side: mute or unmute in the mix. */
  setMute(isMuted: boolean): void {
    const id = this.endpoint?.endpointId;
    if (id !== undefined) this.mediaCall(this.deps.media.setMute(id, isMuted), 'set mute');
  }

  /** Ends the call from our side (BYE, or a final response before answer). */
  hangup(reason: string): void {
    if (this.phaseValue === 'ended') return;
    const isAnswering = this.phaseValue === 'answering';
    // Finish first: the SIP side reports its own end ('local-bye') synchronously, which
    // would otherwise be logged and audited as the reason instead of ours.
    this.finish(reason);
    if (isAnswering) this.deps.call.reject(503, 'Service Unavailable');
    else this.deps.call.bye();
  }

  /** The far end ended the call (BYE) or cancelled it before the answer. */
  remoteEnded(reason: string): void {
    this.finish(reason);
  }

  private applyIvr(effects: readonly IvrEffect[]): void {
    for (const effect of effects) {
      if (this.phaseValue !== 'ivr') return;
      const now = this.deps.nowMs();
      switch (effect.kind) {
        case 'play':
          this.startPlayback(effect.items, false, 'ivr', 'nothing');
          break;
        case 'stop-playback':
          this.stopPlayback();
          break;
        case 'collect':
          this.onEntry(this.deps.digitEntry.start(effect.options, now));
          break;
        case 'discard-digits':
          this.deps.digitEntry.discard(now);
          break;
        case 'verify':
          this.runVerify(effect.roomId, effect.role, effect.pin);
          break;
        case 'join':
          this.leaveIvr('joined');
          this.phaseValue = 'in-room';
          this.roomIdValue = effect.roomId;
          this.roleValue = effect.role;
          this.stopPlayback();
          this.deps.rooms.join(this, effect.roomId, effect.role);
          break;
        case 'hangup':
          this.leaveIvr(effect.reason);
          this.hangup('ivr-' + effect.reason);
          break;
        default: {
          const never: never = effect;
          throw new Error(`unknown IVR effect ${String(never)}`);
        }
      }
    }
  }

  private onEntry(outputs: readonly DigitEntryOutput[]): void {
    for (const output of outputs) {
      if (this.phaseValue !== 'ivr') return;
      const now = this.deps.nowMs();
      switch (output.kind) {
        case 'first-digit':
          this.applyIvr(this.ivr.firstDigit(output.digit, now));
          break;
        case 'entry-complete':
          this.applyIvr(this.ivr.entryComplete(output.digits, now));
          break;
        case 'entry-timeout':
          this.applyIvr(this.ivr.entryTimeout(now));
          break;
        default: {
          const never: never = output;
          throw new Error(`unknown digit output ${String(never)}`);
        }
      }
    }
  }

  private runVerify(roomId: string, role: 'guest' | 'host', pin: string): void {
    this.deps
      .verify({ callId: this.callId, roomId, role, pin, caller: this.deps.route.caller })
      .catch((error: unknown) => {
        this.deps.logger.error({ callId: this.callId, err: String(error) }, 'PIN verification failed');
        return { kind: 'invalid' } as const;
      })
      .then((result) => {
        if (this.phaseValue !== 'ivr') return;
        if (result.kind === 'ok') this.displayNameValue = result.displayName;
        this.applyIvr(this.ivr.verified(result, this.deps.nowMs()));
      })
      .catch((error: unknown) => this.deps.logger.error({ callId: this.callId, err: String(error) }, 'IVR step failed'));
  }

  /** Logs the IVR outcome once (never digits) and releases the IVR caps. */
  private leaveIvr(outcome: string): void {
    if (!this.isIvrOpen) return;
    this.isIvrOpen = false;
    this.deps.logger.info({ callId: this.callId, outcome, failures: this.ivr.failureCount, route: this.deps.route.reason }, 'ivr finished');
    this.deps.onIvrDone(this);
  }

  private startPlayback(items: readonly RoomPlayItem[], loop: boolean, owner: 'ivr' | 'room', then: AfterPlayback): void {
    const endpointId = this.endpoint?.endpointId;
    if (endpointId === undefined) return;
    this.stopPlayback();
    const current: CurrentPlayback = { token: ++this.playToken, id: undefined, owner, then };
    this.playback = current;
    this.deps.media
      .play({ endpointId }, items, loop)
      .then((id) => {
        if (this.playback?.token === current.token) current.id = id;
      })
      .catch((error: unknown) => {
        this.deps.logger.warn({ callId: this.callId, err: String(error) }, 'playback failed');
        if (this.playback?.token === current.token) {
          // Treat a failed playback as finished so the flow never stalls.
          current.id = 'failed';
          this.playbackDone('failed');
        }
      });
  }

  private stopPlayback(): void {
    const current = this.playback;
    const endpointId = this.endpoint?.endpointId;
    this.playback = undefined;
    if (current === undefined || endpointId === undefined || this.phaseValue === 'ended') return;
    if (current.id !== undefined) this.mediaCall(this.deps.media.stopPlayback({ endpointId }, current.id), 'stop playback');
    else this.mediaCall(this.deps.media.stopPlayback({ endpointId }), 'stop playback');
  }

  private mediaCall(promise: Promise<void>, what: string): void {
    promise.catch((error: unknown) => {
      if (this.phaseValue !== 'ended') this.deps.logger.warn({ callId: this.callId, err: String(error) }, `media: ${what} failed`);
    });
  }

  private finish(reason: string): void {
    if (this.phaseValue === 'ended') return;
    const wasInRoom = this.phaseValue === 'in-room';
    this.leaveIvr(reason);
    this.endReasonValue = reason;
    this.phaseValue = 'ended';
    this.playback = undefined;
    if (wasInRoom) this.deps.rooms.leave(this);
    const endpointId = this.endpoint?.endpointId;
    if (endpointId !== undefined) {
      this.deps.media.destroyEndpoint(endpointId).catch((error: unknown) => this.deps.logger.warn({ callId: this.callId, err: String(error) }, 'endpoint destroy failed'));
    }
    this.deps.logger.info({ callId: this.callId, reason, durationMs: this.deps.nowMs() - this.startedAtMs, roomId: this.roomIdValue }, 'call ended');
    this.deps.onEnded(this, reason);
  }
}
