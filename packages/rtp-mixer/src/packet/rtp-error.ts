/** Why a datagram or file could not be read as RTP/RTCP/WAV media. */
export type RtpErrorCode =
  | 'too-short'
  | 'bad-version'
  | 'bad-padding'
  | 'bad-extension'
  | 'bad-rtcp'
  | 'bad-wav'
  | 'unsupported-format';

/**
 * The error base class of the media primitives. Anything the network or a file can produce is
 * returned inside a {@link Result} carrying one of these, never thrown.
 */
export class RtpError extends Error {
  override readonly name: string = 'RtpError';
  constructor(
    readonly code: RtpErrorCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }
}

/** Success or a typed failure (STYLE.md §4). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Builds a successful {@link Result}. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
/** Builds a failed {@link Result}. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
