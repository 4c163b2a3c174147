import { SipError } from '../errors/sip-error.js';

/**
 * Why a message or a header could not be parsed. Each code maps to the
 * response a UAS sends ({@link sipStatusForParseError}).
 */
export type SipParseCode =
  /** Input ended inside the start line or headers (no blank line). */
  | 'truncated'
  /** Message exceeds `maxMessageBytes` (RFC 3261 §21.5.14: 513). */
  | 'too-large'
  /** More header lines than `maxHeaders`. */
  | 'too-many-headers'
  /** A start line or unfolded header line exceeds `maxLineBytes`. */
  | 'line-too-long'
  /** The Request-URI exceeds `maxLineBytes` (RFC 3261 §21.4.12: 414). */
  | 'uri-too-long'
  /** Start line is neither a request line nor a status line. */
  | 'bad-start-line'
  /** SIP-Version other than SIP/2.0 (RFC 3261 §21.5.6: 505). */
  | 'bad-version'
  /** A header line without a colon, a bad name, or an unparseable value. */
  | 'bad-header'
  /** A URI that does not follow RFC 3261 §25.1 / RFC 3966. */
  | 'bad-uri'
  /** Request-URI scheme we do not serve (RFC 3261 §8.2.2.1: 416). */
  | 'unsupported-uri-scheme'
  /** A required header (Via, From, To, Call-ID, CSeq) is absent. */
  | 'missing-header'
  /** A header that may appear once appears more than once. */
  | 'duplicate-header'
  /** Content-Length larger than the body, or missing on a stream. */
  | 'content-length-mismatch'
  /** Content-Length not a number. */
  | 'bad-content-length'
  /** CSeq not `number method` or out of range. */
  | 'bad-cseq'
  /** Via not a valid via-parm. */
  | 'bad-via'
  /** From, To or Contact not a valid name-addr / addr-spec. */
  | 'bad-name-addr'
  /** Max-Forwards not 0..255. */
  | 'bad-max-forwards'
  /** Status code outside 100..699. */
  | 'bad-status'
  /** CSeq method differs from the request method (RFC 3261 §8.2.2 → 400). */
  | 'method-mismatch';

/** A typed parse failure with the byte offset where it was found. */
export class SipParseError extends SipError<SipParseCode> {
  override readonly name = 'SipParseError';
  /** Byte offset into the parsed input (0 for header-value parsers). */
  readonly offset: number;
  /** The human-readable part of the message, without code and offset. */
  readonly detail: string;

  /**
   * @param code - what went wrong
   * @param offset - byte offset into the input
   * @param detail - short human-readable detail
   */
  constructor(code: SipParseCode, offset: number, detail: string) {
    super(code, `${code} at byte ${offset}: ${detail}`);
    this.offset = offset;
    this.detail = detail;
  }
}

/**
 * The response status a UAS sends for a request that failed with `code`
 * (RFC 3261 §21). Responses that fail to parse are dropped instead
 * (RFC 3261 §18.1.2).
 */
export function sipStatusForParseError(code: SipParseCode): number {
  switch (code) {
    case 'too-large':
      return 513; // RFC 3261 §21.5.14 Message Too Large
    case 'uri-too-long':
      return 414; // RFC 3261 §21.4.12 Request-URI Too Long
    case 'unsupported-uri-scheme':
      return 416; // RFC 3261 §21.4.14 Unsupported URI Scheme
    case 'bad-version':
      return 505; // RFC 3261 §21.5.6 Version Not Supported
    case 'truncated':
    case 'too-many-headers':
    case 'line-too-long':
    case 'bad-start-line':
    case 'bad-header':
    case 'bad-uri':
    case 'missing-header':
    case 'duplicate-header':
    case 'content-length-mismatch':
    case 'bad-content-length':
    case 'bad-cseq':
    case 'bad-via':
    case 'bad-name-addr':
    case 'bad-max-forwards':
    case 'bad-status':
    case 'method-mismatch':
      return 400; // RFC 3261 §21.4.1 Bad Request
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
