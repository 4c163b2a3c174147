/**
 * Host moderation on the live call path (issue 7): the room registry's hooks, carried out
 * on the media engine.
 *
 * - Keypad: one MenuCollector per bridged caller (its room's key map, its role); a
 *   completed sequence runs the action on the room, a forbidden one plays the error tone
 *   and "not available", an unknown or timed-out one the error tone. While a sequence is
 *   half-typed the caller is muted in the mix, so the rest of its keypad tones (in-band
 *   callers) never reach the others; the first key's tone is heard before it is recognised.
 * - Effects the room does not carry itself: ban (audit row), recording (the engine's
 *   recorder, `<room>-<UTC time>.wav` in the recordings folder), roll call, error tone.
 * - RoomTimers per conference: automatic host hangup with grace, no-host timeout, max
 *   call duration.
 * - Name recording at join (name-capture.ts), entry/exit announcements by room option.
 * - Live events (SSE) and metrics for every join, leave, talk change and moderation effect.
 */
import { moderationEvents, type LiveEvent, type LiveEventBus } from '../events/index.js';
import type { BridgeMetrics } from '../metrics/index.js';
import type { AuditSink } from '../policy/index.js';
import { hashCallId } from '../store/index.js';
import { MenuCollector, RoomTimers, type ModerationAction, type ModerationEffect, type MenuOutcome, type RoomTimerEffect } from '../moderation/index.js';
import { countPrompts, type ConferenceOptions, type ConferenceRoom, type JoinDetails, type RoomEffect, type RoomPlayItem, type RoomRole } from '../room/index.js';
import type { CallerIdentity } from '../routing/index.js';
import type { CallSession } from './call-session.js';
import { NameCapture } from './name-capture.js';
import type { CallLogger, MediaControl, MediaLiveControl } from './ports.js';
import type { RoomRegistry } from './room-registry.js';
import { parseRoomModerationOptions, type RoomModerationOptions } from './room-moderation-options.js';

/** What the wiring reads from the store. */
export interface ModerationStore {
  getRoom(roomId: string): { readonly name: string; readonly options: Readonly<Record<string, unknown>> } | undefined;
}

/** Everything the wiring needs. */
export interface ModerationWiringDeps {
  readonly media: MediaControl;
  readonly live: MediaLiveControl | undefined;
  readonly store: ModerationStore;
  /**
   * The abuse policy's audit trail (store table + `pinbridge-audit` lines): moderation
   * actions land in the same trail as PIN attempts, locks, joins and leaves.
   */
  readonly audit: AuditSink;
  readonly logger: CallLogger;
  readonly bus: LiveEventBus;
  readonly metrics: BridgeMetrics;
  /** Temporary folder for name recordings. */
  readonly scratchDir: string;
  readonly nowMs: () => number;
}

/** One caller in a conference. */
interface LiveCall {
  readonly session: CallSession;
  readonly roomId: string;
  readonly role: RoomRole;
  readonly collector: MenuCollector;
  readonly joinedAtMs: number;
  isMicHeld: boolean;
  isTalking: boolean;
}

/** One conference's moderation state outside the room. */
interface LiveRoom {
  readonly options: RoomModerationOptions;
  readonly timers: RoomTimers;
  recordingFile: string | undefined;
  /** Recording asked for before the engine room existed (auto-record at the first join). */
  isRecordingPending: boolean;
}

/** The hooks of {@link RoomRegistry} this wiring fills. */
export type RegistryHooks = Pick<
  ConstructorParameters<typeof RoomRegistry>[0],
  'onDigit' | 'onJoin' | 'onLeave' | 'conferenceOptions' | 'beforeJoin' | 'onPlaybackDone' | 'onModeration' | 'onClosed'
>;

/** See the file comment. */
export class ModerationWiring {
  private readonly calls = new Map<string, LiveCall>();
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly names: NameCapture | undefined;
  /** Why the bridge is disconnecting a caller (removed, ended, host-left …), for its leave event. */
  private readonly leaving = new Map<string, string>();
  /** The reason of each leave until the server takes it for the audit row (bounded). */
  private readonly leftReasons = new Map<string, string>();
  private registry: RoomRegistry | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ModerationWiringDeps) {
    const live = deps.live;
    this.names = live === undefined ? undefined : new NameCapture({ live, media: deps.media, workDir: deps.scratchDir, logger: deps.logger, nowMs: deps.nowMs });
    live?.onTalking((endpointId, isTalking) => this.talking(endpointId, isTalking));
  }

  /** The hooks to pass to the RoomRegistry. */
  readonly hooks: RegistryHooks = {
    conferenceOptions: (roomId) => this.conferenceOptions(roomId),
    beforeJoin: (session, roomId, _role, proceed) => this.beforeJoin(session, roomId, proceed),
    onJoin: (session, roomId, role) => this.joined(session, roomId, role),
    onLeave: (session, roomId) => this.left(session, roomId),
    onDigit: (session, room, digit) => this.digit(session, room, digit),
    onPlaybackDone: (session) => this.names?.playbackDone(session) ?? false,
    onModeration: (room, effect) => this.moderation(room, effect),
    onClosed: (room) => this.closed(room),
  };

  /** Connects the registry (built with {@link hooks}) and starts the timer loop. */
  attach(registry: RoomRegistry): void {
    this.registry = registry;
    this.ticker = setInterval(() => this.tick(this.deps.nowMs()), 100);
    this.ticker.unref();
  }

  /** Stops the timer loop. */
  close(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** When a caller joined its conference (ISO 8601), for the roster. */
  joinedAt(callId: string): string | undefined {
    const call = this.calls.get(callId);
    return call === undefined ? undefined : new Date(call.joinedAtMs).toISOString();
  }

  /** True while the engine hears this caller talk. */
  isTalking(callId: string): boolean {
    return this.calls.get(callId)?.isTalking ?? false;
  }

  /** The WAV being written for a conference, if recording. */
  recordingFile(roomId: string): string | undefined {
    return this.rooms.get(roomId)?.recordingFile;
  }

  /** Carries out room effects produced outside the keypad (admin API). */
  apply(roomId: string, effects: readonly RoomEffect[]): void {
    this.registry?.applyEffects(roomId, effects);
  }

  /** Ends a conference for everyone (admin API, timers). */
  end(roomId: string, reason: string, prompts: readonly string[] = ['host-ended']): boolean {
    const room = this.registry?.room(roomId);
    if (room === undefined) return false;
    for (const p of room.dump().participants) if (!this.leaving.has(p.id)) this.leaving.set(p.id, reason);
    this.publish({ type: 'ended', at: this.at(), roomId, reason });
    this.apply(roomId, room.end(prompts));
    return true;
  }

  /** Why a caller left its conference (as on the SSE stream), once; undefined if it never joined. */
  takeLeaveReason(callId: string): string | undefined {
    const reason = this.leftReasons.get(callId);
    this.leftReasons.delete(callId);
    return reason;
  }

  /** Audits and logs an operator's action (admin API). */
  operatorAction(roomId: string, action: string, callId?: string): void {
    this.deps.logger.info({ roomId, action, ...(callId === undefined ? {} : { callId }) }, 'operator action');
    this.audit(roomId, callId, action, 'admin-api');
  }

  /** Runs one moderation action for a caller (keypad), with its audit row. */
  private act(call: LiveCall, room: ConferenceRoom, action: ModerationAction): void {
    this.deps.logger.info({ callId: call.session.callId, roomId: call.roomId, action }, 'moderation action');
    this.audit(call.roomId, call.session.callId, action, 'keypad', call.role === 'host' ? 'host' : 'participant');
    this.apply(call.roomId, room.handle(call.session.callId, action));
  }

  private conferenceOptions(roomId: string): Partial<Omit<ConferenceOptions, 'roomId' | 'waitForHost' | 'maxParticipants'>> {
    const options = this.optionsOf(roomId);
    // The no-host timeout is for guests waiting for a host; a room that does not wait for
    // one may run without a host for as long as it likes.
    const waitsForHost = this.deps.store.getRoom(roomId)?.options['waitForHost'] !== false;
    this.rooms.set(roomId, {
      options,
      timers: new RoomTimers({
        endWhenHostLeaves: options.endWhenHostLeaves,
        hostGraceMs: options.hostGraceMs,
        noHostTimeoutMs: waitsForHost ? options.noHostTimeoutMs : Number.POSITIVE_INFINITY,
        maxCallDurationMs: options.maxCallDurationMs,
      }),
      recordingFile: undefined,
      isRecordingPending: false,
    });
    return {
      moderator: { autoLockOnHost: options.autoLock, autoRecordOnHost: options.autoRecord },
      announce: options.announce,
      namePrompt: (participantId) => this.names?.promptOf(participantId) ?? 'has-joined',
      onModerationEffects: (effects) => {
        for (const e of effects) if (e.kind === 'disconnect') this.leaving.set(e.participantId, e.reason);
        // Recording events are published when the engine confirms, with the file name.
        for (const event of moderationEvents(roomId, effects, this.at())) if (event.type !== 'recording') this.publish(event);
      },
    };
  }

  private optionsOf(roomId: string): RoomModerationOptions {
    const parsed = parseRoomModerationOptions(this.deps.store.getRoom(roomId)?.options);
    for (const problem of parsed.problems) {
      this.deps.logger.warn({ roomId, field: problem.field, problem: problem.message }, 'room option ignored');
    }
    return parsed.value;
  }

  private beforeJoin(session: CallSession, roomId: string, proceed: (details: JoinDetails) => void): void {
    const callerKey = callerKeyOf(session.caller);
    const displayName = session.displayName;
    const details: JoinDetails = { ...(callerKey === undefined ? {} : { callerKey }), ...(displayName === undefined ? {} : { displayName }) };
    const options = this.rooms.get(roomId)?.options ?? this.optionsOf(roomId);
    if (!options.recordNames || this.names === undefined) {
      proceed(details);
      return;
    }
    this.names.start(session, roomId, (learned) => proceed({ ...details, ...learned }));
  }

  private joined(session: CallSession, roomId: string, role: RoomRole): void {
    const live = this.rooms.get(roomId);
    const now = this.deps.nowMs();
    this.calls.set(session.callId, {
      session,
      roomId,
      role,
      collector: new MenuCollector({ keyMap: live?.options.keyMap ?? this.optionsOf(roomId).keyMap, role }),
      joinedAtMs: now,
      isMicHeld: false,
      isTalking: false,
    });
    live?.timers.join(session.callId, role, now);
    this.deps.metrics.joins.inc({ role });
    const displayName = this.registry?.room(roomId)?.moderator.participant(session.callId)?.displayName;
    // The join's audit row is the abuse wiring's (with source, caller ID and User-Agent).
    this.publish({ type: 'join', at: this.at(), roomId, callId: session.callId, role, ...(displayName === undefined ? {} : { displayName }) });
  }

  private left(session: CallSession, roomId: string): void {
    this.calls.delete(session.callId);
    const reason = this.leaving.get(session.callId) ?? leaveReasonOf(session.endReason);
    this.leaving.delete(session.callId);
    this.leftReasons.set(session.callId, reason);
    if (this.leftReasons.size > 10_000) {
      const oldest = this.leftReasons.keys().next();
      if (oldest.done !== true) this.leftReasons.delete(oldest.value);
    }
    this.deps.metrics.leaves.inc({ reason });
    this.publish({ type: 'leave', at: this.at(), roomId, callId: session.callId, reason });
    const live = this.rooms.get(roomId);
    if (live !== undefined) this.timerEffects(roomId, live.timers.leave(session.callId, this.deps.nowMs()));
  }

  private digit(session: CallSession, room: ConferenceRoom | undefined, digit: string): void {
    if (this.names?.digit(session, digit) === true) return;
    const call = this.calls.get(session.callId);
    // Menus work once a caller is bridged: a prompt would otherwise cut its hold music or
    // the count it hears before joining.
    if (room === undefined || call === undefined || room.phaseOf(session.callId) !== 'bridged') return;
    this.outcome(call, room, call.collector.push(digit, this.deps.nowMs()));
  }

  private outcome(call: LiveCall, room: ConferenceRoom, outcome: MenuOutcome): void {
    switch (outcome.kind) {
      case 'pending':
        this.holdMic(call, room);
        return;
      case 'idle':
        return;
      case 'action':
        // The action first: a caller who just muted itself is never unmuted in between.
        this.act(call, room, outcome.action);
        this.releaseMic(call, room);
        return;
      case 'forbidden':
        this.releaseMic(call, room);
        this.deps.logger.info({ callId: call.session.callId, roomId: call.roomId, action: outcome.action, role: call.role }, 'moderation refused');
        call.session.playFromRoom([{ kind: 'tone', name: 'error' }, { kind: 'prompt', name: 'not-available' }], false, 'nothing');
        return;
      case 'no-match':
        this.releaseMic(call, room);
        call.session.playFromRoom([{ kind: 'tone', name: 'error' }], false, 'nothing');
        return;
      default: {
        const never: never = outcome;
        throw new Error(`unknown menu outcome ${String(never)}`);
      }
    }
  }

  /** Keeps a caller out of the mix while it types a menu sequence. */
  private holdMic(call: LiveCall, room: ConferenceRoom): void {
    if (call.isMicHeld) return;
    call.isMicHeld = true;
    if (room.moderator.participant(call.session.callId)?.isMuted !== true) call.session.setMute(true);
  }

  /** Gives the caller back the mute state moderation says it has. */
  private releaseMic(call: LiveCall, room: ConferenceRoom): void {
    if (!call.isMicHeld) return;
    call.isMicHeld = false;
    if (room.moderator.participant(call.session.callId)?.isMuted !== true) call.session.setMute(false);
  }

  private moderation(room: ConferenceRoom, effect: ModerationEffect): void {
    const roomId = room.options.roomId;
    switch (effect.kind) {
      case 'ban':
        this.audit(roomId, effect.participantId, 'ban', 'moderation');
        return;
      case 'recording':
        if (effect.isRecording) this.startRecording(roomId);
        else this.stopRecording(roomId);
        return;
      case 'roll-call':
        this.registry?.session(effect.participantId)?.playFromRoom(this.rollCallItems(effect.names, effect.participantId), false, 'nothing');
        return;
      case 'error-tone':
        this.registry?.session(effect.participantId)?.playFromRoom([{ kind: 'tone', name: 'error' }], false, 'nothing');
        return;
      case 'prompt-caller':
      case 'announce-room':
      case 'set-mute':
      case 'disconnect':
        return;
      default: {
        const never: never = effect;
        throw new Error(`unknown moderation effect ${String(never)}`);
      }
    }
  }

  /** "The participants are: <names>", then the count of those without a recorded name. */
  private rollCallItems(names: ReadonlyArray<{ readonly participantId: string; readonly hasRecordedName: boolean }>, askerId: string): RoomPlayItem[] {
    const others = names.filter((n) => n.participantId !== askerId);
    const named = others.flatMap((n) => {
      const prompt = n.hasRecordedName ? this.names?.promptOf(n.participantId) : undefined;
      return prompt === undefined ? [] : [prompt];
    });
    const unnamed = others.length - named.length;
    const items: string[] = named.length > 0 ? ['roll-call', ...named] : [];
    if (unnamed > 0 || named.length === 0) items.push(...countPrompts(unnamed));
    return items.map((name) => ({ kind: 'prompt', name }));
  }

  private startRecording(roomId: string): void {
    const live = this.rooms.get(roomId);
    const media = this.deps.live;
    if (live === undefined || media === undefined) return;
    const file = recordingFileName(roomId, new Date(this.deps.nowMs()));
    live.recordingFile = file;
    live.isRecordingPending = false;
    media.startRecording(roomId, file).then(
      () => {
        this.deps.logger.info({ roomId, file }, 'recording started');
        this.publish({ type: 'recording', at: this.at(), roomId, isRecording: true, file });
      },
      (error: unknown) => {
        if (live.recordingFile !== file) return;
        if ((error as { code?: unknown }).code === 'not-found') {
          // Auto-record at the first host's join comes before anyone is in the engine room:
          // retried by the tick until the room exists or recording is switched off.
          live.isRecordingPending = true;
          this.deps.logger.info({ roomId }, 'recording start deferred');
          return;
        }
        // The room heard "this call is now being recorded": tell it the truth.
        this.deps.logger.error({ roomId, file, err: String(error) }, 'recording failed');
        live.recordingFile = undefined;
        this.publish({ type: 'alert', at: this.at(), roomId, cause: 'recording-failed' });
        const room = this.registry?.room(roomId);
        if (room !== undefined) this.apply(roomId, room.moderate((m) => m.setRecording(false)));
      },
    );
  }

  private stopRecording(roomId: string): void {
    const live = this.rooms.get(roomId);
    const file = live?.recordingFile;
    if (live !== undefined) {
      live.recordingFile = undefined;
      live.isRecordingPending = false;
    }
    if (file === undefined || this.deps.live === undefined) return;
    this.deps.live.stopRecording(roomId).then(
      () => {
        this.deps.logger.info({ roomId, file }, 'recording stopped');
        this.publish({ type: 'recording', at: this.at(), roomId, isRecording: false, file });
      },
      (error: unknown) => this.deps.logger.warn({ roomId, err: String(error) }, 'recording stop failed'),
    );
  }

  private closed(room: ConferenceRoom): void {
    const roomId = room.options.roomId;
    if (this.rooms.get(roomId)?.recordingFile !== undefined) this.stopRecording(roomId);
    this.rooms.delete(roomId);
    this.names?.forgetRoom(roomId);
  }

  private timerEffects(roomId: string, effects: readonly RoomTimerEffect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'end-conference':
          this.deps.logger.info({ roomId, reason: effect.reason }, 'conference ended by timer');
          this.end(roomId, effect.reason, effect.prompts);
          break;
        case 'disconnect': {
          const room = this.registry?.room(roomId);
          this.leaving.set(effect.participantId, effect.reason);
          if (room !== undefined) this.apply(roomId, room.remove(effect.participantId, effect.prompts));
          break;
        }
        default: {
          const never: never = effect;
          throw new Error(`unknown timer effect ${String(never)}`);
        }
      }
    }
  }

  /** Menu timeouts, room timers, name-step limits and deferred recordings (the interval of `attach` calls it; tests drive it in virtual time). */
  tick(nowMs: number): void {
    this.names?.tick(nowMs);
    for (const call of this.calls.values()) {
      if (!call.collector.isCollecting) continue;
      const room = this.registry?.room(call.roomId);
      if (room !== undefined) this.outcome(call, room, call.collector.poll(nowMs));
    }
    for (const [roomId, live] of this.rooms) {
      const deadline = live.timers.deadline;
      if (deadline !== undefined && nowMs >= deadline) this.timerEffects(roomId, live.timers.poll(nowMs));
      if (live.isRecordingPending) {
        const room = this.registry?.room(roomId);
        const hasMix = room?.dump().participants.some((p) => p.phase === 'bridged') === true;
        if (hasMix && room?.moderator.snapshot().isRecording === true) this.startRecording(roomId);
      }
    }
  }

  private talking(endpointId: string, isTalking: boolean): void {
    for (const call of this.calls.values()) {
      if (call.session.endpointId !== endpointId) continue;
      if (call.isTalking === isTalking) return;
      call.isTalking = isTalking;
      this.publish({ type: 'talking', at: this.at(), roomId: call.roomId, callId: call.session.callId, isTalking });
      return;
    }
  }

  /** One moderation row in the shared audit trail (its sink never throws into a call). */
  private audit(roomId: string, callId: string | undefined, action: string, actor: string, rolePath?: 'participant' | 'host'): void {
    this.deps.audit.append({
      event: 'moderation',
      at: this.deps.nowMs(),
      roomId,
      actor,
      action,
      ...(callId === undefined ? {} : { callIdHash: hashCallId(callId) }),
      ...(rolePath === undefined ? {} : { rolePath }),
    });
  }

  private publish(event: LiveEvent): void {
    this.deps.bus.publish(event);
  }

  private at(): string {
    return new Date(this.deps.nowMs()).toISOString();
  }
}

/** `<room>-<UTC time>.wav`, e.g. `583920417-20261123T004500Z.wav` (sortable, no colons). */
export function recordingFileName(roomId: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${roomId}-${stamp}.wav`;
}

/**
 * The leave reason of a caller the bridge did not disconnect: its own hang-up is
 * `caller-bye` (BYE, or CANCEL before the answer), a dead media stream `rtp-timeout`, a
 * shutdown `shutdown`; anything else `hangup`.
 */
export function leaveReasonOf(endReason: string | undefined): string {
  if (endReason === 'remote-bye' || endReason === 'cancel') return 'caller-bye';
  if (endReason === 'rtp-timeout' || endReason === 'media-lost') return 'rtp-timeout';
  if (endReason === 'shutdown' || endReason === 'SIGTERM' || endReason === 'SIGINT') return 'shutdown';
  return 'hangup';
}

/** The identity a ban applies to: the caller number of a trunk call, `user@ip` of a direct call. */
export function callerKeyOf(caller: CallerIdentity): string | undefined {
  if (caller.kind === 'trunk') return caller.callerId === undefined ? undefined : `${caller.trunk}:${caller.callerId}`;
  return caller.fromUser === undefined ? undefined : `${caller.fromUser}@${caller.sourceAddress}`;
}

/** The caller ID the roster shows (redacted by the API unless asked). */
export function callerIdOf(caller: CallerIdentity): string | undefined {
  return caller.kind === 'trunk' ? caller.callerId : caller.fromUser;
}
