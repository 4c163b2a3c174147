/**
 * The per-room context rules C1-C4 and C6 of SECURITY.md §"Weak-PIN blocklist" (C5, "one of
 * the room's last 5 PINs", needs the stored hashes and is a callback of the validator).
 * Each is a pure predicate over digit strings; `true` means "refuse".
 */

/** C1: the PIN equals the room ID, its reverse, or the room ID's first or last n digits. */
export function matchesRoomId(pin: string, roomId: string): boolean {
  const n = pin.length;
  const reversed = [...roomId].reverse().join('');
  return pin === roomId || pin === reversed || (roomId.length >= n && (roomId.startsWith(pin) || roomId.endsWith(pin)));
}

/** C2: the PIN and the room ID share a substring of 4 or more digits. */
export function sharesRoomIdDigits(pin: string, roomId: string): boolean {
  return longestCommonSubstring(pin, roomId) >= 4;
}

/**
 * C3: the two roles' PINs are too alike: one contains the other, they share a substring of 6
 * or more digits, or (equal lengths) they differ in fewer than 3 positions.
 */
export function resemblesOtherRolePin(pin: string, otherPin: string): boolean {
  if (pin.includes(otherPin) || otherPin.includes(pin)) return true;
  if (longestCommonSubstring(pin, otherPin) >= 6) return true;
  if (pin.length === otherPin.length) {
    let differing = 0;
    for (let i = 0; i < pin.length; i++) if (pin[i] !== otherPin[i]) differing++;
    return differing < 3;
  }
  return false;
}

/**
 * C4: the PIN matches digits of a phone number (a dial-in DID, the owner's phone, extension
 * or ANI): they share a run of 6 digits, or the whole number when it has 3-5 digits.
 * Non-digits (`+`, spaces, dashes) are ignored; numbers under 3 digits are ignored.
 */
export function matchesPhoneNumber(pin: string, phoneNumber: string): boolean {
  const digits = phoneNumber.replace(/[^0-9]/g, '');
  if (digits.length < 3) return false;
  const needed = Math.min(6, digits.length, pin.length);
  return longestCommonSubstring(pin, digits) >= needed;
}

/**
 * C6: the PIN is a prefix of, or extends, another code the same prompt accepts (BBB #9478):
 * with submit-at-length entry, one of the two could never be typed in full.
 */
export function overlapsOtherCode(pin: string, otherCode: string): boolean {
  return pin.startsWith(otherCode) || otherCode.startsWith(pin);
}

/** Length of the longest common substring of `a` and `b` (dynamic programming, O(|a|·|b|)). */
export function longestCommonSubstring(a: string, b: string): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        const length = (previous[j - 1] ?? 0) + 1;
        current[j] = length;
        if (length > best) best = length;
      }
    }
    previous = current;
  }
  return best;
}
