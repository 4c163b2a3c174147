import { isClass, skipWs, TOKEN, IPV6 } from './chars.js';

/**
 * Index just past the closing DQUOTE of the quoted-string that opens at `i`,
 * or -1 when it is unterminated (RFC 3261 §25.1 `quoted-string`,
 * `quoted-pair` = "\" followed by one char).
 */
export function scanQuoted(s: string, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** The content of the quoted-string `s[start, end)` (quotes included) without quotes and escapes. */
export function unquote(s: string, start: number, end: number): string {
  const inner = s.slice(start + 1, end - 1);
  if (inner.indexOf('\\') < 0) return inner;
  let out = '';
  for (let j = 0; j < inner.length; j++) {
    const ch = inner[j];
    if (ch === '\\' && j + 1 < inner.length) {
      j++;
      out += inner[j];
    } else {
      out += ch;
    }
  }
  return out;
}

/** Quotes `value` as a quoted-string, escaping `"` and `\` (RFC 3261 §25.1). */
export function quote(value: string): string {
  return '"' + value.replace(/["\\]/g, (m) => '\\' + m) + '"';
}

function isGenValueChar(c: number): boolean {
  // gen-value = token / host; host adds "[" "]" ":" for IPv6 references.
  return isClass(c, TOKEN | IPV6) || c === 91 || c === 93;
}

/** Outcome of {@link parseHeaderParams}: the index where parsing stopped, or -1-position on error. */
export interface HeaderParamsScan {
  /** Index of the first char after the parameters (whitespace skipped). */
  readonly end: number;
  /** Index of the offending char when the parameters are malformed, else -1. */
  readonly errorAt: number;
}

/**
 * Parses `*( SEMI generic-param )` from `i` into `into` (names lower-cased;
 * quoted values kept with their quotes so nothing is lost; `null` for a
 * parameter without value). Stops at the first char that is not `;`.
 */
export function parseHeaderParams(
  s: string,
  i: number,
  end: number,
  into: Map<string, string | null>,
): HeaderParamsScan {
  let j = skipWs(s, i, end);
  while (j < end && s.charCodeAt(j) === 59) {
    j = skipWs(s, j + 1, end);
    const nameStart = j;
    while (j < end && isClass(s.charCodeAt(j), TOKEN)) j++;
    if (j === nameStart) return { end: j, errorAt: j };
    const name = s.slice(nameStart, j).toLowerCase();
    j = skipWs(s, j, end);
    if (j < end && s.charCodeAt(j) === 61) {
      j = skipWs(s, j + 1, end);
      const valueStart = j;
      if (j < end && s.charCodeAt(j) === 34) {
        j = scanQuoted(s, j, end);
        if (j < 0) return { end, errorAt: valueStart };
      } else {
        while (j < end && isGenValueChar(s.charCodeAt(j))) j++;
        if (j === valueStart) return { end: j, errorAt: j };
      }
      into.set(name, s.slice(valueStart, j));
      j = skipWs(s, j, end);
    } else {
      into.set(name, null);
    }
  }
  return { end: j, errorAt: -1 };
}

/** Formats parameters as `;name=value` / `;name`, values written as stored. */
export function formatHeaderParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? ';' + name : ';' + name + '=' + value;
  return out;
}
