export { DEFAULT_IVR_SETTINGS, IvrSession } from './ivr-session.js';
export type {
  EntryOptions,
  IvrEffect,
  IvrEndReason,
  IvrSettings,
  IvrState,
  PinLengthLookup,
  PinRole,
  PlayItem,
  VerifyResult,
} from './ivr-session.js';
