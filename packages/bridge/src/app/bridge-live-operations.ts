/**
 * The admin API's {@link LiveOperations} over the running bridge: the live rooms of the
 * RoomRegistry, their moderators, the call sessions and the engine's per-endpoint stats.
 * Operator actions go through the same room and moderator as the keypad, so the callers
 * hear the same prompts and the SSE stream shows the same events.
 */
import { LiveOpsError, rosterEntryFor, roomSummaryFor, type LiveOperations, type LiveRosterEntry, type LiveRoomSummary } from '../admin-api/index.js';
import { err, ok, type Result } from '../config/bridge-error.js';
import type { LiveEventBus, LiveEventListener } from '../events/index.js';
import type { ConferenceRoom } from '../room/index.js';
import { callerIdOf, type ModerationWiring } from './moderation-wiring.js';
import type { MediaLiveControl } from './ports.js';
import type { RoomRegistry } from './room-registry.js';

type Outcome<T> = Result<T, LiveOpsError>;

/** See the file comment. */
export class BridgeLiveOperations implements LiveOperations {
  constructor(
    private readonly deps: {
      readonly rooms: RoomRegistry;
      readonly wiring: ModerationWiring;
      readonly bus: LiveEventBus;
      readonly live: MediaLiveControl | undefined;
      readonly roomName: (roomId: string) => string | undefined;
    },
  ) {}

  listRooms(): readonly LiveRoomSummary[] {
    return this.deps.rooms.roomIds().flatMap((roomId) => {
      const room = this.deps.rooms.room(roomId);
      if (room === undefined) return [];
      const name = this.deps.roomName(roomId);
      return [roomSummaryFor({ roomId, ...(name === undefined ? {} : { name }), state: room.state, participantCount: room.size, hasHost: room.hasHost }, room.moderator)];
    });
  }

  roster(roomId: string): Outcome<readonly LiveRosterEntry[]> {
    const room = this.deps.rooms.room(roomId);
    if (room === undefined) return unknownRoom();
    const entries: LiveRosterEntry[] = [];
    for (const p of room.dump().participants) {
      const session = this.deps.rooms.session(p.id);
      if (session === undefined) continue;
      const endpointId = session.endpointId;
      const stats = endpointId === undefined ? undefined : this.deps.live?.endpointStats(endpointId);
      const expected = stats === undefined ? 0 : stats.packetsReceived + stats.packetsLost;
      const callerId = callerIdOf(session.caller);
      const entry = rosterEntryFor(room.moderator, {
        callId: p.id,
        ...(callerId === undefined ? {} : { callerId }),
        joinedAt: this.deps.wiring.joinedAt(p.id) ?? new Date().toISOString(),
        codec: session.codecName ?? 'unknown',
        lossPct: stats === undefined || expected === 0 ? 0 : round1((100 * Math.max(0, stats.packetsLost)) / expected),
        jitterMs: stats === undefined ? 0 : round1(stats.jitterMs),
        isTalking: this.deps.wiring.isTalking(p.id),
      });
      if (entry !== undefined) entries.push(entry);
    }
    return ok(entries);
  }

  mute(roomId: string, callId: string, isMuted: boolean): Outcome<void> {
    return this.withCall(roomId, callId, (room) => {
      this.deps.wiring.operatorAction(roomId, isMuted ? 'mute' : 'unmute', callId);
      this.deps.wiring.apply(roomId, room.moderate((m) => m.setHostMute(callId, isMuted)));
    });
  }

  kick(roomId: string, callId: string, options: { readonly ban: boolean }): Outcome<void> {
    return this.withCall(roomId, callId, (room) => {
      this.deps.wiring.operatorAction(roomId, options.ban ? 'kick-ban' : 'kick', callId);
      this.deps.wiring.apply(roomId, room.moderate((m) => m.kick(callId, options)));
    });
  }

  giveFloor(roomId: string): Outcome<{ readonly callId: string }> {
    const room = this.deps.rooms.room(roomId);
    if (room === undefined) return unknownRoom();
    const next = room.moderator.snapshot().raisedHands.find((id) => room.moderator.participant(id) !== undefined);
    if (next === undefined) return err(new LiveOpsError('no-raised-hand', 'no hand is raised'));
    this.deps.wiring.operatorAction(roomId, 'give-floor', next);
    this.deps.wiring.apply(roomId, room.moderate((m) => m.giveFloor(next)));
    return ok({ callId: next });
  }

  lock(roomId: string, isLocked: boolean): Outcome<void> {
    const room = this.deps.rooms.room(roomId);
    if (room === undefined) return unknownRoom();
    this.deps.wiring.operatorAction(roomId, isLocked ? 'lock' : 'unlock');
    this.deps.wiring.apply(roomId, room.moderate((m) => m.setLocked(isLocked)));
    return ok(undefined);
  }

  recording(roomId: string, isRecording: boolean): Outcome<{ readonly file?: string }> {
    const room = this.deps.rooms.room(roomId);
    if (room === undefined) return unknownRoom();
    if (this.deps.live === undefined) return err(new LiveOpsError('unavailable', 'this media engine cannot record'));
    this.deps.wiring.operatorAction(roomId, isRecording ? 'recording-start' : 'recording-stop');
    this.deps.wiring.apply(roomId, room.moderate((m) => m.setRecording(isRecording)));
    const file = isRecording ? this.deps.wiring.recordingFile(roomId) : undefined;
    return ok(file === undefined ? {} : { file });
  }

  end(roomId: string): Outcome<void> {
    if (this.deps.rooms.room(roomId) === undefined) return unknownRoom();
    this.deps.wiring.operatorAction(roomId, 'end');
    this.deps.wiring.end(roomId, 'operator');
    return ok(undefined);
  }

  subscribe(listener: LiveEventListener): () => void {
    return this.deps.bus.subscribe(listener);
  }

  private withCall(roomId: string, callId: string, run: (room: ConferenceRoom) => void): Outcome<void> {
    const room = this.deps.rooms.room(roomId);
    if (room === undefined) return unknownRoom();
    if (room.moderator.participant(callId) === undefined) return err(new LiveOpsError('unknown-call', 'no such call in this conference'));
    run(room);
    return ok(undefined);
  }
}

function unknownRoom<T>(): Outcome<T> {
  return err(new LiveOpsError('unknown-room', 'no live conference with that ID'));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
