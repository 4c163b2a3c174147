import type { SipRequest } from '../message/index.js';

/** Lifecycle of an incoming call. */
export type CallState =
  /** INVITE received, nothing but 100 sent. */
  | 'offered'
  /** 180/183 sent. */
  | 'early'
  /** 200 sent, waiting for the ACK. */
  | 'answered'
  /** ACK received. */
  | 'confirmed'
  | 'ended';

/** Why a call ended. */
export type CallEndReason = 'remote-bye' | 'local-bye' | 'cancel' | 'ack-timeout' | 'session-expired' | 'transport-error';

/** An in-dialog INFO (RFC 6086). Answered 200 unless `respond` is called synchronously by a listener. */
export interface CallInfoEvent {
  /** Content-Type as written, empty when absent. */
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly request: SipRequest;
  /** Answers with another status (e.g. 415 for an unknown body type). */
  respond(status: number, reason?: string): void;
}

/** A re-INVITE or an UPDATE with an offer (hold, resume, media change; RFC 3311, RFC 3264 §8). */
export interface CallReinviteEvent {
  readonly method: 'INVITE' | 'UPDATE';
  /** The new offer; absent for an offerless re-INVITE (then answer with an offer, RFC 3261 §14.2). */
  readonly offerSdp?: string;
  readonly request: SipRequest;
  /** Answers 200 with this SDP. */
  respond(answerSdp: string): void;
  /** Refuses (e.g. 488); the session stays as it was (RFC 3261 §14.2). */
  reject(status: number, reason?: string): void;
}

/** Emitted once when a call ends. */
export interface CallEndedEvent {
  readonly by: CallEndReason;
}

/** Event map of an incoming call: event → listener arguments. */
export type IncomingCallEvents = {
  /** The ACK for our 2xx arrived. */
  confirmed: [ack: SipRequest];
  info: [event: CallInfoEvent];
  reinvite: [event: CallReinviteEvent];
  /** CANCEL arrived before we answered; 487 was sent. Followed by `ended`. */
  cancelled: [];
  ended: [event: CallEndedEvent];
};
