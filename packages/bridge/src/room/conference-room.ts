/**
 * One conference, sans-IO: who is in it, who waits for the host, what each joiner and
 * leaver causes. Effects are carried out by the call controller (engine playback, room
 * bridging, BYE). Moderation state (mute, lock, …) lives in issue 7's ConferenceModerator,
 * which this room owns and feeds; keypad actions come in through `handle`.
 *
 *              join (guest, wait-for-host on, no host)
 *   empty ───────────────────────────────────────────► waiting-for-host
 *     │                                                   │  guests hold: looped
 *     │ join (host, or wait-for-host off)                 │  [wait-for-host, music]
 *     ▼                                                   │ host joins: holders bridged
 *   active ◄──────────────────────────────────────────────┘
 *     │ last participant leaves, or end()   (waiting-for-host: same)
 *     ▼
 *   closed  (terminal; the registry drops the room, a new call makes a new one)
 *
 * Per participant: announcing (hears the count) → bridged, or holding → announcing when
 * the host arrives. Refused joiners (full, locked) hear why and are hung up, never added.
 */
import {
  ConferenceModerator,
  chooseAnnouncement,
  type AnnouncementEvent,
  type AnnouncementMode,
  type ModerationAction,
  type ModerationEffect,
  type ModeratorOptions,
} from '../moderation/index.js';
import { countPrompts, digitPrompt, type DigitPromptName } from './count-prompts.js';

/** The role a caller joined with. */
export type RoomRole = 'guest' | 'host';

/** Room states (see the diagram). */
export type ConferenceState = 'empty' | 'waiting-for-host' | 'active' | 'closed';

/** Where one participant is. */
export type ParticipantPhase = 'holding' | 'announcing' | 'bridged' | 'leaving';

/** An item the engine can play to a caller or a room. */
export type RoomPlayItem =
  | { readonly kind: 'prompt'; readonly name: string }
  | { readonly kind: 'tone'; readonly name: 'entry' | 'exit' | 'beep' | 'error' }
  | { readonly kind: 'music' }
  | { readonly kind: 'silence'; readonly ms: number };

/** What to do after a caller's playback finishes. */
export type AfterPlayback = 'nothing' | 'bridge' | 'hangup';

/** Effects for the controller, in order. */
export type RoomEffect =
  | { readonly kind: 'play-caller'; readonly participantId: string; readonly items: readonly RoomPlayItem[]; readonly loop: boolean; readonly then: AfterPlayback }
  | { readonly kind: 'stop-caller-playback'; readonly participantId: string }
  | { readonly kind: 'play-room'; readonly items: readonly RoomPlayItem[] }
  | { readonly kind: 'bridge'; readonly participantId: string; readonly isMuted: boolean }
  | { readonly kind: 'unbridge'; readonly participantId: string }
  | { readonly kind: 'set-mute'; readonly participantId: string; readonly isMuted: boolean }
  | { readonly kind: 'hangup'; readonly participantId: string; readonly reason: string }
  /** Moderation effects the room does not carry itself (ban, recording, roll call, error tone). */
  | { readonly kind: 'moderation'; readonly effect: ModerationEffect }
  | { readonly kind: 'closed' };

/** Per-room options (from the store's room record and config). */
export interface ConferenceOptions {
  readonly roomId: string;
  readonly waitForHost: boolean;
  readonly maxParticipants: number;
  readonly digitPrompt?: DigitPromptName;
  /** Auto-lock / auto-record when the first host joins (issue 7); both off by default. */
  readonly moderator?: ModeratorOptions;
  /** Entry/exit announcement: tone (default), recorded name, or nothing. */
  readonly announce?: AnnouncementMode;
  /** The loaded prompt holding a participant's recorded name (for `announce: 'name'`). */
  readonly namePrompt?: (participantId: string) => string;
  /** Sees every batch of moderation effects (keypad, API, auto-lock), for live events. */
  readonly onModerationEffects?: (effects: readonly ModerationEffect[]) => void;
}

/** What the call path knows of a joiner beyond its role (issue 7). */
export interface JoinDetails {
  /** The invitee's name from a personal one-time PIN. */
  readonly displayName?: string;
  /** A name was recorded at join (its prompt is `namePrompt(id)`). */
  readonly hasRecordedName?: boolean;
  /** The caller identity a ban applies to; absent when anonymous. */
  readonly callerKey?: string;
}

interface Participant {
  readonly id: string;
  readonly role: RoomRole;
  phase: ParticipantPhase;
}

export class ConferenceRoom {
  private stateValue: ConferenceState = 'empty';
  private readonly participants = new Map<string, Participant>();
  /** Moderation state (issue 7); exposed for the admin API and keypad. */
  readonly moderator: ConferenceModerator;

  constructor(readonly options: ConferenceOptions) {
    this.moderator = new ConferenceModerator(options.moderator);
  }

  get state(): ConferenceState {
    return this.stateValue;
  }

  /** Everyone present (holding, announcing or bridged). */
  get size(): number {
    return this.participants.size;
  }

  /** True when a host is present. */
  get hasHost(): boolean {
    return [...this.participants.values()].some((p) => p.role === 'host' && p.phase !== 'leaving');
  }

  /** Debug snapshot. */
  dump(): { roomId: string; state: ConferenceState; participants: Array<{ id: string; role: RoomRole; phase: ParticipantPhase }> } {
    return { roomId: this.options.roomId, state: this.stateValue, participants: [...this.participants.values()].map((p) => ({ ...p })) };
  }

  /** Phase of one participant. */
  phaseOf(id: string): ParticipantPhase | undefined {
    return this.participants.get(id)?.phase;
  }

  /** A caller who passed the PIN wants in. */
  join(id: string, role: RoomRole, details: JoinDetails = {}): RoomEffect[] {
    if (this.stateValue === 'closed') throw new Error(`join on closed room ${this.options.roomId}`);
    if (this.moderator.isBanned(details.callerKey)) {
      return [{ kind: 'play-caller', participantId: id, items: [prompt('removed'), prompt('goodbye')], loop: false, then: 'hangup' }];
    }
    if (this.participants.size >= this.options.maxParticipants) {
      return [{ kind: 'play-caller', participantId: id, items: [prompt('conference-full'), prompt('goodbye')], loop: false, then: 'hangup' }];
    }
    if (this.moderator.locked && role === 'guest') {
      return [{ kind: 'play-caller', participantId: id, items: [prompt('conference-locked'), prompt('goodbye')], loop: false, then: 'hangup' }];
    }
    const participant: Participant = { id, role, phase: 'announcing' };
    this.participants.set(id, participant);
    // Moderation effects of a join (auto-lock, auto-record, later effects) go last, once the
    // holders are bridged and hear the room announcement. The joiner's own starting mute is
    // carried by its `bridge` effect, so its `set-mute` is dropped (it is not in the mix yet).
    const moderation = this.mapModeration(this.moderator.join({ id, role, ...details })).filter((e) => !(e.kind === 'set-mute' && e.participantId === id));
    const effects: RoomEffect[] = [];
    if (role === 'guest' && this.options.waitForHost && !this.hasHost) {
      this.stateValue = 'waiting-for-host';
      participant.phase = 'holding';
      effects.push({ kind: 'play-caller', participantId: id, items: [prompt('wait-for-host'), { kind: 'music' }], loop: true, then: 'nothing' });
      return [...effects, ...moderation];
    }
    const wasWaiting = this.stateValue === 'waiting-for-host' || this.stateValue === 'empty';
    this.stateValue = 'active';
    const others = this.participants.size - 1;
    if (this.bridgedCount() > 0) effects.push(...this.announcement('entry', id));
    const notices = this.moderator.joinNotices();
    effects.push({ kind: 'play-caller', participantId: id, items: [...notices, ...countPrompts(others, this.options.digitPrompt ?? digitPrompt)].map(prompt), loop: false, then: 'bridge' });
    if (wasWaiting) {
      for (const holder of this.participants.values()) {
        if (holder.phase !== 'holding') continue;
        holder.phase = 'bridged';
        effects.push({ kind: 'stop-caller-playback', participantId: holder.id }, this.bridgeEffect(holder.id));
      }
    }
    return [...effects, ...moderation];
  }

  /** A caller's playback finished; returns what follows it. */
  playbackDone(id: string, then: AfterPlayback): RoomEffect[] {
    const p = this.participants.get(id);
    switch (then) {
      case 'nothing':
        return [];
      case 'hangup':
        return [{ kind: 'hangup', participantId: id, reason: p?.phase === 'leaving' ? 'ended' : 'refused' }];
      case 'bridge':
        if (p === undefined || p.phase !== 'announcing') return [];
        p.phase = 'bridged';
        return [this.bridgeEffect(id)];
      default: {
        const never: never = then;
        throw new Error(`unknown follow-up ${String(never)}`);
      }
    }
  }

  /** A participant hung up or was hung up. Safe to call for unknown ids. */
  leave(id: string): RoomEffect[] {
    const p = this.participants.get(id);
    if (p === undefined) return [];
    const exit = this.announcement('exit', id);
    this.participants.delete(id);
    this.moderator.leave(id);
    const effects: RoomEffect[] = [];
    if (p.phase === 'bridged') effects.push({ kind: 'unbridge', participantId: id });
    if (this.participants.size === 0) {
      this.stateValue = 'closed';
      effects.push({ kind: 'closed' });
      return effects;
    }
    if (p.phase === 'bridged' && this.bridgedCount() > 0) effects.push(...exit);
    return effects;
  }

  /** Disconnects one participant (max call duration, operator): it hears `prompts`, then BYE. */
  remove(id: string, prompts: readonly string[]): RoomEffect[] {
    const p = this.participants.get(id);
    if (p === undefined || p.phase === 'leaving') return [];
    return this.disconnect(p, prompts);
  }

  /**
   * Runs a moderator operation outside the keypad (the admin API: mute, kick, floor, lock,
   * recording) and returns what the room must carry out.
   */
  moderate(operation: (moderator: ConferenceModerator) => readonly ModerationEffect[]): RoomEffect[] {
    return this.mapModeration(operation(this.moderator));
  }

  /** Ends the conference for everyone (host `##`, admin, shutdown): each hears the prompts, then is hung up. */
  end(prompts: readonly string[] = ['host-ended']): RoomEffect[] {
    const effects: RoomEffect[] = [];
    for (const p of this.participants.values()) {
      if (p.phase === 'leaving') continue;
      effects.push(...this.disconnect(p, prompts));
    }
    return effects;
  }

  /** A keypad or API moderation action (issue 7) by a participant. */
  handle(actorId: string, action: ModerationAction): RoomEffect[] {
    if (!this.participants.has(actorId)) return [];
    return this.mapModeration(this.moderator.handle(actorId, action));
  }

  private disconnect(p: Participant, prompts: readonly string[]): RoomEffect[] {
    const effects: RoomEffect[] = [];
    if (p.phase === 'holding') effects.push({ kind: 'stop-caller-playback', participantId: p.id });
    p.phase = 'leaving';
    effects.push({ kind: 'play-caller', participantId: p.id, items: prompts.map(prompt), loop: false, then: 'hangup' });
    return effects;
  }

  /** The entry or exit announcement for the room (the caller concerned is not in the mix). */
  private announcement(event: AnnouncementEvent, id: string): RoomEffect[] {
    const hasRecordedName = this.moderator.participant(id)?.hasRecordedName ?? false;
    const chosen = chooseAnnouncement(this.options.announce ?? 'tone', event, { id, hasRecordedName });
    switch (chosen.kind) {
      case 'none':
        return [];
      case 'tone':
        return [{ kind: 'play-room', items: [{ kind: 'tone', name: chosen.tone }] }];
      case 'name': {
        const namePrompt = this.options.namePrompt;
        if (namePrompt === undefined) return [{ kind: 'play-room', items: [{ kind: 'tone', name: event }] }];
        return [{ kind: 'play-room', items: [prompt(namePrompt(chosen.participantId)), prompt(chosen.prompt)] }];
      }
      default: {
        const never: never = chosen;
        throw new Error(`unknown announcement ${String(never)}`);
      }
    }
  }

  private bridgeEffect(id: string): RoomEffect {
    return { kind: 'bridge', participantId: id, isMuted: this.moderator.participant(id)?.isMuted ?? false };
  }

  private bridgedCount(): number {
    let n = 0;
    for (const p of this.participants.values()) if (p.phase === 'bridged') n++;
    return n;
  }

  private mapModeration(effects: readonly ModerationEffect[]): RoomEffect[] {
    if (effects.length > 0) this.options.onModerationEffects?.(effects);
    const out: RoomEffect[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case 'set-mute':
          out.push({ kind: 'set-mute', participantId: e.participantId, isMuted: e.isMuted });
          break;
        case 'prompt-caller':
          out.push({ kind: 'play-caller', participantId: e.participantId, items: e.prompts.map(prompt), loop: false, then: 'nothing' });
          break;
        case 'announce-room':
          out.push({ kind: 'play-room', items: e.prompts.map(prompt) });
          break;
        case 'disconnect': {
          const p = this.participants.get(e.participantId);
          if (p !== undefined) out.push(...this.disconnect(p, e.prompts));
          break;
        }
        case 'ban':
        case 'recording':
        case 'roll-call':
        case 'error-tone':
          out.push({ kind: 'moderation', effect: e });
          break;
        default: {
          const never: never = e;
          throw new Error(`unknown moderation effect ${String(never)}`);
        }
      }
    }
    return out;
  }
}

function prompt(name: string): RoomPlayItem {
  return { kind: 'prompt', name };
}
