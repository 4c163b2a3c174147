export { runServer } from './run-server.js';
export type { RunServerDeps, RunningServer, ServerCounts } from './run-server.js';
export { IvrSessionCap, NEXT, routeStep, runAdmission } from './admission-pipeline.js';
export type { AdmissionContext, AdmissionDecision, AdmissionOutcome, AdmissionStep } from './admission-pipeline.js';
export { CallSession } from './call-session.js';
export type { CallPhase, CallSessionDeps, RoomMembership } from './call-session.js';
export { RoomRegistry } from './room-registry.js';
export type { RoomCounts } from './room-registry.js';
export { createVerifier } from './verify-pin.js';
export { createAbuseWiring } from './abuse-wiring.js';
export type { AbuseWiring, AbuseWiringOptions } from './abuse-wiring.js';
export type { ActiveLocks } from './active-locks.js';
export type { AttemptPolicy } from './verify-pin.js';
export type { MediaEvent, MediaRuntime } from './media-adapter.js';
export type {
  AudioSession,
  CallLogger,
  DigitEntry,
  DigitEntryOutput,
  DigitEvent,
  EndpointInfo,
  MediaControl,
  NegotiateAudio,
  PlayTarget,
  RoomSettings,
  SipCall,
  VerifyPin,
} from './ports.js';
