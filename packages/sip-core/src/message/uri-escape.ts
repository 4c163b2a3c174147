import { isClass } from './chars.js';

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * Checks that `s[start, end)` holds only chars of `mask` or `%HH` escapes
 * (RFC 3261 §25.1 `escaped`) and returns it unescaped; escaped octets are
 * decoded as UTF-8 (invalid sequences become U+FFFD, never an exception).
 * Returns `undefined` when a char is outside the class or an escape is bad.
 */
export function unescapeUriPart(s: string, start: number, end: number, mask: number): string | undefined {
  let hasEscape = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      if (i + 2 >= end) return undefined;
      if (hexValue(s.charCodeAt(i + 1)) < 0 || hexValue(s.charCodeAt(i + 2)) < 0) return undefined;
      hasEscape = true;
      i += 2;
    } else if (!isClass(c, mask)) {
      return undefined;
    }
  }
  if (!hasEscape) return s.slice(start, end);
  const bytes: number[] = [];
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      bytes.push(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  return utf8Decoder.decode(Uint8Array.from(bytes));
}

const HEX = '0123456789ABCDEF';

/**
 * Escapes `value` for a URI component: chars of `mask` stay, every other
 * char is written as `%HH` of its UTF-8 octets (RFC 3261 §19.1.2).
 */
export function escapeUriPart(value: string, mask: number): string {
  let i = 0;
  while (i < value.length && isClass(value.charCodeAt(i), mask)) i++;
  if (i === value.length) return value;
  let out = value.slice(0, i);
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isClass(c, mask)) {
      out += value[i];
      continue;
    }
    const cp = value.codePointAt(i) ?? c;
    const ch = String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
    for (const b of utf8Encoder.encode(ch)) out += '%' + (HEX[b >> 4] ?? '0') + (HEX[b & 15] ?? '0');
  }
  return out;
}
