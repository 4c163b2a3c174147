export { PIN_HISTORY_LENGTH, RoomStore, STORE_FILE } from './room-store.js';
export type {
  NewRoom,
  OpenStoreOptions,
  PinCheck,
  PinGenerationOptions,
  PinStatus,
  RoomOptions,
  RoomPins,
  RoomRecord,
  RoomSource,
} from './room-store.js';
export { StoreError } from './store-error.js';
export type { StoreErrorCode } from './store-error.js';
export { REDACTED, hashCallId, scrubDetails } from './audit-log.js';
export type { AuditEntry, AuditKind, AuditQuery, AuditRecord, KnownAuditKind } from './audit-log.js';
export type { BlockKind, BlockRecord, NewBlock } from './block-list.js';
export type { NewOneTimePin, OneTimePinRecord, OneTimePinRedemption } from './one-time-pins.js';
export { MIGRATIONS, applyMigrations } from './migrations.js';
export type { Migration } from './migrations.js';
export { createRoomWithPins, ensureDemoRoom, provisionConfigRooms, provisioningSettings } from './room-provisioning.js';
export type { ConfigRoomOutcome, ProvisionedRoom, ProvisioningSettings, RoomRequest } from './room-provisioning.js';
