/**
 * The live conferences: one ConferenceRoom per room ID with people in it, created on the
 * first join and dropped when it closes (rooms must exist in the store — the IVR only
 * joins after the PIN check, so nothing is created from a typo). Carries out the room's
 * effects on the participants' call sessions and the engine room.
 */
import { ConferenceRoom, type AfterPlayback, type RoomEffect, type RoomRole } from '../room/index.js';
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
      /** Keypad digits of callers in a room (issue 7's menu); absent: ignored. */
      readonly onDigit?: (session: CallSession, room: ConferenceRoom, digit: string) => void;
      readonly onJoin?: (session: CallSession, roomId: string, role: RoomRole) => void;
      readonly onLeave?: (session: CallSession, roomId: string) => void;
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

  join(session: CallSession, roomId: string, role: RoomRole): void {
    let room = this.rooms.get(roomId);
    if (room === undefined) {
      const settings = this.deps.settings(roomId);
      room = new ConferenceRoom({ roomId, waitForHost: settings.waitForHost, maxParticipants: settings.maxParticipants });
      this.rooms.set(roomId, room);
    }
    const effects = room.join(session.callId, role);
    if (room.phaseOf(session.callId) !== undefined) {
      this.members.set(session.callId, session);
      this.deps.logger.info({ callId: session.callId, roomId, role, state: room.state, size: room.size }, 'participant joined');
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
    if (room === undefined) {
      if (then === 'hangup') session.hangup('refused');
      return;
    }
    this.apply(room, room.playbackDone(session.callId, then), session);
  }

  digit(session: CallSession, digit: string): void {
    const roomId = session.roomId;
    const room = roomId === undefined ? undefined : this.rooms.get(roomId);
    if (room !== undefined) this.deps.onDigit?.(session, room, digit);
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
          // TODO (#7): ban, recording, roll call and error tone are carried out by the moderation wiring.
          this.deps.logger.info({ roomId, effect: effect.effect.kind }, 'moderation effect');
          break;
        case 'closed':
          if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
          this.deps.logger.info({ roomId }, 'room closed');
          break;
        default: {
          const never: never = effect;
          throw new Error(`unknown room effect ${String(never)}`);
        }
      }
    }
  }
}
