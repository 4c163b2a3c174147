/**
 * The time limits of one conference as a pure policy (issue 7 "Room behaviour"):
 *
 * - automatic host hangup (room option): when the last host leaves, everyone is
 *   disconnected, at once or after a grace period that a returning host cancels;
 * - no-host timeout: guests without a host are disconnected after 15 min (default);
 * - max call duration: each call ends 12 h (default) after it joined.
 *
 * Sans-IO: the room reports joins and leaves with `nowMs`, asks {@link RoomTimers.deadline}
 * when to wake up, and calls {@link RoomTimers.poll}, which returns the effects due. Nothing
 * here reads a clock, so every rule is tested in virtual time.
 */
import type { ParticipantRole } from './key-map.js';

/** Options of {@link RoomTimers} (per room). */
export interface RoomTimerOptions {
  /** End the conference when the last host leaves; default false. */
  readonly endWhenHostLeaves?: boolean;
  /** With `endWhenHostLeaves`: how long a dropped host may take to call back; default 0. */
  readonly hostGraceMs?: number;
  /** Guests alone without a host are disconnected after this; default 15 min. */
  readonly noHostTimeoutMs?: number;
  /** Each call ends this long after it joined; default 12 h. */
  readonly maxCallDurationMs?: number;
}

/** Default no-host timeout (15 min). */
export const DEFAULT_NO_HOST_TIMEOUT_MS = 15 * 60_000;
/** Default max call duration (12 h). */
export const DEFAULT_MAX_CALL_DURATION_MS = 12 * 3_600_000;

/** Why the timers end calls. */
export type RoomTimerReason = 'host-left' | 'no-host-timeout' | 'max-duration';

/** What the room must do when a limit is reached. */
export type RoomTimerEffect =
  /** Disconnect everyone still present (play `prompts`, then hang up). */
  | { readonly kind: 'end-conference'; readonly reason: RoomTimerReason; readonly prompts: readonly string[] }
  /** Disconnect one call. */
  | { readonly kind: 'disconnect'; readonly participantId: string; readonly reason: 'max-duration'; readonly prompts: readonly string[] };

const END_PROMPTS: Readonly<Record<RoomTimerReason, readonly string[]>> = {
  'host-left': ['host-ended', 'goodbye'],
  'no-host-timeout': ['goodbye'],
  'max-duration': ['goodbye'],
};

/** See the file comment. */
export class RoomTimers {
  private readonly endWhenHostLeaves: boolean;
  private readonly hostGraceMs: number;
  private readonly noHostTimeoutMs: number;
  private readonly maxCallDurationMs: number;
  private readonly calls = new Map<string, { readonly role: ParticipantRole; readonly endsAtMs: number }>();
  private hostGoneAtMs: number | undefined;
  private aloneSinceMs: number | undefined;
  private hadHost = false;

  constructor(options: RoomTimerOptions = {}) {
    this.endWhenHostLeaves = options.endWhenHostLeaves ?? false;
    this.hostGraceMs = options.hostGraceMs ?? 0;
    this.noHostTimeoutMs = options.noHostTimeoutMs ?? DEFAULT_NO_HOST_TIMEOUT_MS;
    this.maxCallDurationMs = options.maxCallDurationMs ?? DEFAULT_MAX_CALL_DURATION_MS;
  }

  /** A participant joined (bridged or waiting for the host). */
  join(id: string, role: ParticipantRole, nowMs: number): RoomTimerEffect[] {
    this.calls.set(id, { role, endsAtMs: nowMs + this.maxCallDurationMs });
    if (role === 'host') {
      this.hadHost = true;
      this.hostGoneAtMs = undefined;
    }
    this.refreshAlone(nowMs);
    return [];
  }

  /** A participant left; may end the conference at once (host hangup without grace). */
  leave(id: string, nowMs: number): RoomTimerEffect[] {
    const call = this.calls.get(id);
    if (call === undefined) return [];
    this.calls.delete(id);
    if (this.calls.size === 0) this.hostGoneAtMs = undefined;
    if (call.role === 'host' && this.hostCount() === 0 && this.endWhenHostLeaves && this.calls.size > 0) {
      this.hostGoneAtMs = nowMs;
    }
    this.refreshAlone(nowMs);
    return this.poll(nowMs);
  }

  /** The next time {@link poll} has something to do, or undefined. */
  get deadline(): number | undefined {
    const times: number[] = [];
    for (const call of this.calls.values()) times.push(call.endsAtMs);
    if (this.hostGoneAtMs !== undefined) times.push(this.hostGoneAtMs + this.hostGraceMs);
    if (this.aloneSinceMs !== undefined) times.push(this.aloneSinceMs + this.noHostTimeoutMs);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /** The effects due at `nowMs`; ending the conference forgets every call. */
  poll(nowMs: number): RoomTimerEffect[] {
    if (this.hostGoneAtMs !== undefined && nowMs >= this.hostGoneAtMs + this.hostGraceMs) return this.endAll('host-left');
    if (this.aloneSinceMs !== undefined && nowMs >= this.aloneSinceMs + this.noHostTimeoutMs) return this.endAll('no-host-timeout');
    const effects: RoomTimerEffect[] = [];
    for (const [id, call] of this.calls) {
      if (nowMs >= call.endsAtMs) effects.push({ kind: 'disconnect', participantId: id, reason: 'max-duration', prompts: END_PROMPTS['max-duration'] });
    }
    for (const effect of effects) if (effect.kind === 'disconnect') this.calls.delete(effect.participantId);
    if (effects.length > 0) this.refreshAlone(nowMs);
    return effects;
  }

  /** True once any host has joined this meeting (for "wait for host" and auto-lock). */
  get hasHadHost(): boolean {
    return this.hadHost;
  }

  private endAll(reason: RoomTimerReason): RoomTimerEffect[] {
    this.calls.clear();
    this.hostGoneAtMs = undefined;
    this.aloneSinceMs = undefined;
    return [{ kind: 'end-conference', reason, prompts: END_PROMPTS[reason] }];
  }

  private hostCount(): number {
    let n = 0;
    for (const call of this.calls.values()) if (call.role === 'host') n++;
    return n;
  }

  /** Guests without a host start (or keep) the no-host clock; a host or an empty room stops it. */
  private refreshAlone(nowMs: number): void {
    const guestsWithoutHost = this.calls.size > 0 && this.hostCount() === 0;
    if (!guestsWithoutHost) this.aloneSinceMs = undefined;
    else if (this.aloneSinceMs === undefined && this.hostGoneAtMs === undefined) this.aloneSinceMs = nowMs;
  }
}
