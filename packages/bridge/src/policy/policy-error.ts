/**
 * The policy module's errors. One literal-union `code`, subclassing the package's
 * {@link BridgeError}; configuration problems are returned as `Result`s, never thrown.
 */
import { BridgeError } from '../config/index.js';

/** Everything the policy module can report. */
export type PolicyErrorCode = 'invalid-config' | 'unknown-ticket' | 'invalid-cidr';

/** Error base of the policy module. */
export class PolicyError extends BridgeError<PolicyErrorCode> {
  override readonly name: string = 'PolicyError';
}

/** A bad policy config field: `field` names it as a dotted path (e.g. `room.participant.lockAt`). */
export class PolicyConfigError extends PolicyError {
  override readonly name: string = 'PolicyConfigError';
  constructor(readonly field: string, detail: string) {
    super('invalid-config', `policy.${field}: ${detail}`);
  }
}
