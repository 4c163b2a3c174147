import { isClass, IPV6, lowerAscii, skipWs, TOKEN } from './chars.js';

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

/** Scratch record filled by {@link scanHeaderParam}; one per parse call. */
export interface ParamScan {
  /** Lower-cased parameter name. */
  name: string;
  /** Value as written (quoted values keep their quotes), `null` when absent. */
  value: string | null;
  /** Index after the parameter and any whitespace that follows it. */
  end: number;
  /** Index of the offending char when the parameter is malformed. */
  errorAt: number;
}

/** A fresh scratch record for {@link scanHeaderParam}. */
export function newParamScan(): ParamScan {
  return { name: '', value: null, end: 0, errorAt: -1 };
}

/**
 * Parses one `SEMI generic-param` (RFC 3261 §25.1: `token [ EQUAL gen-value ]`,
 * gen-value = token / host / quoted-string) where `s[i]` is the ";". Returns
 * false (with `out.errorAt`) when it is malformed.
 */
export function scanHeaderParam(s: string, i: number, end: number, out: ParamScan): boolean {
  GENERIC_PARAM.lastIndex = i;
  const m = GENERIC_PARAM.exec(s);
  if (m !== null && GENERIC_PARAM.lastIndex <= end) {
    out.name = lowerAscii(m[1] ?? '');
    out.value = m[2] ?? null;
    out.end = GENERIC_PARAM.lastIndex;
    return true;
  }
  return scanHeaderParamSlow(s, i, end, out);
}

/**
 * Fast path of {@link scanHeaderParam}. Sticky: `lastIndex` is set before
 * every use, so no state outlives a call.
 */
const GENERIC_PARAM = /;[ \t]*([-!%'*+.0-9A-Z_`a-z~]+)(?:[ \t]*=[ \t]*([-!%'*+.0-9A-Z_`a-z~:[\]]+|"(?:[^"\\]|\\.)*"))?[ \t]*/y;

/** Slow path of {@link scanHeaderParam}: the same grammar, reporting where it breaks. */
function scanHeaderParamSlow(s: string, i: number, end: number, out: ParamScan): boolean {
  let j = skipWs(s, i + 1, end);
  const nameStart = j;
  while (j < end && isClass(s.charCodeAt(j), TOKEN)) j++;
  if (j === nameStart) {
    out.errorAt = j;
    return false;
  }
  out.name = lowerAscii(s.slice(nameStart, j));
  j = skipWs(s, j, end);
  if (j < end && s.charCodeAt(j) === 61) {
    j = skipWs(s, j + 1, end);
    const valueStart = j;
    if (j < end && s.charCodeAt(j) === 34) {
      j = scanQuoted(s, j, end);
      if (j < 0) {
        out.errorAt = valueStart;
        return false;
      }
    } else {
      while (j < end && isGenValueChar(s.charCodeAt(j))) j++;
      if (j === valueStart) {
        out.errorAt = j;
        return false;
      }
    }
    out.value = s.slice(valueStart, j);
    j = skipWs(s, j, end);
  } else {
    out.value = null;
  }
  out.end = j;
  return true;
}

/** Formats parameters as `;name=value` / `;name`, values written as stored. */
export function formatHeaderParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? ';' + name : ';' + name + '=' + value;
  return out;
}
