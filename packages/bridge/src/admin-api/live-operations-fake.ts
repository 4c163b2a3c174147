/**
 * An in-memory {@link LiveOperations} for tests of the routes and the CLI mirrors (the
 * admin API's true edge: the running bridge). It keeps rooms and rosters in maps, records
 * every call, and publishes events through a real {@link LiveEventBus}.
 */
import { err, ok, type Result } from '../config/bridge-error.js';
import { LiveEventBus, type LiveEventListener } from '../events/index.js';
import { LiveOpsError, type LiveOperations, type LiveRoomSummary, type LiveRosterEntry } from './live-operations.js';

interface FakeRoom {
  summary: LiveRoomSummary;
  roster: LiveRosterEntry[];
}

/** See the file comment. */
export class FakeLiveOperations implements LiveOperations {
  readonly bus = new LiveEventBus();
  /** Every operation called, as `name room [call] [arg]` lines. */
  readonly calls: string[] = [];
  private readonly rooms = new Map<string, FakeRoom>();

  /** Adds a live room with its roster. */
  addRoom(summary: LiveRoomSummary, roster: LiveRosterEntry[]): void {
    this.rooms.set(summary.roomId, { summary, roster });
  }

  listRooms(): readonly LiveRoomSummary[] {
    this.calls.push('listRooms');
    return [...this.rooms.values()].map((room) => room.summary);
  }

  roster(roomId: string): Result<readonly LiveRosterEntry[], LiveOpsError> {
    this.calls.push(`roster ${roomId}`);
    const room = this.rooms.get(roomId);
    return room === undefined ? unknownRoom(roomId) : ok(room.roster);
  }

  async mute(roomId: string, callId: string, isMuted: boolean): Promise<Result<void, LiveOpsError>> {
    this.calls.push(`mute ${roomId} ${callId} ${isMuted}`);
    return this.withCall(roomId, callId, (room, index) => {
      const entry = room.roster[index];
      if (entry !== undefined) room.roster[index] = { ...entry, isMuted };
    });
  }

  kick(roomId: string, callId: string, options: { readonly ban: boolean }): Result<void, LiveOpsError> {
    this.calls.push(`kick ${roomId} ${callId} ban=${options.ban}`);
    return this.withCall(roomId, callId, (room, index) => room.roster.splice(index, 1));
  }

  giveFloor(roomId: string): Result<{ readonly callId: string }, LiveOpsError> {
    this.calls.push(`floor ${roomId}`);
    const room = this.rooms.get(roomId);
    if (room === undefined) return unknownRoom(roomId);
    const first = room.roster.find((entry) => entry.handPosition === 1);
    if (first === undefined) return err(new LiveOpsError('no-raised-hand', 'no hand is raised'));
    return ok({ callId: first.callId });
  }

  lock(roomId: string, isLocked: boolean): Result<void, LiveOpsError> {
    this.calls.push(`lock ${roomId} ${isLocked}`);
    return this.withRoom(roomId, (room) => (room.summary = { ...room.summary, isLocked }));
  }

  recording(roomId: string, isRecording: boolean): Result<{ readonly file?: string }, LiveOpsError> {
    this.calls.push(`recording ${roomId} ${isRecording}`);
    const done = this.withRoom(roomId, (room) => (room.summary = { ...room.summary, isRecording }));
    if (!done.ok) return done;
    return ok(isRecording ? { file: `recordings/${roomId}-20261123T004500Z.wav` } : {});
  }

  end(roomId: string): Result<void, LiveOpsError> {
    this.calls.push(`end ${roomId}`);
    return this.withRoom(roomId, () => this.rooms.delete(roomId));
  }

  subscribe(listener: LiveEventListener): () => void {
    return this.bus.subscribe(listener);
  }

  private withRoom(roomId: string, change: (room: FakeRoom) => unknown): Result<void, LiveOpsError> {
    const room = this.rooms.get(roomId);
    if (room === undefined) return unknownRoom(roomId);
    change(room);
    return ok(undefined);
  }

  private withCall(roomId: string, callId: string, change: (room: FakeRoom, index: number) => unknown): Result<void, LiveOpsError> {
    const room = this.rooms.get(roomId);
    if (room === undefined) return unknownRoom(roomId);
    const index = room.roster.findIndex((entry) => entry.callId === callId);
    if (index < 0) return err(new LiveOpsError('unknown-call', `no call ${callId} in room ${roomId}`));
    change(room, index);
    return ok(undefined);
  }
}

function unknownRoom(roomId: string): Result<never, LiveOpsError> {
  return err(new LiveOpsError('unknown-room', `no live conference ${roomId}`));
}

/** A room and roster most tests start from: a host and two guests, one with a raised hand. */
export function sampleFake(): FakeLiveOperations {
  const fake = new FakeLiveOperations();
  fake.addRoom(
    { roomId: '583920417', name: 'Board', state: 'active', participantCount: 3, hasHost: true, isLocked: false, isMuteAll: false, isLectureMode: false, isRecording: false },
    [
      { callId: 'c-host', displayName: 'Hannah', hasRecordedName: false, callerId: '+4930123456789', role: 'host', isMuted: false, isTalking: true, joinedAt: '2026-11-23T00:40:00.000Z', codec: 'opus', lossPct: 0, jitterMs: 3 },
      { callId: 'c-g1', hasRecordedName: true, callerId: 'sip:alice@example.com', role: 'guest', isMuted: true, handPosition: 1, isTalking: false, joinedAt: '2026-11-23T00:41:00.000Z', codec: 'PCMU', lossPct: 1.5, jitterMs: 12 },
      { callId: 'c-g2', hasRecordedName: false, role: 'guest', isMuted: false, isTalking: false, joinedAt: '2026-11-23T00:42:00.000Z', codec: 'PCMA', lossPct: 0, jitterMs: 0 },
    ],
  );
  return fake;
}
