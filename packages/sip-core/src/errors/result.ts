/**
 * A value or a typed error. Anything the network can produce is returned as a
 * `Result`, never thrown (STYLE.md §4).
 */
export type Result<T, E> = Ok<T> | Err<E>;

/** The success arm of {@link Result}. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** The failure arm of {@link Result}. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps an error as a failed {@link Result}. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
