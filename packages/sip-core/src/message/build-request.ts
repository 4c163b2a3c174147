import type { BuildRequestOptions, SipRequest } from './types.js';

/** Builds a request (RFC 3261 §8.1.1). */
export function buildRequest(options: BuildRequestOptions): SipRequest {
  void options;
  // TODO (#2): implementation lands in the next commit.
  throw new Error('not implemented yet');
}
