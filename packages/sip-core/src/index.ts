export const PACKAGE_NAME = '@pinbridge/sip-core';

// message layer begin
export { SipError, ok, err } from './errors/index.js';
export type { Result, Ok, Err } from './errors/index.js';
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
  SipParseCode,
} from './message/index.js';
export {
  SipParseError,
  sipStatusForParseError,
  DEFAULT_SIP_LIMITS,
  parseSipMessage,
  serializeSipMessage,
  serializeInto,
  encodedSize,
  frameSipStream,
  buildResponse,
  buildRequest,
  DEFAULT_MAX_FORWARDS,
  parseUri,
  formatUri,
  parseNameAddr,
  formatNameAddr,
  parseVia,
  formatVia,
  BRANCH_MAGIC_COOKIE,
  reasonPhrase,
  createSipHeaders,
} from './message/index.js';
// message layer end
