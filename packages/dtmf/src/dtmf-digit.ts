/** The sixteen DTMF keys, as RFC 4733 §3.2 numbers them (events 0-15). */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** Where a digit came from. */
export type DtmfSource = 'rfc4733' | 'info' | 'inband';

/** One decoded key press. */
export interface DtmfDigitEvent {
  readonly digit: DtmfDigit;
  readonly durationMs: number;
  /** When the key was released (the caller's clock, ms). */
  readonly endedAtMs: number;
  readonly source: DtmfSource;
}

/** RFC 4733 §3.2 Table 7: event code → key. */
export const EVENT_DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

/** The key for an RFC 4733 event code, or undefined outside 0-15. */
export function digitForEvent(event: number): DtmfDigit | undefined {
  return EVENT_DIGITS[event];
}

/** The RFC 4733 event code of a key. */
export function eventForDigit(digit: DtmfDigit): number {
  return EVENT_DIGITS.indexOf(digit);
}

/** Narrows a one-character string to a key (case-insensitive for A-D). */
export function toDtmfDigit(text: string): DtmfDigit | undefined {
  const upper = text.toUpperCase();
  return upper.length === 1 && (EVENT_DIGITS as readonly string[]).includes(upper) ? (upper as DtmfDigit) : undefined;
}
