/**
 * Digits carried in SIP INFO bodies. Two formats exist in the field:
 * - `application/dtmf-relay` (Cisco's, the common one): `Signal=5\r\nDuration=160\r\n`;
 *   keys in any case, CRLF or LF, spaces around `=`, and `Signal=10` / `11` for `*` / `#`
 *   as some gateways send.
 * - `application/dtmf` (RFC 2976 era): the bare key, e.g. `5`.
 */
import { toDtmfDigit, type DtmfDigit } from '../dtmf-digit.js';
import { DtmfError, err, ok, type Result } from '../dtmf-error.js';

/** One key from an INFO body. */
export interface InfoDigit {
  readonly digit: DtmfDigit;
  readonly durationMs: number;
}

const MAX_BODY_BYTES = 1024;
const DEFAULT_DURATION_MS = 100;
const NUMERIC_SIGNALS: Readonly<Record<string, DtmfDigit>> = { '10': '*', '11': '#', '12': 'A', '13': 'B', '14': 'C', '15': 'D' };

/** Decodes an INFO body given its Content-Type header value. */
export function decodeInfoBody(contentType: string, body: string | Uint8Array): Result<InfoDigit, DtmfError> {
  const mediaType = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  const size = typeof body === 'string' ? body.length : body.byteLength;
  if (size > MAX_BODY_BYTES) return err(new DtmfError('bad-body', `body of ${size} bytes is too large`));
  const text = typeof body === 'string' ? body : latin1(body);
  switch (mediaType) {
    case 'application/dtmf-relay':
      return decodeDtmfRelay(text);
    case 'application/dtmf':
      return decodeBareDigit(text);
    default:
      return err(new DtmfError('unsupported-content-type', `content type ${JSON.stringify(mediaType.slice(0, 64))} carries no DTMF`));
  }
}

function decodeDtmfRelay(text: string): Result<InfoDigit, DtmfError> {
  let signal: string | undefined;
  let durationText: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    const equals = line.indexOf('=');
    if (equals < 0) return err(new DtmfError('bad-body', 'dtmf-relay line without "="'));
    const key = line.slice(0, equals).trim().toLowerCase();
    const value = line.slice(equals + 1).trim();
    if (key === 'signal') signal = value;
    else if (key === 'duration') durationText = value;
  }
  if (signal === undefined) return err(new DtmfError('bad-signal', 'dtmf-relay body has no Signal='));
  const digit = parseSignal(signal);
  if (digit === undefined) return err(new DtmfError('bad-signal', 'Signal= is not a DTMF key'));
  const durationMs = durationText === undefined ? DEFAULT_DURATION_MS : parseDuration(durationText);
  if (durationMs === undefined) return err(new DtmfError('bad-duration', 'Duration= is not a whole number of milliseconds'));
  return ok({ digit, durationMs });
}

function decodeBareDigit(text: string): Result<InfoDigit, DtmfError> {
  const trimmed = text.trim();
  if (/^signal\s*=/i.test(trimmed)) return decodeDtmfRelay(trimmed);
  const digit = parseSignal(trimmed);
  if (digit === undefined) return err(new DtmfError('bad-signal', 'application/dtmf body is not one DTMF key'));
  return ok({ digit, durationMs: DEFAULT_DURATION_MS });
}

function parseSignal(value: string): DtmfDigit | undefined {
  return NUMERIC_SIGNALS[value] ?? toDtmfDigit(value);
}

function parseDuration(value: string): number | undefined {
  if (!/^[0-9]{1,6}$/.test(value)) return undefined;
  return Number(value);
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
