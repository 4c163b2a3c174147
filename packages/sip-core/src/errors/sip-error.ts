/**
 * The one error base class of `@pinbridge/sip-core` (STYLE.md §4). Each layer
 * narrows `code` to its own literal union by subclassing, e.g.
 * `class SipParseError extends SipError<SipParseCode>`; a transport or
 * transaction error does the same with its codes.
 */
export class SipError<C extends string = string> extends Error {
  override readonly name: string = 'SipError';
  /** Machine-readable reason; a literal union in every subclass. */
  readonly code: C;

  /**
   * @param code - the literal code
   * @param message - human-readable detail (never secrets such as PIN digits)
   * @param options - `cause` for errors that cross a boundary
   */
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
