/**
 * What a running bridge offers the admin API for live operations (issue 7 "Live
 * operations"). The app implements it over its room registry; the routes only validate,
 * authorize and shape JSON. Every operation that a request can make fail (unknown room or
 * call, nobody to give the floor to) returns a `Result`, never throws.
 */
import { BridgeError, type Result } from '../config/bridge-error.js';
import type { LiveEventListener } from '../events/index.js';

/** Why a live operation was refused. */
export type LiveOpsErrorCode = 'unknown-room' | 'unknown-call' | 'no-raised-hand' | 'unavailable';

/** A refused live operation; the message is safe to return to the API client. */
export class LiveOpsError extends BridgeError<LiveOpsErrorCode> {
  override readonly name = 'LiveOpsError';
}

/** A conference's lifecycle state as the room reports it (e.g. `waiting`, `active`). */
export type LiveRoomState = string;

/** One live conference (only rooms with someone in them, or still closing). */
export interface LiveRoomSummary {
  readonly roomId: string;
  readonly name?: string;
  readonly state: LiveRoomState;
  readonly participantCount: number;
  readonly hasHost: boolean;
  readonly isLocked: boolean;
  readonly isMuteAll: boolean;
  readonly isLectureMode: boolean;
  readonly isRecording: boolean;
}

/** One caller in a conference's roster, as the bridge knows it (caller ID not yet redacted). */
export interface LiveRosterEntry {
  readonly callId: string;
  /** The invitee's name from a personal one-time PIN, when there is one. */
  readonly displayName?: string;
  /** True when the caller recorded a name at join. */
  readonly hasRecordedName: boolean;
  /** The caller's number or SIP user; absent when anonymous. Redacted by the routes. */
  readonly callerId?: string;
  readonly role: 'guest' | 'host';
  readonly isMuted: boolean;
  /** 1-based place in the raise-hand queue, or undefined when the hand is down. */
  readonly handPosition?: number;
  readonly isTalking: boolean;
  /** ISO 8601 UTC. */
  readonly joinedAt: string;
  /** Negotiated codec, e.g. `PCMU`, `opus`. */
  readonly codec: string;
  /** Receive loss over the last stats interval, 0-100. */
  readonly lossPct: number;
  readonly jitterMs: number;
}

/** A live operation's outcome; sync or async as the implementation likes. */
export type LiveOpResult<T> = Result<T, LiveOpsError> | Promise<Result<T, LiveOpsError>>;

/** The running bridge's live operations (implemented by the app, faked in tests). */
export interface LiveOperations {
  /** Conferences in progress with their live state. */
  listRooms(): readonly LiveRoomSummary[] | Promise<readonly LiveRoomSummary[]>;
  /** Who is in a conference, in join order. */
  roster(roomId: string): LiveOpResult<readonly LiveRosterEntry[]>;
  /** Mutes or unmutes one caller on the operator's behalf (the caller hears the prompt). */
  mute(roomId: string, callId: string, isMuted: boolean): LiveOpResult<void>;
  /** Removes a caller; with `ban`, the same caller identity cannot rejoin this meeting. */
  kick(roomId: string, callId: string, options: { readonly ban: boolean }): LiveOpResult<void>;
  /** Gives the floor to the first raised hand; returns who got it. */
  giveFloor(roomId: string): LiveOpResult<{ readonly callId: string }>;
  /** Locks or unlocks a conference (announced to the room when it changes). */
  lock(roomId: string, isLocked: boolean): LiveOpResult<void>;
  /** Starts or stops recording; returns the WAV file being written when started. */
  recording(roomId: string, isRecording: boolean): LiveOpResult<{ readonly file?: string }>;
  /** Ends the conference for everyone (end message, then all disconnected). */
  end(roomId: string): LiveOpResult<void>;
  /** Live events for the SSE stream; returns the unsubscribe function. */
  subscribe(listener: LiveEventListener): () => void;
}
