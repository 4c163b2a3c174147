/**
 * Character classes of RFC 3261 §25.1 as one 128-entry bit table, so the
 * scanners test a class with one array load and a mask instead of a regex.
 */

/** token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" */
export const TOKEN = 1;
/** unreserved: alphanum / mark ("-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")") */
export const UNRESERVED = 2;
/** user-unreserved: "&" / "=" / "+" / "$" / "," / ";" / "?" / "/" */
export const USER_UNRESERVED = 4;
/** password extras: "&" / "=" / "+" / "$" / "," */
export const PASSWORD_EXTRA = 8;
/** param-unreserved: "[" / "]" / "/" / ":" / "&" / "+" / "$" */
export const PARAM_UNRESERVED = 16;
/** hnv-unreserved: "[" / "]" / "/" / "?" / ":" / "+" / "$" */
export const HNV_UNRESERVED = 32;
/** word (Call-ID, RFC 3261 §25.1): token plus ( ) < > : \ DQUOTE / [ ] ? { } */
export const WORD = 64;
/** hostname and IP literal characters: alphanum "-" "." "_" (lenient) */
export const HOST = 128;
/** characters of an IPv6 reference body: hex digits ":" "." */
export const IPV6 = 256;
/** tel number characters (RFC 3966 §3, lenient): digits hex "*" "#" "+" "-" "." "(" ")" */
export const TEL = 512;
/** URI scheme characters after the first: alphanum "+" "-" "." */
export const SCHEME = 1024;

function build(): Uint16Array {
  const t = new Uint16Array(128);
  const add = (chars: string, flag: number): void => {
    for (let i = 0; i < chars.length; i++) {
      const c = chars.charCodeAt(i);
      t[c] = (t[c] ?? 0) | flag;
    }
  };
  const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  add(alnum, TOKEN | UNRESERVED | WORD | HOST | SCHEME);
  add("-.!%*_+`'~", TOKEN | WORD);
  add("-_.!~*'()", UNRESERVED);
  add('()<>:\\"/[]?{}', WORD);
  add('&=+$,;?/', USER_UNRESERVED);
  add('&=+$,', PASSWORD_EXTRA);
  add('[]/:&+$', PARAM_UNRESERVED);
  add('[]/?:+$', HNV_UNRESERVED);
  add('-._', HOST);
  add('0123456789abcdefABCDEF:.', IPV6);
  add('0123456789abcdefABCDEF*#+-.()pPwW', TEL);
  add('+-.', SCHEME);
  return t;
}

/** The class table, indexed by char code (< 128). */
export const CHAR_CLASS: Uint16Array = build();

/** Whether char code `c` belongs to any class in `mask`. */
export function isClass(c: number, mask: number): boolean {
  return c < 128 && ((CHAR_CLASS[c] ?? 0) & mask) !== 0;
}

/** Whether `s` is a non-empty token (RFC 3261 §25.1). */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    if (!isClass(s.charCodeAt(i), TOKEN)) return false;
  }
  return true;
}

/** Index of the first char at or after `i` that is not SP or HTAB. */
export function skipWs(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/** Index just past the last char before `end` that is not SP or HTAB. */
export function trimEnd(s: string, start: number, end: number): number {
  while (end > start) {
    const c = s.charCodeAt(end - 1);
    if (c !== 32 && c !== 9) break;
    end--;
  }
  return end;
}

/** Index just past a run of chars of class `mask` starting at `i`. */
export function scanClass(s: string, i: number, end: number, mask: number): number {
  while (i < end && isClass(s.charCodeAt(i), mask)) i++;
  return i;
}

/** A Map that stays empty: shared by every parse result without parameters. */
class EmptyMap<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    void key;
    void value;
    throw new TypeError('this parameter map is immutable');
  }
}

/** The shared immutable empty parameter map (saves an allocation per URI). */
export const EMPTY_MAP: ReadonlyMap<string, never> = new EmptyMap<string, never>();

/** Index of `ch` (a char code) in `s[from, end)`, or -1. */
export function indexOfIn(s: string, ch: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (s.charCodeAt(i) === ch) return i;
  return -1;
}

/** `s` lower-cased, without allocating when it has no upper-case ASCII letter. */
export function lowerAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.toLowerCase();
  }
  return s;
}

/** `s` upper-cased, without allocating when it has no lower-case ASCII letter. */
export function upperAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}
