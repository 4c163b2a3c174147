/**
 * The package's error base and `Result` type (STYLE.md §4). Every error `@pinbridge/bridge`
 * throws or returns is a `BridgeError` subclass with a literal-union `code`, so a caller can
 * switch over it exhaustively. Messages never carry PIN digits, hashes or tokens.
 */

/** Success or a typed failure; anything a user or the network can cause is returned this way. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Builds the success arm of a {@link Result}. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Builds the failure arm of a {@link Result}. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** Base class of every error of `@pinbridge/bridge`; `code` is narrowed by each subclass. */
export class BridgeError<C extends string = string> extends Error {
  override readonly name: string = 'BridgeError';
  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
