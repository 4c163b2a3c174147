import type { SipMessage } from './types.js';

/** Encoded size of `msg` in bytes. */
export function encodedSize(msg: SipMessage): number {
  void msg;
  // TODO (#2): implementation lands in the next commit.
  return 0;
}

/** Writes `msg` into `buf` at `offset`; returns the bytes written. */
export function serializeInto(msg: SipMessage, buf: Uint8Array, offset: number): number {
  void msg; void buf; void offset;
  return 0;
}

/** Serializes `msg` into a new buffer. */
export function serializeSipMessage(msg: SipMessage): Uint8Array {
  void msg;
  return new Uint8Array(0);
}
