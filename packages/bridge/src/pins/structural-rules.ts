/**
 * The structural rules R1-R8 of SECURITY.md §"Weak-PIN blocklist": shapes a person picks or
 * guesses first. Each rule is a pure predicate over a digit string; `true` means "weak".
 * Rules apply to any length 6-12; where SECURITY.md only defines 6, 8 and 10 digits (R7),
 * the closest definition is extended as documented on the rule.
 */

/** R1: an arithmetic progression mod 10 with any step (000000, 123456, 135791, 890123, 987654). */
export function isArithmeticProgression(digits: string): boolean {
  if (digits.length < 2) return true;
  const step = (digitAt(digits, 1) - digitAt(digits, 0) + 10) % 10;
  for (let i = 2; i < digits.length; i++) {
    if ((digitAt(digits, i) - digitAt(digits, i - 1) + 10) % 10 !== step) return false;
  }
  return true;
}

/** R2: periodic with a period p <= n/2, i.e. d[i] = d[i+p] for every i (121212, 12341234). */
export function isPeriodic(digits: string): boolean {
  const n = digits.length;
  for (let period = 1; period <= Math.floor(n / 2); period++) {
    let periodic = true;
    for (let i = 0; i + period < n; i++) {
      if (digits[i] !== digits[i + period]) {
        periodic = false;
        break;
      }
    }
    if (periodic) return true;
  }
  return false;
}

/** R3: reads the same backwards (123321, 12344321). */
export function isPalindrome(digits: string): boolean {
  for (let i = 0, j = digits.length - 1; i < j; i++, j--) {
    if (digits[i] !== digits[j]) return false;
  }
  return true;
}

/** R4: contains a run of 4 or more identical digits (x5555y). */
export function hasRepeatedRun(digits: string): boolean {
  let run = 1;
  for (let i = 1; i < digits.length; i++) {
    run = digits[i] === digits[i - 1] ? run + 1 : 1;
    if (run >= 4) return true;
  }
  return false;
}

/**
 * R5: contains an ascending or descending run (step ±1, no wrap from 9 to 0) of at least
 * n − 2 digits (1234xy, x98765 for n = 6).
 */
export function hasSequentialRun(digits: string): boolean {
  const needed = digits.length - 2;
  let up = 1;
  let down = 1;
  for (let i = 1; i < digits.length; i++) {
    const delta = digitAt(digits, i) - digitAt(digits, i - 1);
    up = delta === 1 ? up + 1 : 1;
    down = delta === -1 ? down + 1 : 1;
    if (up >= needed || down >= needed) return true;
  }
  return false;
}

/** R6: too few distinct digits: at most 2 when n <= 8, at most 3 when n >= 9 (110011). */
export function hasFewDistinctDigits(digits: string): boolean {
  const distinct = new Set(digits).size;
  return digits.length <= 8 ? distinct <= 2 : distinct <= 3;
}

/**
 * R7: a calendar date between 1900-01-01 and 2099-12-31.
 * - n = 6: DDMMYY, MMDDYY or YYMMDD (YY valid in 19YY or 20YY).
 * - n = 8: YYYYMMDD, DDMMYYYY or MMDDYYYY.
 * - n = 7: a 6-digit date as prefix or suffix; n >= 9: an 8-digit date as prefix or suffix
 *   (SECURITY.md defines n = 10 this way; the other lengths follow the same idea).
 */
export function isCalendarDate(digits: string): boolean {
  const n = digits.length;
  if (n === 6) return isSixDigitDate(digits);
  if (n === 8) return isEightDigitDate(digits);
  if (n === 7) return isSixDigitDate(digits.slice(0, 6)) || isSixDigitDate(digits.slice(1));
  if (n >= 9) return isEightDigitDate(digits.slice(0, 8)) || isEightDigitDate(digits.slice(n - 8));
  return false;
}

/**
 * The keypad lines of a 3×4 phone keypad (rows, columns, diagonals, each both ways) and the
 * middle column down to 0 (2580/0852). Layout (ITU-T E.161):
 * ```
 * 1 2 3
 * 4 5 6
 * 7 8 9
 * * 0 #
 * ```
 */
export const KEYPAD_LINES: readonly string[] = [
  '123', '456', '789', '147', '258', '369', '159', '357', '2580',
].flatMap((line) => [line, [...line].reverse().join('')]);

/** R8: the whole PIN is keypad lines joined together (147258, 159357, 25802580). */
export function isKeypadPattern(digits: string): boolean {
  // reachable[i]: the first i digits split into whole lines.
  const reachable: boolean[] = new Array<boolean>(digits.length + 1).fill(false);
  reachable[0] = true;
  for (let i = 0; i < digits.length; i++) {
    if (reachable[i] !== true) continue;
    for (const line of KEYPAD_LINES) {
      if (digits.startsWith(line, i)) reachable[i + line.length] = true;
    }
  }
  return reachable[digits.length] === true;
}

function digitAt(digits: string, index: number): number {
  return digits.charCodeAt(index) - 48;
}

function isSixDigitDate(d: string): boolean {
  const a = Number(d.slice(0, 2));
  const b = Number(d.slice(2, 4));
  const c = Number(d.slice(4, 6));
  return isDateWithShortYear(c, b, a) || isDateWithShortYear(c, a, b) || isDateWithShortYear(a, b, c);
}

function isDateWithShortYear(yy: number, month: number, day: number): boolean {
  return isValidDate(1900 + yy, month, day) || isValidDate(2000 + yy, month, day);
}

function isEightDigitDate(d: string): boolean {
  const yyyyFirst = isValidDate(Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6, 8)));
  const year = Number(d.slice(4, 8));
  const first = Number(d.slice(0, 2));
  const second = Number(d.slice(2, 4));
  return yyyyFirst || isValidDate(year, second, first) || isValidDate(year, first, second);
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
