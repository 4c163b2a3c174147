/**
 * Public data types of the SIP message layer (RFC 3261 §7, §19, §20, §25).
 *
 * Every type is plain readonly data: a parsed message can be compared with
 * deep equality, copied with spread, and serialized again. Strings are JS
 * strings decoded from UTF-8; bodies stay bytes (`Uint8Array`) because their
 * charset is only known from Content-Type (STYLE.md §5).
 */

/** `sip:` or `sips:` URI (RFC 3261 §19.1). */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** User part, percent-unescaped (RFC 3261 §19.1.2). */
  readonly user?: string;
  /** Password part, percent-unescaped. Deprecated by RFC 3261 §19.1.1 but parsed. */
  readonly password?: string;
  /**
   * Host as written: a domain name, an IPv4 address, or an IPv6 reference
   * *with* its brackets (`[2001:db8::1]`, RFC 3261 §25.1 `IPv6reference`).
   */
  readonly host: string;
  /** Port, when the URI names one (0..65535). */
  readonly port?: number;
  /**
   * uri-parameters in order; names lower-cased, values unescaped, `null` for a
   * parameter without value (`;lr`).
   */
  readonly params: ReadonlyMap<string, string | null>;
  /** `?name=value&...` headers, unescaped, in order (names as written). */
  readonly headers: ReadonlyMap<string, string>;
}

/** `tel:` URI (RFC 3966), kept shallow: the number as written plus its parameters. */
export interface TelUri {
  readonly scheme: 'tel';
  /** global or local number as written, visual separators included (`+1-201-555-0123`). */
  readonly number: string;
  /** Parameters in order; names lower-cased, `null` when valueless. */
  readonly params: ReadonlyMap<string, string | null>;
}

/** Any other absoluteURI (RFC 3261 §25.1), kept as written. */
export interface AbsoluteUri {
  /** Lower-cased scheme, e.g. `http`, `urn`. */
  readonly scheme: string;
  /** The full URI text, scheme included. */
  readonly raw: string;
}

/** A Request-URI or the URI of a name-addr. */
export type Uri = SipUri | TelUri | AbsoluteUri;

/**
 * name-addr or addr-spec with header parameters (From, To, Contact, Route,
 * Record-Route, P-Asserted-Identity ...; RFC 3261 §20.10, §20.20, §20.39).
 */
export interface NameAddr {
  /** display-name, unquoted and unescaped; absent for an addr-spec or an empty name. */
  readonly displayName?: string;
  readonly uri: Uri;
  /**
   * Header parameters in order (not the URI's own parameters), names
   * lower-cased, `tag` excluded (it has its own field).
   */
  readonly params: ReadonlyMap<string, string | null>;
  /** The `tag` parameter (RFC 3261 §19.3). */
  readonly tag?: string;
}

/** One via-parm (RFC 3261 §20.42, RFC 3581 for `rport`). */
export interface Via {
  readonly protocol: 'SIP/2.0';
  /** Transport token upper-cased: `UDP`, `TCP`, `TLS`, `SCTP`, `WS` ... */
  readonly transport: string;
  /** sent-by host as written; IPv6 references keep their brackets. */
  readonly host: string;
  /** sent-by port, when present. */
  readonly port?: number;
  /** `branch` parameter; RFC 3261 branches start with `z9hG4bK` (§8.1.1.7). */
  readonly branch?: string;
  /** `received` parameter (RFC 3261 §18.2.1). */
  readonly received?: string;
  /** `rport` (RFC 3581 §4): `true` when present without value, the port when filled in. */
  readonly rport?: number | true;
  /** Other parameters in order (`maddr`, `ttl`, extensions); names lower-cased. */
  readonly params: ReadonlyMap<string, string | null>;
}

/** CSeq header value (RFC 3261 §20.16). */
export interface CSeq {
  /** Sequence number, 0 .. 2^31-1. */
  readonly seq: number;
  /** Method, case-sensitive as RFC 3261 §7.1 requires. */
  readonly method: string;
}

/** One raw header field as it appeared (or will appear) on the wire. */
export interface SipHeaderField {
  /** Field name as written (long or compact form, any case). */
  readonly name: string;
  /** Field value with folding collapsed to single spaces, trimmed. */
  readonly value: string;
}

/**
 * Ordered, case-insensitive, compact-form-aware bag of the header fields that
 * the message does not carry as structured fields.
 *
 * The structured headers (Via, From, To, Call-ID, CSeq, Max-Forwards,
 * Contact, Content-Length, Content-Type) live in their own message fields and
 * are NOT in this bag; everything else (Record-Route, Require, Supported,
 * Session-Expires, P-Asserted-Identity, unknown extensions ...) stays here raw
 * and is parsed on use with `parseNameAddr` and friends.
 */
export interface SipHeaders {
  /** Number of fields. */
  readonly size: number;
  /** Value of the first field with this name (any case, long or compact form). */
  get(name: string): string | undefined;
  /**
   * All values of the field, across repeated lines; for list headers (`#`
   * grammar, e.g. Require, Supported, Allow, Record-Route, Route) each line is
   * split at top-level commas (outside quotes and `<>`).
   */
  getAll(name: string): string[];
  /** Whether a field with this name is present. */
  has(name: string): boolean;
  /** Raw fields in wire order. */
  entries(): readonly SipHeaderField[];
}

/** Fields present in both requests and responses. */
export interface SipMessageBase {
  readonly version: 'SIP/2.0';
  /** The non-structured headers (see {@link SipHeaders}). */
  readonly headers: SipHeaders;
  /** Via header field values, top first; never empty. */
  readonly via: readonly [Via, ...Via[]];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  /** Max-Forwards (RFC 3261 §20.22), when present. */
  readonly maxForwards?: number;
  /** Contact values, when present and not `*` (a `Contact: *` stays raw in `headers`). */
  readonly contact?: readonly NameAddr[];
  /** Length of `body` in bytes (RFC 3261 §20.14). */
  readonly contentLength: number;
  /** Content-Type value as written (RFC 3261 §20.15), when present. */
  readonly contentType?: string;
  /** Message body, bytes. */
  readonly body: Uint8Array;
}

/** A parsed or built SIP request (RFC 3261 §7.1). */
export interface SipRequest extends SipMessageBase {
  readonly kind: 'request';
  /** Method token, case-sensitive (`INVITE`, `ACK` ...). */
  readonly method: string;
  readonly uri: Uri;
}

/** A parsed or built SIP response (RFC 3261 §7.2). */
export interface SipResponse extends SipMessageBase {
  readonly kind: 'response';
  /** Status code 100..699. */
  readonly status: number;
  /** Reason phrase (may be empty). */
  readonly reason: string;
}

/** A request or a response. */
export type SipMessage = SipRequest | SipResponse;

/** Parser caps; every one is config with a safe default (SECURITY.md "SIP parser"). */
export interface SipLimits {
  /** Whole message (headers and body) in bytes. Default 16384. */
  readonly maxMessageBytes: number;
  /** Number of header lines (after unfolding). Default 100. */
  readonly maxHeaders: number;
  /** One logical (unfolded) header line or the start line, in bytes. Default 8192. */
  readonly maxLineBytes: number;
}

/** How the bytes reached us, which decides the Content-Length rules (RFC 3261 §18.3). */
export type SipFraming = 'datagram' | 'stream';

/** Options of `parseSipMessage`. */
export interface SipParseOptions extends Partial<SipLimits> {
  /**
   * `datagram` (default): Content-Length is optional and the body is the rest
   * of the datagram; bytes past Content-Length are discarded.
   * `stream`: Content-Length is mandatory (RFC 3261 §18.3).
   */
  readonly framing?: SipFraming;
}

/** One step of TCP framing (see `frameSipStream`). */
export type SipStreamFrame =
  | {
      /** A whole message: `bytes` is a view into the input buffer. */
      readonly kind: 'message';
      readonly bytes: Uint8Array;
      /** Bytes of the input consumed (leading CRLFs + the message). */
      readonly consumed: number;
    }
  | {
      /**
       * Only CRLFs before the next message were consumed. `isPing` when a
       * double CRLF was seen: RFC 5626 §4.4.1 asks for a single CRLF pong.
       */
      readonly kind: 'keepalive';
      readonly consumed: number;
      readonly isPing: boolean;
    }
  | {
      /** Not a whole message yet; call again when more bytes arrive. */
      readonly kind: 'need-more';
    };

/** Options of `buildResponse`. */
export interface BuildResponseOptions {
  /** Status code 100..699. */
  readonly status: number;
  /** Reason phrase; defaults to the RFC 3261 §21 phrase. */
  readonly reason?: string;
  /** To-tag to add when the request's To has none (RFC 3261 §8.2.6.2). */
  readonly toTag?: string;
  /** Contact for the response (dialog-creating responses need one, §12.1.1). */
  readonly contact?: readonly NameAddr[];
  /** Extra header fields, in order. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array;
  readonly contentType?: string;
}

/** Options of `buildRequest`. */
export interface BuildRequestOptions {
  readonly method: string;
  readonly uri: Uri;
  readonly via: readonly [Via, ...Via[]];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  /** Defaults to 70 (RFC 3261 §8.1.1.6). */
  readonly maxForwards?: number;
  readonly contact?: readonly NameAddr[];
  /** Extra header fields, in order (Route, Supported, Session-Expires ...). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array;
  readonly contentType?: string;
}
