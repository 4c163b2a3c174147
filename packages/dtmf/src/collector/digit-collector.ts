/**
 * Collects one keypad entry (a conference ID, a PIN) from a call's merged digit sources.
 * Sans-IO: time enters as `nowMs`; the owner calls `poll()` to drive timeouts; every
 * method returns what happened instead of calling back.
 *
 * ```
 *            start()                    digit                    '#' | auto-submit length
 *   idle ────────────► waiting-first ─────────► collecting ──────────────────────────► idle
 *     ▲                    │ first-digit timeout    │ inter-digit timeout                (entry-complete)
 *     │                    ▼                        ▼
 *     │               idle (entry-timeout)     idle (entry-complete, reason 'inter-digit-timeout')
 *     │
 *     └── discard(): every digit dropped until the next start() (the unskippable pause)
 *
 *   orthogonal to the states: discardUntil(t) drops digits pushed before t, and
 *   setDiscarding(true) drops all until setDiscarding(false); both survive start().
 * ```
 *
 * A `#` right after an entry that submitted itself is swallowed, never taken as the next
 * entry's first digit. Digits are secrets: nothing here logs, and outputs carry the digits
 * only in `entry-complete`.
 */
import type { DtmfDigitEvent } from '../dtmf-digit.js';
import { SourceMerger, type SourceMergerOptions } from './source-merger.js';

export interface EntryOptions {
  readonly maxLength: number;
  /** Submit as soon as this many digits (not counting a leading `*`) are in. */
  readonly autoSubmitLength?: number;
  readonly terminator?: '#' | null;
  /** `*` clears the entry (unless it is an allowed leading star). */
  readonly clearKey?: '*' | null;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  /** A `*` as the very first digit is kept and reported (the host path). */
  readonly allowLeadingStar?: boolean;
}

/** Why an entry ended. */
export type EntryCompleteReason = 'terminator' | 'auto-submit' | 'max-length' | 'inter-digit-timeout';

export type CollectorOutput =
  | { readonly kind: 'first-digit'; readonly digit: string }
  | { readonly kind: 'entry-complete'; readonly digits: string; readonly reason: EntryCompleteReason }
  | { readonly kind: 'entry-timeout'; readonly reason: 'first-digit' };

export type CollectorState = 'idle' | 'waiting-first' | 'collecting' | 'discarding';

export interface DigitCollectorOptions extends SourceMergerOptions {
  /** How long after an auto-submit a lone `#` is swallowed (default 3000 ms). */
  readonly trailingHashWindowMs?: number;
}

const NOTHING: CollectorOutput[] = [];

export class DigitCollector {
  private readonly merger: SourceMerger;
  private readonly trailingHashWindowMs: number;
  private stateValue: CollectorState = 'idle';
  private options: EntryOptions | undefined;
  private buffer = '';
  private deadlineMs = 0;
  private swallowHashUntilMs = Number.NEGATIVE_INFINITY;
  private discardUntilMs = Number.NEGATIVE_INFINITY;
  private isDiscardingFlag = false;

  constructor(options: DigitCollectorOptions = {}) {
    this.merger = new SourceMerger(options);
    this.trailingHashWindowMs = options.trailingHashWindowMs ?? 3000;
  }

  get state(): CollectorState {
    return this.stateValue;
  }

  /** When the current timeout fires, if an entry is open. */
  get deadline(): number | undefined {
    return this.stateValue === 'waiting-first' || this.stateValue === 'collecting' ? this.deadlineMs : undefined;
  }

  /** True once the call has sent RFC 4733 events. */
  get usesRfc4733(): boolean {
    return this.merger.usesRfc4733;
  }

  /** Opens a new entry. */
  start(options: EntryOptions, nowMs: number): CollectorOutput[] {
    if (options.maxLength < 1) throw new RangeError('maxLength must be at least 1');
    this.options = options;
    this.buffer = '';
    this.stateValue = 'waiting-first';
    this.deadlineMs = nowMs + options.firstDigitTimeoutMs;
    return NOTHING;
  }

  /** Drops every digit until the next start() (digits typed during an unskippable prompt). */
  discard(_nowMs: number): void {
    this.stateValue = 'discarding';
    this.buffer = '';
  }

  /**
   * Drops every digit pushed before `untilMs`, whatever the state and across start() (the
   * unskippable security pause after a wrong PIN: keys typed during it are not the next
   * entry's). Timeouts keep running. A later call replaces the earlier deadline.
   */
  discardUntil(untilMs: number): void {
    this.discardUntilMs = untilMs;
  }

  /** Drops every digit while on, across start(), until switched off (a prompt of unknown length). */
  setDiscarding(on: boolean): void {
    this.isDiscardingFlag = on;
  }

  /** Closes the entry without output (the call left the IVR). */
  stop(): void {
    this.stateValue = 'idle';
    this.buffer = '';
  }

  /** Feeds one digit from any source. */
  push(event: DtmfDigitEvent, nowMs: number): CollectorOutput[] {
    if (!this.merger.accept(event, nowMs)) return NOTHING;
    // After the merger, so the same key's copy from another source is dropped as well.
    if (this.isDiscardingFlag || nowMs < this.discardUntilMs) return NOTHING;
    const digit = event.digit;
    const options = this.options;
    if (this.stateValue === 'discarding' || this.stateValue === 'idle' || !options) {
      if (digit === '#') this.swallowHashUntilMs = Number.NEGATIVE_INFINITY;
      return NOTHING;
    }
    if (this.stateValue === 'waiting-first' && digit === '#' && nowMs <= this.swallowHashUntilMs) {
      this.swallowHashUntilMs = Number.NEGATIVE_INFINITY;
      return NOTHING;
    }
    this.swallowHashUntilMs = Number.NEGATIVE_INFINITY;
    const out: CollectorOutput[] = [];
    if (this.stateValue === 'waiting-first') {
      this.stateValue = 'collecting';
      out.push({ kind: 'first-digit', digit });
    }
    this.deadlineMs = nowMs + options.interDigitTimeoutMs;
    const terminator = options.terminator === undefined ? '#' : options.terminator;
    const clearKey = options.clearKey === undefined ? '*' : options.clearKey;
    if (digit === terminator) return [...out, this.complete('terminator')];
    const isLeadingStar = digit === '*' && this.buffer === '' && options.allowLeadingStar === true;
    if (digit === clearKey && !isLeadingStar) {
      this.buffer = '';
      return out;
    }
    this.buffer += digit;
    const counted = this.buffer.startsWith('*') && options.allowLeadingStar === true ? this.buffer.length - 1 : this.buffer.length;
    if (options.autoSubmitLength !== undefined && counted >= options.autoSubmitLength) {
      this.swallowHashUntilMs = nowMs + this.trailingHashWindowMs;
      return [...out, this.complete('auto-submit')];
    }
    if (this.buffer.length >= options.maxLength) return [...out, this.complete('max-length')];
    return out;
  }

  /** Drives the first-digit and inter-digit timeouts. */
  poll(nowMs: number): CollectorOutput[] {
    if (nowMs < this.deadlineMs) return NOTHING;
    if (this.stateValue === 'waiting-first') {
      this.stateValue = 'idle';
      return [{ kind: 'entry-timeout', reason: 'first-digit' }];
    }
    if (this.stateValue === 'collecting') return [this.complete('inter-digit-timeout')];
    return NOTHING;
  }

  private complete(reason: EntryCompleteReason): CollectorOutput {
    const digits = this.buffer;
    this.buffer = '';
    this.stateValue = 'idle';
    return { kind: 'entry-complete', digits, reason };
  }
}
