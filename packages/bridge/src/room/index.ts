export { ConferenceRoom } from './conference-room.js';
export type {
  AfterPlayback,
  ConferenceOptions,
  ConferenceState,
  JoinDetails,
  ParticipantPhase,
  RoomEffect,
  RoomPlayItem,
  RoomRole,
} from './conference-room.js';
export { countPrompts, digitPrompt } from './count-prompts.js';
export type { DigitPromptName } from './count-prompts.js';
