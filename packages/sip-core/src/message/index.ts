export type {
  SipUri,
  TelUri,
  AbsoluteUri,
  Uri,
  NameAddr,
  Via,
  CSeq,
  SipHeaderField,
  SipHeaders,
  SipMessageBase,
  SipRequest,
  SipResponse,
  SipMessage,
  SipLimits,
  SipFraming,
  SipParseOptions,
  SipStreamFrame,
  BuildResponseOptions,
  BuildRequestOptions,
} from './types.js';
export { SipParseError, sipStatusForParseError } from './sip-parse-error.js';
export type { SipParseCode } from './sip-parse-error.js';
export { DEFAULT_SIP_LIMITS } from './limits.js';
export { parseSipMessage } from './parse-sip-message.js';
export { serializeSipMessage, serializeInto, encodedSize } from './serialize-sip-message.js';
export { frameSipStream } from './stream-framer.js';
export { buildResponse } from './build-response.js';
export { buildRequest, DEFAULT_MAX_FORWARDS } from './build-request.js';
export { parseUri } from './parse-uri.js';
export { formatUri } from './format-uri.js';
export { parseNameAddr, formatNameAddr } from './name-addr.js';
export { parseVia, formatVia, BRANCH_MAGIC_COOKIE } from './via.js';
export { reasonPhrase } from './reason-phrase.js';
export { createSipHeaders } from './sip-headers.js';
