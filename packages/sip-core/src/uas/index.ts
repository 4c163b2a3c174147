export type { AdmitDecision, SipListen, SipStackLimits, SipStackOptions, SipStackEvents, SipStack } from './stack-types.js';
export { createSipStack, DEFAULT_STACK_LIMITS, ALLOWED_METHODS } from './sip-stack.js';
export type { IncomingCall } from './incoming-call.js';
export type { CallState, CallEndReason, CallInfoEvent, CallReinviteEvent, CallEndedEvent, IncomingCallEvents } from './call-events.js';
export type { EventMap } from './typed-emitter.js';
export { TypedEmitter } from './typed-emitter.js';
