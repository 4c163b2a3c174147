/**
 * Helpers for the app's {@link LiveOperations} implementation: they combine what the room's
 * `ConferenceModerator` knows (role, names, mute, hands, lock, modes, recording) with what
 * only the call and media layers know (caller ID, join time, codec, loss, jitter, talking),
 * so the roster and the room list cannot disagree with the keypad state.
 */
import type { ConferenceModerator } from '../moderation/index.js';
import type { LiveRoomSummary, LiveRosterEntry } from './live-operations.js';

/** What the call path knows of one call. */
export interface CallFacts {
  readonly callId: string;
  /** Caller number or SIP user; undefined when anonymous. */
  readonly callerId?: string;
  /** ISO 8601 UTC. */
  readonly joinedAt: string;
  readonly codec: string;
  readonly lossPct: number;
  readonly jitterMs: number;
  readonly isTalking: boolean;
}

/** A roster line for one call, or undefined when the moderator does not know it (left). */
export function rosterEntryFor(moderator: ConferenceModerator, call: CallFacts): LiveRosterEntry | undefined {
  const p = moderator.participant(call.callId);
  if (p === undefined) return undefined;
  const position = moderator.snapshot().raisedHands.indexOf(call.callId);
  return {
    callId: call.callId,
    ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
    hasRecordedName: p.hasRecordedName,
    ...(call.callerId === undefined ? {} : { callerId: call.callerId }),
    role: p.role,
    isMuted: p.isMuted,
    ...(position < 0 ? {} : { handPosition: position + 1 }),
    isTalking: call.isTalking,
    joinedAt: call.joinedAt,
    codec: call.codec,
    lossPct: call.lossPct,
    jitterMs: call.jitterMs,
  };
}

/** A room-list line from the room's lifecycle facts and its moderator's flags. */
export function roomSummaryFor(
  room: { readonly roomId: string; readonly name?: string; readonly state: string; readonly participantCount: number; readonly hasHost: boolean },
  moderator: ConferenceModerator,
): LiveRoomSummary {
  const flags = moderator.snapshot();
  return {
    roomId: room.roomId,
    ...(room.name === undefined ? {} : { name: room.name }),
    state: room.state,
    participantCount: room.participantCount,
    hasHost: room.hasHost,
    isLocked: flags.isLocked,
    isMuteAll: flags.isMuteAll,
    isLectureMode: flags.isLectureMode,
    isRecording: flags.isRecording,
  };
}
