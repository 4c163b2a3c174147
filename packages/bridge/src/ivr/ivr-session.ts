/**
 * The dial-in IVR for one call, sans-IO: inputs are playback completions, digit-collector
 * outputs and verification results, each stamped with `nowMs`; outputs are effects the call
 * controller carries out (play, collect, verify, join, hang up). No clock, no timers.
 *
 *            start
 *              │ play [welcome, enter-conference-id]      (route `room`: [welcome, enter-pin])
 *              ▼
 *      ┌──► collect-id ── entry ──► collect-pin ── entry ──► verifying ── ok ──► joined
 *      │       │ timeout             │ '*' first ⇒ host path      │ invalid
 *      │       ▼                     │ (enter-host-pin, host len) ▼
 *      │   (a try is spent)          ▼                        failure-pause
 *      │                          timeout ⇒ a try is spent   [invalid, 2 s silence, try-again]
 *      │                                                      digits discarded, no barge-in
 *      └──────────── tries left ◄────────────────────────────────┘
 *                    no tries left ──► goodbye ──► ended (hang up)
 *
 *   any state, whole-IVR deadline (60 s) ──► goodbye ──► ended
 *   verifying, refused by policy        ──► [policy prompts, goodbye] ──► ended
 *   start, target `announce` (a locked source's first call) ──► [prompts, goodbye] ──► ended
 *
 * Unknown room and wrong PIN are indistinguishable: the room ID is never checked on its
 * own; both are verified together after the PIN, and both failures play the same sequence
 * (SECURITY.md "Entry flow"). The session never logs; its effects carry the PIN only in the
 * `verify` effect, which the controller hands to the store and drops.
 */

/** Which PIN path the caller took; the `*` prefix selects `host`. */
export type PinRole = 'guest' | 'host';

/** One item of a playback (mirrors the engine's play items). */
export type PlayItem =
  | { readonly kind: 'prompt'; readonly name: string }
  | { readonly kind: 'silence'; readonly ms: number };

/** Options for one digit entry (maps onto the dtmf DigitCollector's start options). */
export interface EntryOptions {
  readonly maxLength: number;
  readonly autoSubmitLength: number;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  readonly allowLeadingStar: boolean;
}

/** Why the IVR hung up. */
export type IvrEndReason = 'too-many-failures' | 'ivr-timeout' | 'refused';

/** What the controller must do, in order. */
export type IvrEffect =
  | { readonly kind: 'play'; readonly items: readonly PlayItem[]; readonly bargeIn: boolean }
  | { readonly kind: 'stop-playback' }
  | { readonly kind: 'collect'; readonly options: EntryOptions }
  | { readonly kind: 'discard-digits' }
  | { readonly kind: 'verify'; readonly roomId: string; readonly role: PinRole; readonly pin: string; readonly attempt: number }
  | { readonly kind: 'join'; readonly roomId: string; readonly role: PinRole }
  | { readonly kind: 'hangup'; readonly reason: IvrEndReason };

/** The result of checking room ID + PIN (store and policy). */
export type VerifyResult =
  /** `displayName`: the invitee's name of a personal one-time PIN. */
  | { readonly kind: 'ok'; readonly displayName?: string }
  /** Unknown room or wrong PIN: the caller cannot tell which. */
  | { readonly kind: 'invalid' }
  /** Policy refused (lockout, budget): play its prompts, then goodbye. */
  | { readonly kind: 'refused'; readonly prompts: readonly string[] };

/** IVR states (see the diagram). */
export type IvrState = 'idle' | 'collect-id' | 'collect-pin' | 'verifying' | 'failure-pause' | 'goodbye' | 'joined' | 'ended';

/** IVR settings (from BridgeConfig.ivr). */
export interface IvrSettings {
  readonly roomIdLength: number;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  readonly triesPerCall: number;
  readonly failurePauseMs: number;
  readonly maxIvrMs: number;
}

/** Defaults from SECURITY.md and PRODUCT.md. */
export const DEFAULT_IVR_SETTINGS: IvrSettings = {
  roomIdLength: 9,
  firstDigitTimeoutMs: 10_000,
  interDigitTimeoutMs: 5_000,
  triesPerCall: 3,
  failurePauseMs: 2_000,
  maxIvrMs: 60_000,
};

/** PIN lengths for a claimed room; the store answers defaults for unknown rooms. */
export type PinLengthLookup = (roomId: string) => { readonly pinLength: number; readonly hostPinLength: number };

/** Longest entry accepted before extra digits are discarded. */
const MAX_ENTRY_DIGITS = 16;

export class IvrSession {
  private stateValue: IvrState = 'idle';
  private roomId = '';
  private role: PinRole = 'guest';
  private failures = 0;
  private startedAtMs = 0;
  private isPlaying = false;
  private isBargeIn = false;
  private attempt = 0;

  constructor(
    private readonly options: {
      /** `announce`: play the prompts and "goodbye", then hang up (a locked source's one announcement). */
      readonly target: { readonly kind: 'ivr' } | { readonly kind: 'room'; readonly roomId: string } | { readonly kind: 'announce'; readonly prompts: readonly string[] };
      readonly settings: IvrSettings;
      readonly pinLengths: PinLengthLookup;
    },
  ) {}

  /** Current state. */
  get state(): IvrState {
    return this.stateValue;
  }

  /** Failed tries so far. */
  get failureCount(): number {
    return this.failures;
  }

  /** When the whole-IVR deadline fires (for the controller's timer). */
  get deadlineMs(): number {
    return this.startedAtMs + this.options.settings.maxIvrMs;
  }

  /** Debug snapshot; never contains digits. */
  dump(): { state: IvrState; failures: number; role: PinRole; hasRoomId: boolean } {
    return { state: this.stateValue, failures: this.failures, role: this.role, hasRoomId: this.roomId !== '' };
  }

  /** Answered call: welcome and the first prompt. */
  start(nowMs: number): IvrEffect[] {
    if (this.stateValue !== 'idle') throw new Error(`IVR start in state ${this.stateValue}`);
    this.startedAtMs = nowMs;
    const target = this.options.target;
    if (target.kind === 'announce') return this.goodbye([...target.prompts], 'refused');
    if (target.kind === 'room') {
      this.roomId = target.roomId;
      return this.enterPinStage(['welcome', 'enter-pin']);
    }
    return this.enterIdStage(['welcome', 'enter-conference-id']);
  }

  /** The collector saw the first digit of an entry: barge-in, and `*` picks the host path. */
  firstDigit(digit: string, _nowMs: number): IvrEffect[] {
    if (this.stateValue !== 'collect-id' && this.stateValue !== 'collect-pin') return [];
    const effects: IvrEffect[] = [];
    if (this.isPlaying && this.isBargeIn) {
      this.isPlaying = false;
      effects.push({ kind: 'stop-playback' });
    }
    if (this.stateValue === 'collect-pin' && digit === '*' && this.role === 'guest') {
      this.role = 'host';
      const { hostPinLength } = this.options.pinLengths(this.roomId);
      effects.push(...this.play(['enter-host-pin'], true), { kind: 'collect', options: this.entry(hostPinLength, false) });
    }
    return effects;
  }

  /** The collector finished an entry (auto-submit, '#', or inter-digit timeout). */
  entryComplete(digits: string, nowMs: number): IvrEffect[] {
    if (this.stateValue === 'collect-id') {
      this.roomId = digits;
      return this.enterPinStage(['enter-pin'], this.isPlaying);
    }
    if (this.stateValue === 'collect-pin') {
      const pin = digits.startsWith('*') ? digits.slice(1) : digits;
      if (digits.startsWith('*')) this.role = 'host';
      this.stateValue = 'verifying';
      this.attempt++;
      const effects: IvrEffect[] = [{ kind: 'discard-digits' }];
      if (this.isPlaying) {
        this.isPlaying = false;
        effects.push({ kind: 'stop-playback' });
      }
      effects.push({ kind: 'verify', roomId: this.roomId, role: this.role, pin, attempt: this.attempt });
      return effects;
    }
    void nowMs;
    return [];
  }

  /** No digit within the first-digit timeout: the try is spent. */
  entryTimeout(nowMs: number): IvrEffect[] {
    if (this.stateValue !== 'collect-id' && this.stateValue !== 'collect-pin') return [];
    return this.fail(nowMs, false);
  }

  /** The store and policy answered a `verify` effect. */
  verified(result: VerifyResult, nowMs: number): IvrEffect[] {
    if (this.stateValue !== 'verifying') return [];
    switch (result.kind) {
      case 'ok':
        this.stateValue = 'joined';
        return [{ kind: 'join', roomId: this.roomId, role: this.role }];
      case 'invalid':
        return this.fail(nowMs, true);
      case 'refused':
        this.failures = this.options.settings.triesPerCall;
        return this.goodbye([...result.prompts], 'refused');
      default: {
        const never: never = result;
        throw new Error(`unknown verify result ${String(never)}`);
      }
    }
  }

  /** The playback this session started finished (or was stopped). */
  playbackDone(_nowMs: number): IvrEffect[] {
    if (!this.isPlaying) return [];
    this.isPlaying = false;
    switch (this.stateValue) {
      case 'failure-pause':
        return this.failures >= this.options.settings.triesPerCall ? this.end() : this.retry();
      case 'goodbye':
        return this.end();
      case 'collect-id':
      case 'collect-pin':
        // The prompt ended before any digit: restart the entry so the first-digit timeout
        // counts from the end of the prompt, not from its start.
        return [{ kind: 'collect', options: this.currentEntry() }];
      case 'idle':
      case 'verifying':
      case 'joined':
      case 'ended':
        return [];
      default: {
        const never: never = this.stateValue;
        throw new Error(`unknown state ${String(never)}`);
      }
    }
  }

  /** Clock check: the whole IVR must end within `maxIvrMs`. */
  tick(nowMs: number): IvrEffect[] {
    if (nowMs < this.deadlineMs) return [];
    if (this.stateValue === 'joined' || this.stateValue === 'ended' || this.stateValue === 'goodbye' || this.stateValue === 'idle') return [];
    const effects: IvrEffect[] = this.isPlaying ? [{ kind: 'stop-playback' }] : [];
    this.isPlaying = false;
    return [...effects, ...this.goodbye([], 'ivr-timeout')];
  }

  private endReason: IvrEndReason = 'too-many-failures';

  private enterIdStage(prompts: string[]): IvrEffect[] {
    this.stateValue = 'collect-id';
    this.role = 'guest';
    this.roomId = '';
    return [...this.play(prompts, true), { kind: 'collect', options: this.currentEntry() }];
  }

  private enterPinStage(prompts: string[], stopFirst = false): IvrEffect[] {
    this.stateValue = 'collect-pin';
    this.role = 'guest';
    const effects: IvrEffect[] = [];
    if (stopFirst) effects.push({ kind: 'stop-playback' });
    return [...effects, ...this.play(prompts, true), { kind: 'collect', options: this.currentEntry() }];
  }

  private currentEntry(): EntryOptions {
    if (this.stateValue === 'collect-id') return this.entry(this.options.settings.roomIdLength, false);
    const lengths = this.options.pinLengths(this.roomId);
    return this.role === 'host' ? this.entry(lengths.hostPinLength, false) : this.entry(lengths.pinLength, true);
  }

  private entry(autoSubmitLength: number, allowLeadingStar: boolean): EntryOptions {
    const s = this.options.settings;
    return {
      maxLength: Math.max(MAX_ENTRY_DIGITS, autoSubmitLength),
      autoSubmitLength,
      firstDigitTimeoutMs: s.firstDigitTimeoutMs,
      interDigitTimeoutMs: s.interDigitTimeoutMs,
      allowLeadingStar,
    };
  }

  private play(prompts: string[], bargeIn: boolean, tail: PlayItem[] = []): IvrEffect[] {
    this.isPlaying = true;
    this.isBargeIn = bargeIn;
    return [{ kind: 'play', items: [...prompts.map((name): PlayItem => ({ kind: 'prompt', name })), ...tail], bargeIn }];
  }

  /** One failed try: the same unskippable sequence whatever was wrong. */
  private fail(_nowMs: number, _wasVerified: boolean): IvrEffect[] {
    this.failures++;
    this.stateValue = 'failure-pause';
    const pause: PlayItem = { kind: 'silence', ms: this.options.settings.failurePauseMs };
    const effects: IvrEffect[] = [{ kind: 'discard-digits' }];
    if (this.isPlaying) effects.push({ kind: 'stop-playback' });
    if (this.failures >= this.options.settings.triesPerCall) {
      this.endReason = 'too-many-failures';
      this.stateValue = 'goodbye';
      return [...effects, ...this.play(['invalid'], false, [pause, { kind: 'prompt', name: 'goodbye' }])];
    }
    return [...effects, ...this.play(['invalid'], false, [pause, { kind: 'prompt', name: 'try-again' }])];
  }

  private retry(): IvrEffect[] {
    const target = this.options.target;
    if (target.kind === 'room') {
      this.roomId = target.roomId;
      return this.enterPinStage(['enter-pin']);
    }
    return this.enterIdStage(['enter-conference-id']);
  }

  private goodbye(prompts: string[], reason: IvrEndReason): IvrEffect[] {
    this.endReason = reason;
    this.stateValue = 'goodbye';
    return [{ kind: 'discard-digits' }, ...this.play([...prompts, 'goodbye'], false)];
  }

  private end(): IvrEffect[] {
    this.stateValue = 'ended';
    return [{ kind: 'hangup', reason: this.endReason }];
  }
}
