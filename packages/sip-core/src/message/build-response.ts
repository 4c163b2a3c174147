import type { BuildResponseOptions, SipRequest, SipResponse } from './types.js';

/** Builds a response to `request` (RFC 3261 §8.2.6). */
export function buildResponse(request: SipRequest, options: BuildResponseOptions): SipResponse {
  void request; void options;
  // TODO (#2): implementation lands in the next commit.
  throw new Error('not implemented yet');
}
