/**
 * The live conferences: one ConferenceRoom per room ID with people in it, created on the
 * first join and dropped when it closes (rooms must exist in the store — the IVR only
 * joins after the PIN check, so nothing is created from a typo). Carries out the room's
 * effects on the participants' call sessions and the engine room.
 */
import { escapeForLog } from '../logging/index.js';
import type { ModerationEffect } from '../moderation/index.js';
import { ConferenceRoom, type AfterPlayback, type ConferenceOptions, type JoinDetails, type RoomEffect, type RoomRole } from '../room/index.js';
import type { CallSession, RoomMembership } from './call-session.js';
import type { CallLogger, MediaControl, RoomSettings } from './ports.js';

/** Counts for /health and the shutdown path. */
export interface RoomCounts {
  readonly rooms: number;
  readonly participants: number;
}

export class RoomRegistry implements RoomMembership {
  private readonly rooms = new Map<string, ConferenceRoom>();
  private readonly members = new Map<string, CallSession>();

  constructor(
    private readonly deps: {
      readonly media: MediaControl;
      readonly logger: CallLogger;
      readonly settings: (roomId: string) => RoomSettings;
      /** Keypad digits of callers past the IVR (issue 7's menu; `room` undefined before the join); absent: ignored. */
      readonly onDigit?: (session: CallSession, room: ConferenceRoom | undefined, digit: string) => void;
      readonly onJoin?: (session: CallSession, roomId: string, role: RoomRole) => void;
      readonly onLeave?: (session: CallSession, roomId: string) => void;
      /** Issue 7 room options (moderator, announcements) for a new conference. */
      readonly conferenceOptions?: (roomId: string) => Partial<Omit<ConferenceOptions, 'roomId' | 'waitForHost' | 'maxParticipants'>>;
      /** Runs before a verified caller joins (name recording); it calls `proceed` with what it learned. */
      readonly beforeJoin?: (session: CallSession, roomId: string, role: RoomRole, proceed: (details: JoinDetails) => void) => void;
      /** A playback of a caller not in a room finished; true when the hook owned it. */
      readonly onPlaybackDone?: (session: CallSession) => boolean;
      /** Moderation effects the room does not carry itself (ban, recording, roll call, error tone). */
      readonly onModeration?: (room: ConferenceRoom, effect: ModerationEffect) => void;
      /** A conference closed (last caller gone). */
      readonly onClosed?: (room: ConferenceRoom) => void;
    },
  ) {}

  /** Live counts. */
  counts(): RoomCounts {
    let participants = 0;
    for (const room of this.rooms.values()) participants += room.size;
    return { rooms: this.rooms.size, participants };
  }

  /** A live room, if any (admin API, moderation). */
  room(roomId: string): ConferenceRoom | undefined {
    return this.rooms.get(roomId);
  }

  /** Every live room ID. */
  roomIds(): string[] {
    return [...this.rooms.keys()];
  }

  /** The call session of a participant (admin API roster). */
  session(callId: string): CallSession | undefined {
    return this.members.get(callId);
  }

  join(session: CallSession, roomId: string, role: RoomRole): void {
    const beforeJoin = this.deps.beforeJoin;
    if (beforeJoin === undefined) this.joinNow(session, roomId, role, {});
    else beforeJoin(session, roomId, role, (details) => this.joinNow(session, roomId, role, details));
  }

  private joinNow(session: CallSession, roomId: string, role: RoomRole, details: JoinDetails): void {
    if (session.phase === 'ended') return;
    let room = this.rooms.get(roomId);
    if (room === undefined) {
      const settings = this.deps.settings(roomId);
      room = new ConferenceRoom({ roomId, waitForHost: settings.waitForHost, maxParticipants: settings.maxParticipants, ...this.deps.conferenceOptions?.(roomId) });
      this.rooms.set(roomId, room);
    }
    const effects = room.join(session.callId, role, details);
    if (room.phaseOf(session.callId) !== undefined) {
      this.members.set(session.callId, session);
      // An invitee's name is operator input, but log views must still not be forgeable with it.
      const name = details.displayName === undefined ? {} : { displayName: escapeForLog(details.displayName) };
      this.deps.logger.info({ callId: session.callId, roomId, role, state: room.state, size: room.size, ...name }, 'participant joined');
      this.deps.onJoin?.(session, roomId, role);
    } else {
      // Refused (full, locked): it hears why, then is hung up; it is never a member.
      this.members.set(session.callId, session);
      this.deps.logger.info({ callId: session.callId, roomId, role }, 'participant refused');
    }
    this.apply(room, effects, session);
  }

  leave(session: CallSession): void {
    const roomId = session.roomId;
    this.members.delete(session.callId);
    if (roomId === undefined) return;
    const room = this.rooms.get(roomId);
    if (room === undefined) return;
    const wasMember = room.phaseOf(session.callId) !== undefined;
    const effects = room.leave(session.callId);
    if (wasMember) {
      this.deps.logger.info({ callId: session.callId, roomId, size: room.size }, 'participant left');
      this.deps.onLeave?.(session, roomId);
    }
    this.apply(room, effects, session);
  }

  playbackDone(session: CallSession, then: AfterPlayback): void {
    const roomId = session.roomId;
    const room = roomId === undefined ? undefined : this.rooms.get(roomId);
    const isMember = room?.phaseOf(session.callId) !== undefined;
    if (!isMember && then !== 'hangup' && this.deps.onPlaybackDone?.(session) === true) return;
    if (room === undefined) {
      if (then === 'hangup') session.hangup('refused');
      return;
    }
    this.apply(room, room.playbackDone(session.callId, then), session);
  }

  digit(session: CallSession, digit: string): void {
    const roomId = session.roomId;
    const room = roomId === undefined ? undefined : this.rooms.get(roomId);
    this.deps.onDigit?.(session, room?.phaseOf(session.callId) === undefined ? undefined : room, digit);
  }

  /** Runs a moderation-style list of effects (issue 7 hooks call this after `room.handle`). */
  applyEffects(roomId: string, effects: readonly RoomEffect[]): void {
    const room = this.rooms.get(roomId);
    if (room !== undefined) this.apply(room, effects, undefined);
  }

  /** Ends every room (shutdown or admin): each participant hears the prompts, then BYE. */
  endAll(prompts: readonly string[]): void {
    for (const room of [...this.rooms.values()]) this.apply(room, room.end(prompts), undefined);
  }

  private apply(room: ConferenceRoom, effects: readonly RoomEffect[], subject: CallSession | undefined): void {
    const roomId = room.options.roomId;
    const who = (id: string): CallSession | undefined => this.members.get(id) ?? (subject?.callId === id ? subject : undefined);
    for (const effect of effects) {
      switch (effect.kind) {
        case 'play-caller':
          who(effect.participantId)?.playFromRoom(effect.items, effect.loop, effect.then);
          break;
        case 'stop-caller-playback':
          who(effect.participantId)?.stopRoomPlayback();
          break;
        case 'play-room':
          this.deps.media.play({ roomId }, effect.items, false).catch((error: unknown) => this.deps.logger.warn({ roomId, err: String(error) }, 'room playback failed'));
          break;
        case 'bridge':
          who(effect.participantId)?.bridge(roomId, effect.isMuted);
          break;
        case 'unbridge':
          who(effect.participantId)?.unbridge(roomId);
          break;
        case 'set-mute':
          who(effect.participantId)?.setMute(effect.isMuted);
          break;
        case 'hangup':
          who(effect.participantId)?.hangup(`room-${effect.reason}`);
          break;
        case 'moderation':
          this.deps.logger.info({ roomId, effect: effect.effect.kind }, 'moderation effect');
          this.deps.onModeration?.(room, effect.effect);
          break;
        case 'closed':
          if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
          this.deps.logger.info({ roomId }, 'room closed');
          this.deps.onClosed?.(room);
          break;
        default: {
          const never: never = effect;
          throw new Error(`unknown room effect ${String(never)}`);
        }
      }
    }
  }
}
