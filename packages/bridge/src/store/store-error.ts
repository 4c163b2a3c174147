/** Store errors: a typed `code` per failure a caller can act on. Messages never hold PINs. */
import { BridgeError } from '../config/bridge-error.js';

/** Why a store operation failed. */
export type StoreErrorCode =
  | 'open-failed'
  | 'room-exists'
  | 'room-not-found'
  | 'invalid-input'
  | 'pin-rejected';

/** A store failure. */
export class StoreError extends BridgeError<StoreErrorCode> {
  override readonly name = 'StoreError';
}
