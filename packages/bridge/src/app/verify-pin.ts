/**
 * The IVR's `verify` step: room ID + PIN against the store, audited, never logged. Unknown
 * room, wrong PIN, missing or disabled PIN all answer `invalid` (the caller cannot tell
 * which), and the store computes an HMAC in every case so timing does not tell either.
 * The running server uses `policy-verifier.ts` instead (the abuse policy around the same
 * compare, plus one-time PINs and schedules); this policy-free verifier stays for embedders
 * and tests that want the store check alone.
 */
import type { VerifyResult } from '../ivr/index.js';
import type { RoomStore } from '../store/index.js';
import type { CallLogger, VerifyPin } from './ports.js';

/** Optional policy hooks around each comparison (issue 6). */
export interface AttemptPolicy {
  /** Charges the budgets before comparing; a refusal carries the prompts to play. */
  begin(request: Parameters<VerifyPin>[0]): { readonly ok: true; readonly token: unknown } | { readonly ok: false; readonly prompts: readonly string[] };
  /** Records the outcome (refunds on success). */
  complete(token: unknown, isSuccess: boolean): void;
}

/** Builds the verifier over the store (and the policy when given). */
export function createVerifier(options: { readonly store: RoomStore; readonly logger: CallLogger; readonly policy?: AttemptPolicy }): VerifyPin {
  const { store, logger, policy } = options;
  return async (request) => {
    const role = request.role === 'host' ? 'host' : 'participant';
    const began = policy?.begin(request);
    if (began !== undefined && !began.ok) {
      store.appendAudit({ kind: 'pin-attempt', callId: request.callId, roomId: request.roomId, rolePath: role, sourceIp: request.caller.sourceAddress, outcome: 'refused', reason: 'policy', pinLength: request.pin.length });
      return { kind: 'refused', prompts: began.prompts };
    }
    const check = store.checkPin(request.roomId, role, request.pin);
    const isSuccess = check === 'match';
    if (check === 'mismatch') store.recordPinFailure(request.roomId, role);
    const reason = check === 'match' ? undefined : check === 'no-pin' ? (store.getRoom(request.roomId) === undefined ? 'unknown-room' : 'no-pin') : check === 'disabled' ? 'pin-disabled' : 'wrong-pin';
    store.appendAudit({
      kind: 'pin-attempt',
      callId: request.callId,
      roomId: request.roomId,
      rolePath: role,
      sourceIp: request.caller.sourceAddress,
      ...(request.caller.kind === 'trunk' && request.caller.callerId !== undefined ? { callerId: request.caller.callerId } : {}),
      outcome: isSuccess ? 'success' : 'failure',
      ...(reason === undefined ? {} : { reason }),
      pinLength: request.pin.length,
    });
    if (began !== undefined && began.ok) policy?.complete(began.token, isSuccess);
    logger.info({ callId: request.callId, roomId: request.roomId, role, outcome: isSuccess ? 'success' : 'failure', reason }, 'pin check');
    const result: VerifyResult = isSuccess ? { kind: 'ok' } : { kind: 'invalid' };
    return result;
  };
}
