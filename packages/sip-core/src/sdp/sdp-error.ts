import { SipError } from '../errors/index.js';

/** Why an SDP offer could not be answered (RFC 3264 §6). */
export type SdpErrorCode =
  /** Not parseable, or no usable connection address / port. */
  | 'bad-sdp'
  /** An audio stream exists but shares no codec (or transport profile) with us. */
  | 'no-common-codec'
  /** No active audio m-line. */
  | 'no-audio';

/** A typed SDP negotiation failure. */
export class SdpError extends SipError<SdpErrorCode> {
  override readonly name = 'SdpError';
}

/**
 * The response status for an SDP failure: 488 Not Acceptable Here when we
 * understood the offer but cannot accept it (RFC 3261 §21.4.26), 400 when it is broken.
 */
export function sipStatusForSdpError(code: SdpErrorCode): number {
  switch (code) {
    case 'bad-sdp':
      return 400;
    case 'no-common-codec':
    case 'no-audio':
      return 488;
  }
}
