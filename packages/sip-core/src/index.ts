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

// uas layer begin
export type { AdmitDecision, SipListen, SipStackLimits, SipStackOptions, SipStackEvents, SipStack } from './uas/index.js';
export { createSipStack, DEFAULT_STACK_LIMITS, ALLOWED_METHODS, TypedEmitter } from './uas/index.js';
export type { IncomingCall, CallState, CallEndReason, CallInfoEvent, CallReinviteEvent, CallEndedEvent, IncomingCallEvents, EventMap } from './uas/index.js';
export type { SdpErrorCode, AudioCodecName, NegotiatedCodec, MediaDirection, NegotiateAudioOptions, NegotiatedAudio, BuildOfferOptions } from './sdp/index.js';
export { SdpError, sipStatusForSdpError, negotiateAudio, buildOfferSdp } from './sdp/index.js';
export type { Clock, TimerHandle, VirtualClock, SipTimers } from './transaction/index.js';
export { systemClock, createVirtualClock, DEFAULT_SIP_TIMERS } from './transaction/index.js';
export type { SipSource, SipTransportProtocol, SipStackStats, SipLogger, SipBoundAddress, SipTransport, SipTransportContext } from './transport/index.js';
export type { FakeNetworkKnobs, FakePeer, FakeDatagramNetwork, FakeScheduler } from './transport/index.js';
export { createFakeDatagramNetwork } from './transport/index.js';
// uas layer end
