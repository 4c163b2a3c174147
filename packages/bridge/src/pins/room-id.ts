/**
 * Conference IDs (SECURITY.md "Room ID"): 9 random digits by default, at least 8, never
 * allocated in sequence, never starting with 0 when generated. Not a secret: they go in
 * invitations, logs and audit rows.
 */
import { randomInt } from 'node:crypto';
import { type Branded } from './pin.js';
import { type RandomInt, PinGenerationError } from './generate-pin.js';
import { isArithmeticProgression, isPeriodic, hasRepeatedRun } from './structural-rules.js';

/** 8 to 12 decimal digits. */
export type RoomId = Branded<string, 'RoomId'>;

/** Shortest room ID (PRODUCT.md: "at least 8"). */
export const ROOM_ID_MIN_LENGTH = 8;
/** Longest room ID. */
export const ROOM_ID_MAX_LENGTH = 12;

const ROOM_ID_PATTERN = /^[0-9]{8,12}$/;

/** Parses a room ID; `undefined` when it is not 8-12 decimal digits. */
export function toRoomId(digits: string): RoomId | undefined {
  return ROOM_ID_PATTERN.test(digits) ? (digits as RoomId) : undefined;
}

/**
 * Generates a random room ID of `length` digits whose first digit is 1-9 and which is not an
 * obvious pattern (a progression such as 123456789, a repeat, or 4+ identical digits), so
 * one room ID cannot be guessed from another. `isTaken` lets the caller skip IDs in use.
 */
export function generateRoomId(
  length = 9,
  isTaken: (id: RoomId) => boolean = () => false,
  random: RandomInt = randomInt,
): RoomId {
  if (!Number.isInteger(length) || length < ROOM_ID_MIN_LENGTH || length > ROOM_ID_MAX_LENGTH) {
    throw new PinGenerationError('bad-length', `room ID length must be an integer from ${ROOM_ID_MIN_LENGTH} to ${ROOM_ID_MAX_LENGTH}`);
  }
  for (let draw = 0; draw < 100; draw++) {
    let digits = String(random(1, 10));
    for (let i = 1; i < length; i++) digits += String(random(0, 10));
    if (isArithmeticProgression(digits) || isPeriodic(digits) || hasRepeatedRun(digits)) continue;
    const id = digits as RoomId;
    if (!isTaken(id)) return id;
  }
  throw new PinGenerationError('exhausted', `no free ${length}-digit room ID in 100 draws`);
}
