/**
 * The weak-PIN validator of SECURITY.md §"Weak-PIN blocklist" (NIST SP 800-63B-4 §3.1.1.2:
 * check new secrets against a blocklist and say why one is refused). The generator and
 * operator-chosen PINs go through the same function. Rejections name the rule and never
 * echo the digits.
 */
import { BridgeError, err, ok, type Result } from '../config/bridge-error.js';
import {
  matchesPhoneNumber,
  matchesRoomId,
  overlapsOtherCode,
  resemblesOtherRolePin,
  sharesRoomIdDigits,
} from './context-rules.js';
import { type Pin, type PinRole, PIN_MAX_LENGTH, PIN_MIN_LENGTH, toPin } from './pin.js';
import {
  hasFewDistinctDigits,
  hasRepeatedRun,
  hasSequentialRun,
  isArithmeticProgression,
  isCalendarDate,
  isKeypadPattern,
  isPalindrome,
  isPeriodic,
} from './structural-rules.js';

/** Why a PIN was refused: a format problem, a structural rule R1-R8 or a context rule C1-C6. */
export type PinRejectionCode =
  | 'not-digits'
  | 'wrong-length'
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'R7'
  | 'R8'
  | 'C1'
  | 'C2'
  | 'C3'
  | 'C4'
  | 'C5'
  | 'C6';

/** Operator-facing text per rejection code; none includes the PIN. */
export const PIN_REJECTION_REASONS: Readonly<Record<PinRejectionCode, string>> = {
  'not-digits': 'a PIN must consist of decimal digits only',
  'wrong-length': 'the PIN has the wrong number of digits',
  R1: 'rule R1: the digits form an arithmetic progression (like 123456 or 000000)',
  R2: 'rule R2: the digits repeat a short pattern (like 121212)',
  R3: 'rule R3: the PIN is a palindrome (like 123321)',
  R4: 'rule R4: the PIN contains 4 or more identical digits in a row',
  R5: 'rule R5: the PIN contains a long ascending or descending run (like 1234)',
  R6: 'rule R6: the PIN uses too few distinct digits',
  R7: 'rule R7: the PIN reads as a calendar date',
  R8: 'rule R8: the PIN is made of keypad lines (like 2580 or 147258)',
  C1: 'rule C1: the PIN equals the room ID, its reverse, or its first or last digits',
  C2: 'rule C2: the PIN shares 4 or more consecutive digits with the room ID',
  C3: "rule C3: the PIN resembles the other role's PIN",
  C4: 'rule C4: the PIN matches digits of a dial-in number or the owner\'s phone',
  C5: 'rule C5: the PIN equals one of the last 5 PINs of this room',
  C6: 'rule C6: the PIN is a prefix of, or extends, another code the same prompt accepts',
};

/** A refused PIN: the rule and its text. Carries no digits. */
export class PinRejection extends BridgeError<PinRejectionCode> {
  override readonly name = 'PinRejection';
  constructor(code: PinRejectionCode) {
    super(code, `PIN refused: ${PIN_REJECTION_REASONS[code]}`);
  }
}

/** What the validator knows about where the PIN will be used. Every field is optional. */
export interface PinContext {
  /** Which secret this is; only documents intent (the rules are the same for both roles). */
  readonly role?: PinRole;
  /** The required length; `wrong-length` when the PIN has another. */
  readonly length?: number;
  /** C1/C2: the room the PIN opens. */
  readonly roomId?: string;
  /** C3: the other role's PIN of the same room, when known in clear (at creation time). */
  readonly otherRolePin?: string;
  /** C4: dial-in DIDs and the owner's phone numbers, extensions and ANIs. */
  readonly phoneNumbers?: readonly string[];
  /** C5: true when the candidate equals one of the room's last 5 PINs (checked by hash). */
  readonly isRecentPin?: (candidate: Pin) => boolean;
  /** C6: other codes the same prompt accepts, in clear (e.g. one-time PINs minted together). */
  readonly otherCodes?: readonly string[];
  /**
   * C6 against stored codes known only by hash: true when `code` is accepted by the same
   * prompt. The validator asks for the PIN itself and each of its prefixes of 6+ digits.
   */
  readonly isAcceptedCode?: (code: string) => boolean;
}

type StructuralRule = readonly [PinRejectionCode, (digits: string) => boolean];

const STRUCTURAL_RULES: readonly StructuralRule[] = [
  ['R1', isArithmeticProgression],
  ['R2', isPeriodic],
  ['R3', isPalindrome],
  ['R4', hasRepeatedRun],
  ['R5', hasSequentialRun],
  ['R6', hasFewDistinctDigits],
  ['R7', isCalendarDate],
  ['R8', isKeypadPattern],
];

/** The first structural rule R1-R8 that `digits` breaks, if any. */
export function structuralRejection(digits: string): PinRejectionCode | undefined {
  for (const [code, isWeak] of STRUCTURAL_RULES) if (isWeak(digits)) return code;
  return undefined;
}

/**
 * Parses and checks a PIN: format and length first, then R1-R8, then the context rules the
 * `context` gives data for. Returns the `Pin` or the first rule it breaks.
 */
export function validatePin(digits: string, context: PinContext = {}): Result<Pin, PinRejection> {
  if (!/^[0-9]+$/.test(digits)) return err(new PinRejection('not-digits'));
  const pin = toPin(digits);
  if (pin === undefined || (context.length !== undefined && digits.length !== context.length)) {
    return err(new PinRejection('wrong-length'));
  }
  const structural = structuralRejection(pin);
  if (structural !== undefined) return err(new PinRejection(structural));
  const contextual = contextRejection(pin, context);
  if (contextual !== undefined) return err(new PinRejection(contextual));
  return ok(pin);
}

function contextRejection(pin: Pin, context: PinContext): PinRejectionCode | undefined {
  const { roomId, otherRolePin } = context;
  if (roomId !== undefined && matchesRoomId(pin, roomId)) return 'C1';
  if (roomId !== undefined && sharesRoomIdDigits(pin, roomId)) return 'C2';
  if (otherRolePin !== undefined && resemblesOtherRolePin(pin, otherRolePin)) return 'C3';
  if (context.phoneNumbers?.some((number) => matchesPhoneNumber(pin, number)) === true) return 'C4';
  if (context.isRecentPin?.(pin) === true) return 'C5';
  if (context.otherCodes?.some((code) => overlapsOtherCode(pin, code)) === true) return 'C6';
  const isAccepted = context.isAcceptedCode;
  if (isAccepted !== undefined) {
    for (let length = PIN_MIN_LENGTH; length <= Math.min(pin.length, PIN_MAX_LENGTH); length++) {
      if (isAccepted(pin.slice(0, length))) return 'C6';
    }
  }
  return undefined;
}
