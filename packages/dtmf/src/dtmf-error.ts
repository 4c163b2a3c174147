/** Everything a peer can send wrong, by code; the UAS maps each to a response. */
export type DtmfErrorCode =
  | 'too-short'
  | 'unknown-event'
  | 'unsupported-content-type'
  | 'bad-body'
  | 'bad-signal'
  | 'bad-duration';

/** The dtmf package's one error class. Returned in a {@link Result}, never thrown for input. */
export class DtmfError extends Error {
  override readonly name = 'DtmfError';
  constructor(
    readonly code: DtmfErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** The SIP status a UAS should send for an INFO body that failed to decode. */
export function sipStatusForDtmfError(code: DtmfErrorCode): 400 | 415 {
  switch (code) {
    case 'unsupported-content-type':
      return 415;
    case 'too-short':
    case 'unknown-event':
    case 'bad-body':
    case 'bad-signal':
    case 'bad-duration':
      return 400;
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}
