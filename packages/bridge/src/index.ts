export const PACKAGE_NAME = '@pinbridge/bridge';

// config/
export {
  BridgeError,
  CONFIG_DEFAULTS,
  ConfigError,
  DEFAULT_MAX_PARTICIPANTS,
  configWarnings,
  err,
  loadConfig,
  ok,
  parseConfig,
} from './config/index.js';
export type {
  BridgeConfig,
  ConfigErrorCode,
  ConfigIssue,
  ConfigOverrides,
  ConfigRoom,
  HttpConfig,
  IvrConfig,
  LoadConfigOptions,
  MediaConfig,
  Result,
  SipConfig,
  SipListenAddress,
  SipTransport,
  TrunkConfig,
  WebhookConfig,
} from './config/index.js';

// pins/
export {
  PIN_REJECTION_REASONS,
  PinGenerationError,
  PinRejection,
  ServerKey,
  ServerKeyError,
  generatePin,
  generateRoomId,
  hashPin,
  loadServerKey,
  pinMatches,
  toPin,
  toRoomId,
  validatePin,
} from './pins/index.js';
export type { Pin, PinContext, PinRejectionCode, PinRole, RoomId } from './pins/index.js';

// store/
export {
  RoomStore,
  StoreError,
  createRoomWithPins,
  ensureDemoRoom,
  provisionConfigRooms,
  provisioningSettings,
} from './store/index.js';
export type {
  AuditEntry,
  AuditKind,
  AuditQuery,
  AuditRecord,
  BlockKind,
  BlockRecord,
  NewBlock,
  NewOneTimePin,
  OneTimePinRecord,
  OneTimePinRedemption,
  PinCheck,
  PinStatus,
  ProvisionedRoom,
  ProvisioningSettings,
  RoomOptions,
  RoomPins,
  RoomRecord,
  RoomSource,
  StoreErrorCode,
} from './store/index.js';

// logging/
export { createLogger, escapeForLog } from './logging/index.js';
export type { BridgeLogger, CreateLoggerOptions, LogLevel } from './logging/index.js';

// http/
export { AdminTokenError, createAdminServer, loadAdminToken, sendError } from './http/index.js';
export type { AdminAddress, AdminRoutes, AdminServer, AdminServerOptions, AdminToken } from './http/index.js';

// prompts-loader/
export { PROMPT_NAMES, PromptError, SHIPPED_PROMPTS_DIR, loadPrompts, parseWav } from './prompts-loader/index.js';
export type { PromptAudio, PromptName, PromptSet } from './prompts-loader/index.js';

// cli/
export { EXIT, runCli } from './cli/index.js';
export type { CliIo, ExitCode } from './cli/index.js';

// routing/ (call path, issue #5)
export { buildRoutingTable, identifyCaller, ipInRange, parseIpRange, routeCall } from './routing/index.js';
export type { CallRoute, CallTarget, CallerIdentity, DidTarget, RouteInput, RouteReason, RoutingTable } from './routing/index.js';

// ivr/ (call path, issue #5)
export { DEFAULT_IVR_SETTINGS, IvrSession } from './ivr/index.js';
export type { EntryOptions, IvrEffect, IvrEndReason, IvrSettings, IvrState, PinRole as IvrPinRole, PlayItem, VerifyResult } from './ivr/index.js';

// room/ (call path, issue #5)
export { ConferenceRoom, countPrompts } from './room/index.js';
export type { ConferenceOptions, ConferenceState, RoomEffect, RoomPlayItem, RoomRole } from './room/index.js';

// policy/ (abuse policy, issue #6)
export {
  AUDIT_LINE_PREFIX,
  DAY_MS,
  HOUR_MS,
  InMemoryAlertSink,
  InMemoryAuditSink,
  InMemoryBlockList,
  InMemoryPolicyState,
  IvrSessions,
  MINUTE_MS,
  ManualClock,
  PIN_REDACTED,
  POLICY_DEFAULTS,
  PinAttemptPolicy,
  PolicyConfigError,
  PolicyError,
  SECOND_MS,
  SipAdmission,
  AlertDispatcher,
  createAbusePolicy,
  InMemoryOneTimePinStore,
  OneTimePins,
  checkGlobalBudgetSafety,
  cidrContains,
  compileOriginRules,
  dueForRotation,
  evaluateOrigin,
  failuresByHourOfDay,
  failuresBySource,
  formatAuditLogLine,
  hashRoomAttempt,
  isScheduleActive,
  oneTimePinStatus,
  parseCidr,
  parseIpAddress,
  parsePolicyConfig,
  sourceKeysFor,
} from './policy/index.js';
export type {
  AdmissionCounters,
  AdmissionDecision,
  AdmissionRequest,
  AlertCause,
  AlertSink,
  AttemptOutcome,
  AttemptTicket,
  AuditEvent,
  AuditSink,
  BeginAttemptResult,
  BlockList,
  Clock,
  GlobalBudgetSafety,
  PolicyAlert,
  PolicyConfig,
  PolicyCounters,
  PolicyErrorCode,
  PolicyState,
  RefusalReason,
  RolePath,
  SourceCheck,
  SourceFacts,
  SourceKey,
  AlertDispatchCounters,
  OneTimePin,
  OneTimePinStatus,
  OneTimePinStore,
  OriginDecision,
  OriginDenyReason,
  OriginRuleSpec,
  OriginRules,
  OriginRulesSpec,
  PostJson,
  RoomSchedule,
  AbusePolicy,
  AbusePolicyCounters,
  EntryCheck,
} from './policy/index.js';

// admin-api/ (live operations, issue #7)
export {
  LiveOpsError,
  REDACTED_DIGITS,
  buildOpenApiDocument,
  liveRoutes,
  redactCallerId,
  registerLiveRoutes,
  roomSummaryFor,
  roomSummaryJson,
  rosterEntryFor,
  rosterEntryJson,
} from './admin-api/index.js';
export type {
  CallFacts,
  LiveOpResult,
  LiveOperations,
  LiveOpsErrorCode,
  LiveRoomState,
  LiveRoomSummary,
  LiveRosterEntry,
  LiveRoutesOptions,
  MetricsSource,
  OpenApiDocument,
  RoomSummaryJson,
  RosterEntryJson,
} from './admin-api/index.js';

// events/ and metrics/ (issue #7)
export { LiveEventBus, formatSseFrame, moderationEvents } from './events/index.js';
export type { LiveEvent, LiveEventListener, LiveEventType } from './events/index.js';
export { BridgeMetrics } from './metrics/index.js';
export type { AuthFailureReason, RtpSample, WorkerTickSample } from './metrics/index.js';

// moderation/ (issue #7)
export {
  ACTION_ROLES,
  BanList,
  ConferenceModerator,
  DEFAULT_MAX_CALL_DURATION_MS,
  DEFAULT_NO_HOST_TIMEOUT_MS,
  DEFAULT_SEQUENCES,
  HandQueue,
  KeyMapError,
  MenuCollector,
  NAME_RECORDING_MAX_MS,
  NameRecording,
  RoomTimers,
  bindingsForRole,
  buildKeyMap,
  chooseAnnouncement,
  defaultKeyMap,
  trimSilence,
} from './moderation/index.js';
export type {
  Announcement,
  AnnouncementEvent,
  AnnouncementMode,
  KeyBinding,
  KeyMap,
  KeyMapResult,
  MenuCollectorOptions,
  MenuOutcome,
  ModeratedParticipant,
  ModerationAction,
  ModerationEffect,
  ModerationSnapshot,
  ModeratorJoiner,
  ModeratorOptions,
  NameRecordingOptions,
  NameRecordingOutcome,
  ParticipantRole,
  RollCallEntry,
  RoomTimerEffect,
  RoomTimerOptions,
  RoomTimerReason,
} from './moderation/index.js';

// app/ (call path, issue #5)
export { runServer } from './app/index.js';
export type { RunServerDeps, RunningServer, ServerCounts, AbuseWiring, ActiveLocks } from './app/index.js';
