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
export type { ModeratedParticipant, ModerationEffect, ModerationSnapshot, RollCallEntry } from './conference-moderator.js';
