import type { SipHeaders } from './types.js';

/** Creates a header bag from raw `[name, value]` pairs in wire order. */
export function createSipHeaders(fields: ReadonlyArray<readonly [string, string]>): SipHeaders {
  void fields;
  // TODO (#2): implementation lands in the next commit.
  throw new Error('not implemented yet');
}
