export {
  ACTION_ROLES,
  DEFAULT_SEQUENCES,
  KeyMapError,
  bindingsForRole,
  buildKeyMap,
  defaultKeyMap,
} from './key-map.js';
export type { KeyBinding, KeyMap, KeyMapResult, ModerationAction, ParticipantRole } from './key-map.js';
export { MenuCollector } from './menu-collector.js';
export type { MenuCollectorOptions, MenuOutcome } from './menu-collector.js';
export { HandQueue } from './hand-queue.js';
export { ConferenceModerator } from './conference-moderator.js';
export type {
  ModeratedParticipant,
  ModerationEffect,
  ModerationSnapshot,
  ModeratorJoiner,
  ModeratorOptions,
  RollCallEntry,
} from './conference-moderator.js';
export { BanList } from './ban-list.js';
export { chooseAnnouncement } from './announcement.js';
export type { Announcement, AnnouncementEvent, AnnouncementMode } from './announcement.js';
export { NAME_RECORDING_MAX_MS, NameRecording, trimSilence } from './name-recording.js';
export type { NameRecordingOptions, NameRecordingOutcome } from './name-recording.js';
export { DEFAULT_MAX_CALL_DURATION_MS, DEFAULT_NO_HOST_TIMEOUT_MS, RoomTimers } from './room-timers.js';
export type { RoomTimerEffect, RoomTimerOptions, RoomTimerReason } from './room-timers.js';
