export { PIN_MAX_LENGTH, PIN_MIN_LENGTH, PIN_ROLES, isPinRole, toPin } from './pin.js';
export type { Branded, Pin, PinRole } from './pin.js';
export {
  KEYPAD_LINES,
  hasFewDistinctDigits,
  hasRepeatedRun,
  hasSequentialRun,
  isArithmeticProgression,
  isCalendarDate,
  isKeypadPattern,
  isPalindrome,
  isPeriodic,
} from './structural-rules.js';
export {
  longestCommonSubstring,
  matchesPhoneNumber,
  matchesRoomId,
  overlapsOtherCode,
  resemblesOtherRolePin,
  sharesRoomIdDigits,
} from './context-rules.js';
export { PIN_REJECTION_REASONS, PinRejection, structuralRejection, validatePin } from './validate-pin.js';
export type { PinContext, PinRejectionCode } from './validate-pin.js';
export { MAX_PIN_DRAWS, PinGenerationError, generatePin, randomDigits } from './generate-pin.js';
export type { PinGenerationErrorCode, RandomInt } from './generate-pin.js';
export { ROOM_ID_MAX_LENGTH, ROOM_ID_MIN_LENGTH, generateRoomId, toRoomId } from './room-id.js';
export type { RoomId } from './room-id.js';
export { SERVER_KEY_BYTES, SERVER_KEY_ENV, SERVER_KEY_FILE, ServerKey, ServerKeyError, loadServerKey } from './server-key.js';
export type { LoadServerKeyOptions, ServerKeyErrorCode, ServerKeySource } from './server-key.js';
export { PIN_HASH_HEX_LENGTH, hashPin, pinMatches } from './hash-pin.js';
export type { HashedCodeRole } from './hash-pin.js';
