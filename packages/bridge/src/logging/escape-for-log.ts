/**
 * Escaping for untrusted text that reaches a log field or a terminal: SIP display names,
 * User-Agents, caller IDs. A peer controls them, so they could carry control characters
 * (terminal escape sequences, fake newlines in plain-text views) or be huge.
 */

/** Default cap on an escaped field, in characters. */
export const DEFAULT_LOG_FIELD_LENGTH = 128;

/**
 * Returns `text` with C0/C1 control characters, DEL, line/paragraph separators and bidi
 * overrides written as `\u{XXXX}` (backslashes doubled), cut to `maxLength` characters
 * with a trailing `…` when longer.
 */
export function escapeForLog(text: string, maxLength = DEFAULT_LOG_FIELD_LENGTH): string {
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count >= maxLength) return `${out}…`;
    const code = char.codePointAt(0) ?? 0;
    const unsafe = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (char === '\\') out += '\\\\';
    else if (unsafe) out += `\\u{${code.toString(16).padStart(4, '0')}}`;
    else out += char;
    count++;
  }
  return out;
}
