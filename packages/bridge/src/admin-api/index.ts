export { LiveOpsError } from './live-operations.js';
export type { LiveOpResult, LiveOperations, LiveOpsErrorCode, LiveRoomState, LiveRoomSummary, LiveRosterEntry } from './live-operations.js';
export { liveRoutes, registerLiveRoutes, roomSummaryJson, rosterEntryJson } from './live-routes.js';
export type { LiveRoutesOptions, MetricsSource, RoomSummaryJson, RosterEntryJson } from './live-routes.js';
export { buildOpenApiDocument } from './openapi-document.js';
export type { OpenApiDocument } from './openapi-document.js';
export { REDACTED_DIGITS, redactCallerId } from './redact-caller-id.js';
export { roomSummaryFor, rosterEntryFor } from './live-state.js';
export type { CallFacts } from './live-state.js';
