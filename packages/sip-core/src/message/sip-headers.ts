import type { SipHeaderField, SipHeaders } from './types.js';

/**
 * Compact forms (RFC 3261 §7.3.3 and the IANA SIP header registry) mapped to
 * the lower-cased long name.
 */
const COMPACT_FORMS: ReadonlyMap<string, string> = new Map([
  ['a', 'accept-contact'],
  ['b', 'referred-by'],
  ['c', 'content-type'],
  ['d', 'request-disposition'],
  ['e', 'content-encoding'],
  ['f', 'from'],
  ['i', 'call-id'],
  ['j', 'reject-contact'],
  ['k', 'supported'],
  ['l', 'content-length'],
  ['m', 'contact'],
  ['n', 'identity-info'],
  ['o', 'event'],
  ['r', 'refer-to'],
  ['s', 'subject'],
  ['t', 'to'],
  ['u', 'allow-events'],
  ['v', 'via'],
  ['x', 'session-expires'],
  ['y', 'identity'],
]);

/**
 * Headers whose grammar is a comma-separated list (`#` rule, RFC 3261 §7.3.1),
 * so several values may share one line. Others (Date, WWW-Authenticate ...)
 * may contain commas that are not separators.
 */
const LIST_HEADERS: ReadonlySet<string> = new Set([
  'accept', 'accept-encoding', 'accept-language', 'alert-info', 'allow', 'allow-events',
  'call-info', 'contact', 'content-encoding', 'content-language', 'error-info', 'in-reply-to',
  'p-asserted-identity', 'p-preferred-identity', 'path', 'proxy-require', 'reason',
  'record-route', 'require', 'route', 'security-client', 'security-server', 'security-verify',
  'service-route', 'supported', 'unsupported', 'via', 'warning', 'accept-contact',
  'reject-contact', 'history-info', 'p-associated-uri', 'diversion',
]);

/** Lower-cased long name of a header name given in any case or compact form. */
export function canonicalHeaderKey(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) return COMPACT_FORMS.get(lower) ?? lower;
  return lower;
}

/** Whether the header (lower-cased long name) uses the `#` list grammar. */
export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}

/** Splits a list header value at commas outside quotes and `<>`, trimming each element. */
export function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 60) inAngle = true;
    else if (c === 62) inAngle = false;
    else if (c === 44 && !inAngle) {
      const part = value.slice(start, i).trim();
      if (part.length > 0) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last.length > 0) out.push(last);
  return out;
}

/** The ordered header bag behind {@link SipHeaders}. */
class HeaderBag implements SipHeaders {
  private readonly fields: readonly SipHeaderField[];

  constructor(fields: readonly SipHeaderField[]) {
    this.fields = fields;
  }

  get size(): number {
    return this.fields.length;
  }

  get(name: string): string | undefined {
    const key = canonicalHeaderKey(name);
    for (const field of this.fields) if (canonicalHeaderKey(field.name) === key) return field.value;
    return undefined;
  }

  getAll(name: string): string[] {
    const key = canonicalHeaderKey(name);
    const isList = LIST_HEADERS.has(key);
    const out: string[] = [];
    for (const field of this.fields) {
      if (canonicalHeaderKey(field.name) !== key) continue;
      if (isList) out.push(...splitHeaderList(field.value));
      else out.push(field.value);
    }
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  entries(): readonly SipHeaderField[] {
    return this.fields;
  }

  /** Plain-data view for deep equality and logging. */
  toJSON(): readonly SipHeaderField[] {
    return this.fields;
  }
}

/**
 * Creates a header bag from raw `[name, value]` pairs in wire order. Names
 * must be tokens and values must not contain CR or LF; the serializer writes
 * them as given.
 */
export function createSipHeaders(fields: ReadonlyArray<readonly [string, string]>): SipHeaders {
  return new HeaderBag(fields.map(([name, value]) => ({ name, value })));
}

/** Creates a header bag from already-built fields (used by the parser; no copy). */
export function headersFromFields(fields: readonly SipHeaderField[]): SipHeaders {
  return new HeaderBag(fields);
}
