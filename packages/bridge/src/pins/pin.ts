/**
 * The `Pin` domain type (STYLE.md §5): keypad digits parsed once at the edge. A `Pin` is a
 * secret: never log it, never put it in an error message or an audit row.
 */

declare const brand: unique symbol;

/** A nominal type over a primitive, so IDs and secrets cannot be mixed up. */
export type Branded<T, B extends string> = T & { readonly [brand]: B };

/** 6 to 12 decimal digits. */
export type Pin = Branded<string, 'Pin'>;

/** Which secret of a room a PIN is: the participant PIN or the host PIN (entered after `*`). */
export type PinRole = 'participant' | 'host';

/** Every PIN role, in a stable order. */
export const PIN_ROLES: readonly PinRole[] = ['participant', 'host'];

/** Shortest PIN the bridge accepts (PRODUCT.md: 6 only by explicit config). */
export const PIN_MIN_LENGTH = 6;
/** Longest PIN the bridge accepts. */
export const PIN_MAX_LENGTH = 12;

const PIN_PATTERN = /^[0-9]{6,12}$/;

/** Parses keypad digits into a `Pin`; `undefined` when they are not 6-12 decimal digits. */
export function toPin(digits: string): Pin | undefined {
  return PIN_PATTERN.test(digits) ? (digits as Pin) : undefined;
}

/** True when `role` is a {@link PinRole}. */
export function isPinRole(role: unknown): role is PinRole {
  return role === 'participant' || role === 'host';
}
