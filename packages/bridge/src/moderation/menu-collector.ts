/**
 * Collects one caller's in-call keypad sequence and matches it against the key map.
 *
 * ```
 *            digit (prefix of a binding)            digit completes a binding
 *   idle ───────────────────────────────► collecting ─────────────────────────► idle (action)
 *    ▲                                       │  │
 *    │        digit matching nothing         │  │ inter-digit timeout (~1 s)
 *    └───────────────────────────────────────┘  └──────────────────────────────► idle (no-match)
 * ```
 *
 * The collector is sans-IO: time enters as `nowMs`, and the caller drives `poll()`.
 * While `isCollecting` is true the room should keep this caller's audio out of the mix,
 * so keypad tones never reach the others.
 */
import type { KeyMap, ModerationAction, ParticipantRole } from './key-map.js';

/** What one keypad digit (or a poll) resolved to. */
export type MenuOutcome =
  | { readonly kind: 'pending' }
  | { readonly kind: 'idle' }
  | { readonly kind: 'action'; readonly action: ModerationAction }
  | { readonly kind: 'forbidden'; readonly action: ModerationAction }
  | { readonly kind: 'no-match' };

export interface MenuCollectorOptions {
  readonly keyMap: KeyMap;
  readonly role: ParticipantRole;
  /** Inter-digit timeout for menu sequences (PRODUCT.md: about 1 s). */
  readonly interDigitTimeoutMs?: number;
}

const PENDING: MenuOutcome = { kind: 'pending' };
const IDLE: MenuOutcome = { kind: 'idle' };
const NO_MATCH: MenuOutcome = { kind: 'no-match' };

export class MenuCollector {
  private readonly keyMap: KeyMap;
  private readonly prefixes: ReadonlySet<string>;
  private readonly interDigitTimeoutMs: number;
  private buffered = '';
  private deadlineMs = 0;
  role: ParticipantRole;

  constructor(options: MenuCollectorOptions) {
    this.keyMap = options.keyMap;
    this.role = options.role;
    this.interDigitTimeoutMs = options.interDigitTimeoutMs ?? 1000;
    const prefixes = new Set<string>();
    for (const sequence of this.keyMap.keys()) {
      for (let i = 1; i < sequence.length; i++) prefixes.add(sequence.slice(0, i));
    }
    this.prefixes = prefixes;
  }

  /** True while a sequence is half-typed (the caller's audio should stay out of the mix). */
  get isCollecting(): boolean {
    return this.buffered.length > 0;
  }

  /** Feeds one keypad digit. */
  push(digit: string, nowMs: number): MenuOutcome {
    const sequence = this.buffered + digit;
    const binding = this.keyMap.get(sequence);
    if (binding) {
      this.buffered = '';
      return binding.roles.includes(this.role) ? { kind: 'action', action: binding.action } : { kind: 'forbidden', action: binding.action };
    }
    if (this.prefixes.has(sequence)) {
      this.buffered = sequence;
      this.deadlineMs = nowMs + this.interDigitTimeoutMs;
      return PENDING;
    }
    this.buffered = '';
    return NO_MATCH;
  }

  /** Drives the inter-digit timeout: a half-typed sequence that times out matches nothing. */
  poll(nowMs: number): MenuOutcome {
    if (!this.isCollecting) return IDLE;
    if (nowMs < this.deadlineMs) return PENDING;
    this.buffered = '';
    return NO_MATCH;
  }

  /** When the pending sequence times out, or undefined when idle. */
  get deadline(): number | undefined {
    return this.isCollecting ? this.deadlineMs : undefined;
  }
}
