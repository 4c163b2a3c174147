/**
 * Caller-ID redaction for the roster API (issue 7: "caller ID redacted to its last 4 digits
 * unless the token is an admin token"; SECURITY.md: caller numbers are personal data).
 */

/** Number of trailing digits a redacted caller ID keeps. */
export const REDACTED_DIGITS = 4;

/**
 * Keeps only the last 4 digits of a caller ID behind `***` (`+4930123456` → `***3456`,
 * `sip:alice@example.com` → `***`). Anything that is not a digit is dropped, so a SIP URI
 * never leaks a user name or host.
 */
export function redactCallerId(callerId: string): string {
  const digits = callerId.replace(/[^0-9]/g, '');
  return `***${digits.slice(-REDACTED_DIGITS)}`;
}
