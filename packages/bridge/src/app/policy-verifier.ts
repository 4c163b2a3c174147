/**
 * The IVR's `verify` step with the abuse policy around it (SECURITY.md "Charging and
 * refunds"): charge the source, the room's role path and the global budget, *then*
 * compare, then record the outcome (a success refunds the same source's charges on the
 * same room and role within 15 min).
 *
 *   entry ─► policy refuses (locked, budget) ───────────► refused: "too many attempts", goodbye
 *     │ room unknown: global token + unknown-room ladder, compare against nothing ─► invalid
 *     │ room known: beginAttempt (charged)
 *     ▼        └─ room-locked / pin-disabled: compare anyway, answer invalid (no oracle)
 *   compare: room PIN, else (participant path) a live one-time PIN (spends one use)
 *     ▼
 *   completeAttempt ─► match: outside the room's schedule ─► refused "not active now"
 *                      match: entry locked by the operator ─► refused "conference locked"
 *                      match ─► ok        no match ─► invalid
 *
 * Unknown room and wrong PIN give the same answer, the same prompts and do the same HMAC
 * work. Each entry writes one audit event (PIN length only, `"pin":"[REDACTED]"`).
 * PIN rotations and owner unlocks made by the CLI in another process reach the in-memory
 * policy here: the store's `setAt` and `entryUnlockedAt` are compared with what this
 * process saw last.
 */
import type { VerifyResult } from '../ivr/index.js';
import { evaluateOrigin, isScheduleActive, type AbusePolicy, type AuditSink, type OriginRules, type RolePath, type RoomSchedule } from '../policy/index.js';
import type { CallerIdentity } from '../routing/index.js';
import { hashCallId, type RoomRecord, type RoomStore } from '../store/index.js';
import { sourceKeysOf } from './abuse-admission.js';
import type { CallLogger, VerifyPin } from './ports.js';

/** Room options this module reads (set through the operator actions). */
export interface RoomEntryOptions {
  /** PIN entry locked by the owner or operator (`pinbridge rooms lock`). */
  readonly entryLocked?: boolean;
  /** When the owner last lifted a lock (ISO); a change lifts the policy's room lock too. */
  readonly entryUnlockedAt?: string;
  /** When the room's PINs work at all; absent means always. */
  readonly schedule?: RoomSchedule;
}

/** Reads the entry options of a stored room (unknown shapes count as absent). */
export function roomEntryOptions(room: RoomRecord | undefined): RoomEntryOptions {
  const options: Readonly<Record<string, unknown>> = room?.options ?? {};
  const schedule = options['schedule'];
  const unlockedAt = options['entryUnlockedAt'];
  return {
    entryLocked: options['entryLocked'] === true,
    ...(typeof unlockedAt === 'string' ? { entryUnlockedAt: unlockedAt } : {}),
    ...(isSchedule(schedule) ? { schedule } : {}),
  };
}

function isSchedule(value: unknown): value is RoomSchedule {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'always' || kind === 'windows' || kind === 'weekly';
}

const MAX_TRACKED_CALLS = 10_000;
/**
 * Played before "goodbye" when the source or the global budget refuses (SECURITY.md: a
 * caller who calls back "hears why"). These refusals do not depend on the room, so the
 * prompt tells nothing about which rooms exist.
 */
const TOO_MANY_ATTEMPTS = 'too-many-attempts';

/** Builds the policy-aware verifier. */
export function createPolicyVerifier(options: {
  readonly store: RoomStore;
  readonly policy: AbusePolicy;
  readonly origin: OriginRules;
  readonly audit: AuditSink;
  readonly logger: CallLogger;
  readonly nowMs: () => number;
  /** The PIN admitted the caller (join audit); `displayName` is a one-time PIN's invitee name. */
  readonly onJoin?: (callId: string, roomId: string, rolePath: RolePath, caller: CallerIdentity, displayName: string | undefined) => void;
}): VerifyPin {
  const { store, policy, origin, audit, logger, nowMs } = options;
  const attempts = policy.attempts;
  const tries = new Map<string, number>();
  const seenPinSetAt = new Map<string, string>();
  const seenUnlockedAt = new Map<string, string>();

  /** Brings in PIN rotations and unlocks done outside this process. */
  const syncRoom = (roomId: string, room: RoomRecord | undefined, now: number): void => {
    for (const role of ['participant', 'host'] as const) {
      const setAt = store.getPinStatus(roomId, role)?.setAt;
      const key = `${roomId}|${role}`;
      const before = seenPinSetAt.get(key);
      if (setAt !== undefined && before !== undefined && setAt !== before) attempts.pinRotated(roomId, role);
      if (setAt !== undefined) seenPinSetAt.set(key, setAt);
    }
    const unlockedAt = roomEntryOptions(room).entryUnlockedAt;
    const before = seenUnlockedAt.get(roomId);
    if (unlockedAt !== undefined && before !== unlockedAt) {
      // On first sight this process holds no charges for the room yet, so lifting is harmless.
      attempts.unlockRoom(roomId, 'participant', now);
      attempts.unlockRoom(roomId, 'host', now);
      seenUnlockedAt.set(roomId, unlockedAt);
    }
  };

  return async (request) => {
    const now = nowMs();
    const rolePath: RolePath = request.role === 'host' ? 'host' : 'participant';
    const attempt = (tries.get(request.callId) ?? 0) + 1;
    tries.delete(request.callId);
    tries.set(request.callId, attempt);
    if (tries.size > MAX_TRACKED_CALLS) {
      const oldest = tries.keys().next();
      if (oldest.done !== true) tries.delete(oldest.value);
    }
    const keys = sourceKeysOf(request.caller);
    const room = store.getRoom(request.roomId);
    syncRoom(request.roomId, room, now);
    const record = (outcome: 'success' | 'failure' | 'refused', reason: string): void => {
      audit.append({
        event: 'attempt',
        at: now,
        callIdHash: hashCallId(request.callId),
        roomId: request.roomId,
        rolePath,
        sourceIp: request.caller.sourceAddress,
        callerId: callerIdOf(request.caller),
        attempt,
        outcome,
        reason,
        pinLength: request.pin.length,
        pin: '[REDACTED]',
      });
      logger.info({ callId: request.callId, roomId: request.roomId, role: rolePath, attempt, outcome, reason }, 'pin check');
    };
    /** Same HMAC work on every path, so timing does not tell the paths apart. */
    let inviteeName: string | undefined;
    const compare = (): 'match' | 'one-time' | 'no-match' => {
      const check = store.checkPin(request.roomId, rolePath, request.pin);
      if (check === 'match') return 'match';
      if (rolePath !== 'participant') return 'no-match';
      const redeemed = store.redeemOneTimePin(request.roomId, request.pin);
      if (redeemed.outcome !== 'redeemed') return 'no-match';
      inviteeName = redeemed.record.inviteeName;
      return 'one-time';
    };

    const entry = attempts.checkEntry({ sourceKeys: keys, ...(room === undefined ? {} : { roomId: request.roomId }), rolePath, verified: false, nowMs: now });
    if (entry.action === 'refuse') {
      record('refused', entry.reason);
      return { kind: 'refused', prompts: [TOO_MANY_ATTEMPTS] };
    }
    if (room === undefined) {
      compare();
      const strike = attempts.recordUnknownRoom({ sourceKeys: keys, roomIdAttempt: request.roomId, nowMs: now });
      record('failure', strike.locked ? 'unknown-room-locked' : 'unknown-room');
      return { kind: 'invalid' };
    }
    const roomOrigin = evaluateOrigin({ sourceIp: request.caller.sourceAddress, ...trunkFacts(request.caller), roomId: request.roomId }, origin);
    if (!roomOrigin.allowed) {
      compare();
      record('refused', `origin-${roomOrigin.reason}`);
      return { kind: 'invalid' };
    }
    const began = attempts.beginAttempt({ sourceKeys: keys, roomId: request.roomId, rolePath, verified: false, nowMs: now });
    if (began.action === 'refuse') {
      record('refused', began.reason);
      if (began.reason === 'room-locked' || began.reason === 'pin-disabled') {
        // These depend on the room: answering them differently would tell which rooms exist.
        store.checkPin(request.roomId, rolePath, request.pin);
        return { kind: 'invalid' };
      }
      return { kind: 'refused', prompts: [TOO_MANY_ATTEMPTS] };
    }
    const matched = compare();
    const isSuccess = matched !== 'no-match';
    const completed = attempts.completeAttempt(began.ticket, { success: isSuccess, nowMs: nowMs() });
    if (!completed.ok) logger.warn({ callId: request.callId, err: completed.error.message }, 'policy ticket');
    if (!isSuccess) {
      store.recordPinFailure(request.roomId, rolePath);
      record('failure', completed.ok && completed.value.lockedUntilMs !== undefined ? 'wrong-pin-locked' : 'wrong-pin');
      return { kind: 'invalid' };
    }
    const entryOptions = roomEntryOptions(room);
    if (entryOptions.schedule !== undefined && !isScheduleActive(entryOptions.schedule, now)) {
      record('refused', 'not-active');
      return { kind: 'refused', prompts: ['not-active'] };
    }
    if (entryOptions.entryLocked === true) {
      record('refused', 'entry-locked');
      return { kind: 'refused', prompts: ['conference-locked'] };
    }
    record('success', matched === 'one-time' ? 'one-time-pin' : 'pin');
    options.onJoin?.(request.callId, request.roomId, rolePath, request.caller, inviteeName);
    const result: VerifyResult = inviteeName === undefined ? { kind: 'ok' } : { kind: 'ok', displayName: inviteeName };
    return result;
  };
}

function callerIdOf(caller: CallerIdentity): string {
  return caller.kind === 'trunk' ? (caller.callerId ?? '') : (caller.fromUser ?? '');
}

function trunkFacts(caller: CallerIdentity): { trunk?: string; callerId?: string } {
  if (caller.kind !== 'trunk') return {};
  return { trunk: caller.trunk, ...(caller.callerId === undefined ? {} : { callerId: caller.callerId }) };
}
