/**
 * Moderation state of one live conference and what each keypad/API action does to it.
 * Pure: it returns the effects (prompts, mute changes, disconnects) for the room to carry
 * out, so every key can be tested in virtual time without media.
 *
 * Effective mute of a guest = self-muted OR muted by a host OR (mute-all on OR lecture
 * mode on) AND it does not hold the floor. Hosts are only ever self-muted.
 */
import { BanList } from './ban-list.js';
import { HandQueue } from './hand-queue.js';
import type { ModerationAction, ParticipantRole } from './key-map.js';

/** A side effect the room must carry out, in order. Prompt names are the shipped prompts. */
export type ModerationEffect =
  | { readonly kind: 'prompt-caller'; readonly participantId: string; readonly prompts: readonly string[] }
  | { readonly kind: 'announce-room'; readonly prompts: readonly string[] }
  | { readonly kind: 'set-mute'; readonly participantId: string; readonly isMuted: boolean }
  | { readonly kind: 'disconnect'; readonly participantId: string; readonly reason: 'removed' | 'ended'; readonly prompts: readonly string[] }
  | { readonly kind: 'ban'; readonly participantId: string }
  | { readonly kind: 'recording'; readonly isRecording: boolean }
  | { readonly kind: 'roll-call'; readonly participantId: string; readonly names: readonly RollCallEntry[] }
  | { readonly kind: 'error-tone'; readonly participantId: string };

/** One line of a roll call: a recorded name when there is one, else the count is read. */
export interface RollCallEntry {
  readonly participantId: string;
  readonly displayName?: string;
  readonly hasRecordedName: boolean;
}

/** Room options the moderator applies by itself (all off by default). */
export interface ModeratorOptions {
  /** Lock the room when the first host of the meeting joins (PRODUCT.md "Lock / unlock"). */
  readonly autoLockOnHost?: boolean;
  /** Start recording when the first host of the meeting joins (PRODUCT.md "Recording"). */
  readonly autoRecordOnHost?: boolean;
}

/** Who joins: the room's view of a caller who passed the PIN. */
export interface ModeratorJoiner {
  readonly id: string;
  readonly role: ParticipantRole;
  readonly displayName?: string;
  readonly hasRecordedName?: boolean;
  /** The caller identity a ban applies to (see ban-list.ts); absent when anonymous. */
  readonly callerKey?: string;
}

/** What the moderator knows of one participant. */
export interface ModeratedParticipant {
  readonly id: string;
  readonly role: ParticipantRole;
  readonly displayName?: string;
  readonly callerKey?: string;
  readonly hasRecordedName: boolean;
  isSelfMuted: boolean;
  isHostMuted: boolean;
  hasFloor: boolean;
  isMuted: boolean;
}

/** Live moderation flags of the room (for the roster API and the SSE stream). */
export interface ModerationSnapshot {
  readonly isLocked: boolean;
  readonly isMuteAll: boolean;
  readonly isLectureMode: boolean;
  readonly isRecording: boolean;
  readonly raisedHands: readonly string[];
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

export class ConferenceModerator {
  private readonly participants = new Map<string, ModeratedParticipant>();
  private readonly hands = new HandQueue();
  private readonly guestJoinOrder: string[] = [];
  private isLocked = false;
  private isMuteAll = false;
  private isLectureMode = false;
  private isRecording = false;
  private hadHost = false;
  private readonly bans = new BanList();

  constructor(private readonly options: ModeratorOptions = {}) {}

  /**
   * Adds a joiner; returns its starting mute effects (later joiners start muted under
   * mute-all), and for the meeting's first host the auto-lock and auto-record effects.
   * The room checks {@link isBanned} and {@link locked} before calling this.
   */
  join(p: ModeratorJoiner): ModerationEffect[] {
    const participant: ModeratedParticipant = {
      id: p.id,
      role: p.role,
      ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
      ...(p.callerKey === undefined ? {} : { callerKey: p.callerKey }),
      hasRecordedName: p.hasRecordedName ?? false,
      isSelfMuted: false,
      isHostMuted: false,
      hasFloor: false,
      isMuted: false,
    };
    this.participants.set(p.id, participant);
    if (p.role === 'guest') this.guestJoinOrder.push(p.id);
    const effects = this.refreshMute(participant);
    if (p.role === 'host' && !this.hadHost) {
      this.hadHost = true;
      if (this.options.autoLockOnHost === true) effects.push(...this.setLocked(true));
      if (this.options.autoRecordOnHost === true) effects.push(...this.setRecording(true));
    }
    return effects;
  }

  /** True when this caller identity was removed with a ban from this meeting. */
  isBanned(callerKey: string | undefined): boolean {
    return this.bans.isBanned(callerKey);
  }

  /**
   * Prompts a joiner hears before being bridged: the recording notice while recording
   * (issue 7: "each later joiner hears it before joining").
   */
  joinNotices(): string[] {
    return this.isRecording ? ['recording-started'] : [];
  }

  /** Removes one participant on a host's or the operator's behalf, optionally banned. */
  kick(id: string, options: { readonly ban: boolean }): ModerationEffect[] {
    if (!this.participants.has(id)) return [];
    return [...(options.ban ? this.banEffects(id) : []), { kind: 'disconnect', participantId: id, reason: 'removed', prompts: ['removed'] }];
  }

  /** Forgets a participant who left. */
  leave(id: string): void {
    this.participants.delete(id);
    this.hands.lower(id);
    const index = this.guestJoinOrder.indexOf(id);
    if (index >= 0) this.guestJoinOrder.splice(index, 1);
  }

  /** True while the room refuses new guests (hosts still get in). */
  get locked(): boolean {
    return this.isLocked;
  }

  /** Locks or unlocks without a keypad action (auto-lock after the host joins, the API). */
  setLocked(isLocked: boolean): ModerationEffect[] {
    if (this.isLocked === isLocked) return [];
    this.isLocked = isLocked;
    return [{ kind: 'announce-room', prompts: [isLocked ? 'locked' : 'unlocked'] }];
  }

  /** The current flags. */
  snapshot(): ModerationSnapshot {
    return {
      isLocked: this.isLocked,
      isMuteAll: this.isMuteAll,
      isLectureMode: this.isLectureMode,
      isRecording: this.isRecording,
      raisedHands: this.hands.list(),
    };
  }

  /** A participant's state, for the roster. */
  participant(id: string): Readonly<ModeratedParticipant> | undefined {
    return this.participants.get(id);
  }

  /** Sets the recording flag when recording starts or stops outside the keypad (auto-record, API). */
  setRecording(isRecording: boolean): ModerationEffect[] {
    if (this.isRecording === isRecording) return [];
    this.isRecording = isRecording;
    return [
      { kind: 'recording', isRecording },
      { kind: 'announce-room', prompts: [isRecording ? 'recording-started' : 'recording-stopped'] },
    ];
  }

  /** Mutes or unmutes one participant on a host's or the operator's behalf. */
  setHostMute(id: string, isMuted: boolean): ModerationEffect[] {
    const p = this.participants.get(id);
    if (!p) return [];
    p.isHostMuted = isMuted;
    return [...this.refreshMute(p), { kind: 'prompt-caller', participantId: id, prompts: [p.isMuted ? 'muted' : 'unmuted'] }];
  }

  /** Carries out one action for the participant who asked for it; roles are already checked. */
  handle(actorId: string, action: ModerationAction): ModerationEffect[] {
    const actor = this.participants.get(actorId);
    if (!actor) return [];
    switch (action) {
      case 'toggle-self-mute': {
        actor.isSelfMuted = !actor.isSelfMuted;
        return [...this.refreshMute(actor), { kind: 'prompt-caller', participantId: actorId, prompts: [actor.isMuted ? 'muted' : 'unmuted'] }];
      }
      case 'toggle-hand': {
        const result = this.hands.toggle(actorId);
        if (!result.isRaised) return [{ kind: 'prompt-caller', participantId: actorId, prompts: ['hand-lowered'] }];
        return [{ kind: 'prompt-caller', participantId: actorId, prompts: ['hand-raised', ...placeInLine(result.position)] }];
      }
      case 'help':
        return [{ kind: 'prompt-caller', participantId: actorId, prompts: [actor.role === 'host' ? 'help-host' : 'help-guest'] }];
      case 'toggle-lock':
        return this.setLocked(!this.isLocked);
      case 'roll-call':
        return [{ kind: 'roll-call', participantId: actorId, names: this.rollCall() }];
      case 'end-conference':
        return [...this.participants.keys()].map((id) => ({ kind: 'disconnect', participantId: id, reason: 'ended', prompts: ['host-ended'] }) as const);
      case 'toggle-mute-all': {
        this.isMuteAll = !this.isMuteAll;
        return [...this.refreshAll(), { kind: 'announce-room', prompts: [this.isMuteAll ? 'all-muted' : 'all-unmuted'] }];
      }
      case 'remove-last-guest': {
        const lastGuest = this.guestJoinOrder[this.guestJoinOrder.length - 1];
        if (lastGuest === undefined) return [{ kind: 'error-tone', participantId: actorId }];
        return this.kick(lastGuest, { ban: true });
      }
      case 'toggle-recording':
        return this.setRecording(!this.isRecording);
      case 'give-floor':
        return this.giveFloor(actorId);
      case 'toggle-lecture-mode': {
        this.isLectureMode = !this.isLectureMode;
        return [...this.refreshAll(), { kind: 'announce-room', prompts: [this.isLectureMode ? 'lecture-mode' : 'open-mode'] }];
      }
      default: {
        const unhandled: never = action;
        throw new Error(`unhandled moderation action ${String(unhandled)}`);
      }
    }
  }

  /** Gives the floor to the first raised hand (the host's `*1`, or the API). */
  giveFloor(actorId: string): ModerationEffect[] {
    let nextId = this.hands.next();
    while (nextId !== undefined && !this.participants.has(nextId)) nextId = this.hands.next();
    const next = nextId === undefined ? undefined : this.participants.get(nextId);
    if (!next) return [{ kind: 'error-tone', participantId: actorId }];
    for (const p of this.participants.values()) p.hasFloor = false;
    next.hasFloor = true;
    next.isSelfMuted = false;
    next.isHostMuted = false;
    return [...this.refreshAll(), { kind: 'prompt-caller', participantId: next.id, prompts: ['you-have-the-floor'] }];
  }

  private banEffects(id: string): ModerationEffect[] {
    this.bans.ban(this.participants.get(id)?.callerKey);
    return [{ kind: 'ban', participantId: id }];
  }

  private rollCall(): RollCallEntry[] {
    return [...this.participants.values()].map((p) => ({
      participantId: p.id,
      hasRecordedName: p.hasRecordedName,
      ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
    }));
  }

  private refreshAll(): ModerationEffect[] {
    return [...this.participants.values()].flatMap((p) => this.refreshMute(p));
  }

  private refreshMute(p: ModeratedParticipant): ModerationEffect[] {
    const silencedByRoom = p.role === 'guest' && !p.hasFloor && (this.isMuteAll || this.isLectureMode);
    const isMuted = p.isSelfMuted || p.isHostMuted || silencedByRoom;
    if (isMuted === p.isMuted) return [];
    p.isMuted = isMuted;
    return [{ kind: 'set-mute', participantId: p.id, isMuted }];
  }
}

/** "you are third in line" as prompt names; beyond the fifth, digits are read. */
function placeInLine(position: number): string[] {
  const ordinal = ORDINALS[position - 1];
  return ordinal === undefined ? ['in-line', ...String(position).split('')] : [`in-line-${ordinal}`];
}
