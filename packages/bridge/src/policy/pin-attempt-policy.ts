/**
 * The PIN attempt policy: charge before compare, refund only on the same source's success
 * on the same room and role, per-source ladder, per-room budgets, global token bucket.
 *
 *   beginAttempt ──refuse──► (source-locked | source-budget | room-locked | pin-disabled | global-budget | blocked)
 *        │ charge source keys + room(role) + global (unverified only), synchronously
 *        ▼
 *   compare (caller's callback, outside the policy)
 *        │
 *   completeAttempt ──success──► refund this source's charges on room+role within 15 min
 *                   └─failure──► keep charges; ladder / anonymous bucket / room alert, lock, disable
 *
 * Everything is synchronous, so two concurrent entries cannot both see budget left.
 */
import { err, ok } from '../config/index.js';
import type { Result } from '../config/index.js';
import type { AuditSink, AlertSink, BlockList, PolicyAlert } from './policy-ports.js';
import type { PolicyConfig, RoomBudgetConfig } from './policy-config.js';
import { PolicyError } from './policy-error.js';
import type { PolicyRecord, PolicyState, RolePath, RoomRecord, SourceCharge, SourceRecord, SuccessRecord } from './policy-state.js';
import type { SourceKey } from './source-keys.js';
import { msUntilToken, refillBucket } from './token-bucket.js';
import type { GlobalRecord } from './policy-state.js';

/** Why an entry is refused. */
export type RefusalReason = 'blocked' | 'source-locked' | 'source-budget' | 'room-locked' | 'pin-disabled' | 'global-budget';

/** Proof that an entry was charged; pass it to {@link PinAttemptPolicy.completeAttempt}. */
export interface AttemptTicket {
  readonly chargeId: number;
  readonly sourceKeys: readonly SourceKey[];
  readonly roomId: string;
  readonly rolePath: RolePath;
  readonly isVerified: boolean;
  readonly chargedGlobal: boolean;
  readonly atMs: number;
}

/** Result of {@link PinAttemptPolicy.beginAttempt}. */
export type BeginAttemptResult =
  | { readonly action: 'proceed'; readonly ticket: AttemptTicket }
  | { readonly action: 'refuse'; readonly reason: RefusalReason; readonly retryAfterMs?: number };

/** Result of {@link PinAttemptPolicy.checkEntry} (nothing is charged). */
export type EntryCheck =
  | { readonly action: 'proceed' }
  | { readonly action: 'refuse'; readonly reason: RefusalReason; readonly retryAfterMs?: number };

/** Result of {@link PinAttemptPolicy.checkSource}. */
export type SourceCheck =
  | { readonly locked: false }
  | { readonly locked: true; readonly untilMs: number; readonly firstLock: boolean; readonly reason: 'ladder' | 'anonymous' | 'blocked' };

/** Outcome of a completed attempt. */
export interface AttemptOutcome {
  /** Charges refunded (success only). */
  readonly refunded: number;
  /** A source lock this failure triggered, if any. */
  readonly lockedUntilMs?: number;
}

/** Counters for metrics. */
export interface PolicyCounters {
  attemptsBegun: number;
  refusals: Record<RefusalReason, number>;
  successes: number;
  failures: number;
  refunds: number;
  sourceLocks: number;
  roomLocks: number;
  pinsDisabled: number;
  unknownRooms: number;
  alerts: number;
}

/** Dependencies of {@link PinAttemptPolicy}. */
export interface PinAttemptPolicyOptions {
  readonly config: PolicyConfig;
  readonly state: PolicyState;
  readonly audit?: AuditSink;
  readonly alerts?: AlertSink;
  readonly blockList?: BlockList;
}

const GLOBAL_KEY = 'global';
const FAR_FUTURE_MS = Number.MAX_SAFE_INTEGER;

/** Charge-before-compare PIN policy (SECURITY.md "Per-source ladder" … "Verified sources"). */
export class PinAttemptPolicy {
  private readonly config: PolicyConfig;
  private readonly state: PolicyState;
  private readonly audit: AuditSink | undefined;
  private readonly alerts: AlertSink | undefined;
  private readonly blockList: BlockList | undefined;
  private readonly outstanding = new Map<number, AttemptTicket>();
  private nextChargeId = 1;
  private readonly stats: PolicyCounters = {
    attemptsBegun: 0,
    refusals: { blocked: 0, 'source-locked': 0, 'source-budget': 0, 'room-locked': 0, 'pin-disabled': 0, 'global-budget': 0 },
    successes: 0, failures: 0, refunds: 0, sourceLocks: 0, roomLocks: 0, pinsDisabled: 0, unknownRooms: 0, alerts: 0,
  };

  constructor(options: PinAttemptPolicyOptions) {
    this.config = options.config;
    this.state = options.state;
    this.audit = options.audit;
    this.alerts = options.alerts;
    this.blockList = options.blockList;
  }

  /** Locked-source check before any media: a locked source gets 403 (or one short announcement on its first lock). */
  checkSource(sourceKeys: readonly SourceKey[], nowMs: number): SourceCheck {
    for (const key of sourceKeys) {
      if (this.blockList?.isBlocked(key.id) === true) return { locked: true, untilMs: FAR_FUTURE_MS, firstLock: false, reason: 'blocked' };
      const rec = this.peekSource(key, nowMs);
      if (rec !== undefined && rec.lockedUntilMs > nowMs) {
        const firstLock = key.kind !== 'anonymous' && rec.level === 1 && this.config.source.announceFirstLock;
        return { locked: true, untilMs: rec.lockedUntilMs, firstLock, reason: key.kind === 'anonymous' ? 'anonymous' : 'ladder' };
      }
    }
    return { locked: false };
  }

  /**
   * Before the PIN prompt: refuses a locked source, and an unverified caller while the
   * global bucket is empty (and alerts ops). Charges nothing.
   */
  checkEntry(input: { readonly sourceKeys: readonly SourceKey[]; readonly roomId?: string; readonly rolePath?: RolePath; readonly verified: boolean; readonly nowMs: number }): EntryCheck {
    const source = this.checkSource(input.sourceKeys, input.nowMs);
    if (source.locked) return this.refuse(source.reason === 'blocked' ? 'blocked' : 'source-locked', source.untilMs - input.nowMs);
    const isVerified = input.roomId !== undefined && this.isVerified(input.sourceKeys, input.roomId, input.rolePath ?? 'participant', input.verified, input.nowMs);
    if (!isVerified) {
      const wait = this.globalWaitMs(input.nowMs);
      if (wait > 0) return this.refuseGlobal(input.nowMs, wait);
    }
    return { action: 'proceed' };
  }

  /** Charges source, room (role path) and global budgets, or refuses. Call before comparing the PIN. */
  beginAttempt(input: { readonly sourceKeys: readonly SourceKey[]; readonly roomId: string; readonly rolePath: RolePath; readonly verified: boolean; readonly nowMs: number }): BeginAttemptResult {
    const { sourceKeys, roomId, rolePath, nowMs } = input;
    const source = this.checkSource(sourceKeys, nowMs);
    if (source.locked) return this.refuse(source.reason === 'blocked' ? 'blocked' : 'source-locked', source.untilMs - nowMs);
    const sourceRecords = sourceKeys.map((key) => this.sourceRecord(key, nowMs));
    for (const [i, key] of sourceKeys.entries()) {
      const rec = sourceRecords[i];
      if (rec !== undefined && this.sourceBudgetLeft(key, rec, nowMs) <= 0) return this.refuse('source-budget', this.config.source.firstLockMs);
    }
    const budget = this.roomBudget(rolePath);
    const room = this.roomRecord(roomId, rolePath, nowMs);
    if (room.isDisabled || room.sinceSet >= budget.disableAt) return this.refuse('pin-disabled');
    const isVerified = this.isVerified(sourceKeys, roomId, rolePath, input.verified, nowMs);
    if (!isVerified) {
      if (room.lockedUntilMs > nowMs) return this.refuse('room-locked', room.lockedUntilMs - nowMs);
      if (room.charges.length >= budget.lockAt) return this.refuse('room-locked', (room.charges[0]?.atMs ?? nowMs) + budget.lockWindowMs - nowMs);
    }
    let chargedGlobal = false;
    if (!isVerified) {
      const global = this.globalRecord(nowMs);
      const wait = this.globalWaitMs(nowMs);
      if (wait > 0) return this.refuseGlobal(nowMs, wait);
      global.tokens -= 1;
      chargedGlobal = true;
    }
    const chargeId = this.nextChargeId++;
    const charge: SourceCharge = { chargeId, roomId, rolePath, atMs: nowMs, chargedGlobal };
    for (const [i, key] of sourceKeys.entries()) {
      const rec = sourceRecords[i];
      if (rec === undefined) continue;
      rec.failures.push(charge);
      this.saveSource(key, rec, nowMs);
    }
    room.charges.push({ chargeId, atMs: nowMs });
    room.sinceSet += 1;
    this.saveRoom(roomId, rolePath, room);
    const ticket: AttemptTicket = { chargeId, sourceKeys, roomId, rolePath, isVerified, chargedGlobal, atMs: nowMs };
    this.outstanding.set(chargeId, ticket);
    if (this.outstanding.size > 10_000) {
      const oldest = this.outstanding.keys().next();
      if (oldest.done !== true) this.outstanding.delete(oldest.value);
    }
    this.stats.attemptsBegun++;
    return { action: 'proceed', ticket };
  }

  /** Records the comparison's outcome: success refunds, failure advances ladders and room budgets. */
  completeAttempt(ticket: AttemptTicket, outcome: { readonly success: boolean; readonly nowMs: number }): Result<AttemptOutcome, PolicyError> {
    if (!this.outstanding.delete(ticket.chargeId)) return err(new PolicyError('unknown-ticket', `ticket ${ticket.chargeId} is unknown or already completed`));
    const { nowMs } = outcome;
    if (outcome.success) {
      this.stats.successes++;
      const primary = ticket.sourceKeys[0];
      if (primary !== undefined) {
        const record: SuccessRecord = { kind: 'success', atMs: nowMs };
        this.state.set(successKey(primary, ticket.roomId, ticket.rolePath), record, { expiresAtMs: nowMs + this.config.verified.successMemoryMs, isPinned: false });
      }
      return ok({ refunded: this.refund(ticket, nowMs) });
    }
    this.stats.failures++;
    let lockedUntilMs: number | undefined;
    for (const key of ticket.sourceKeys) {
      const rec = this.sourceRecord(key, nowMs);
      if (this.sourceBudgetLeft(key, rec, nowMs) <= 0) lockedUntilMs = Math.max(lockedUntilMs ?? 0, this.lockSource(key, rec, nowMs));
    }
    this.afterRoomFailure(ticket.roomId, ticket.rolePath, nowMs);
    return ok(lockedUntilMs === undefined ? { refunded: 0 } : { refunded: 0, lockedUntilMs });
  }

  /**
   * An entry named a room that does not exist. Only a hash of the digits is kept. Costs a
   * global token; `distinctBeforeStrike` distinct IDs within the window lock the source on the ladder.
   */
  recordUnknownRoom(input: { readonly sourceKeys: readonly SourceKey[]; readonly roomIdAttempt: string; readonly nowMs: number }): { readonly locked: boolean; readonly untilMs?: number } {
    const { nowMs } = input;
    this.stats.unknownRooms++;
    const global = this.globalRecord(nowMs);
    global.tokens = Math.max(0, global.tokens - 1);
    const hash = hashRoomAttempt(input.roomIdAttempt);
    let untilMs: number | undefined;
    for (const key of input.sourceKeys) {
      const rec = this.sourceRecord(key, nowMs);
      rec.unknownRooms = rec.unknownRooms.filter((u) => u.atMs > nowMs - this.config.unknownRooms.windowMs && u.hash !== hash);
      rec.unknownRooms.push({ hash, atMs: nowMs });
      if (rec.unknownRooms.length >= this.config.unknownRooms.distinctBeforeStrike) {
        rec.unknownRooms = [];
        untilMs = Math.max(untilMs ?? 0, this.lockSource(key, rec, nowMs));
      } else {
        this.saveSource(key, rec, nowMs);
      }
    }
    return untilMs === undefined ? { locked: false } : { locked: true, untilMs };
  }

  /** The owner rotated the PIN: its since-set count, lock and disable are cleared. */
  pinRotated(roomId: string, rolePath: RolePath): void {
    this.state.delete(roomKey(roomId, rolePath));
  }

  /** The owner lifted the room lock (the since-set count stays). */
  unlockRoom(roomId: string, rolePath: RolePath, nowMs: number): void {
    const room = this.roomRecord(roomId, rolePath, nowMs);
    room.lockedUntilMs = 0;
    room.charges = [];
    this.saveRoom(roomId, rolePath, room);
  }

  /** A snapshot of the counters for metrics. */
  counters(): PolicyCounters {
    return { ...this.stats, refusals: { ...this.stats.refusals } };
  }

  /** Whole tokens left in the global bucket (metrics, tests). */
  globalTokens(nowMs: number): number {
    const global = this.globalRecord(nowMs);
    return Math.floor(global.tokens);
  }

  private isVerified(sourceKeys: readonly SourceKey[], roomId: string, rolePath: RolePath, isAuthenticated: boolean, nowMs: number): boolean {
    if (this.config.verified.requireAuthenticatedIdentity && !isAuthenticated) return false;
    const primary = sourceKeys[0];
    if (primary === undefined || primary.kind === 'anonymous') return false;
    return this.state.get(successKey(primary, roomId, rolePath), nowMs) !== undefined;
  }

  private refund(ticket: AttemptTicket, nowMs: number): number {
    const primary = ticket.sourceKeys[0];
    if (primary === undefined) return 0;
    const rec = this.sourceRecord(primary, nowMs);
    const since = nowMs - this.config.source.refundWindowMs;
    const refundable = rec.failures.filter((c) => c.roomId === ticket.roomId && c.rolePath === ticket.rolePath && c.atMs >= since);
    const ids = new Set(refundable.map((c) => c.chargeId));
    for (const key of ticket.sourceKeys) {
      const r = this.sourceRecord(key, nowMs);
      r.failures = r.failures.filter((c) => !ids.has(c.chargeId));
      this.saveSource(key, r, nowMs);
    }
    const room = this.roomRecord(ticket.roomId, ticket.rolePath, nowMs);
    const before = room.charges.length;
    room.charges = room.charges.filter((c) => !ids.has(c.chargeId));
    room.sinceSet = Math.max(0, room.sinceSet - (before - room.charges.length));
    this.saveRoom(ticket.roomId, ticket.rolePath, room);
    const global = this.globalRecord(nowMs);
    const tokens = refundable.filter((c) => c.chargedGlobal).length;
    global.tokens = Math.min(this.config.global.burst, global.tokens + tokens);
    this.stats.refunds += refundable.length;
    return refundable.length;
  }

  private sourceBudgetLeft(key: SourceKey, rec: SourceRecord, nowMs: number): number {
    if (key.kind === 'anonymous') {
      const since = nowMs - this.config.anonymous.windowMs;
      rec.failures = rec.failures.filter((c) => c.atMs > since);
      return this.config.anonymous.failuresPerWindow - rec.failures.length;
    }
    return this.config.source.failuresBeforeLock - rec.failures.length;
  }

  /** Applies the next ladder step (or the anonymous lock); returns the lock's end. */
  private lockSource(key: SourceKey, rec: SourceRecord, nowMs: number): number {
    const cfg = this.config.source;
    let durationMs: number;
    if (key.kind === 'anonymous') {
      durationMs = this.config.anonymous.lockMs;
    } else {
      if (nowMs - rec.lastLockAtMs > cfg.levelMemoryMs) rec.level = 0;
      durationMs = Math.min(cfg.firstLockMs * 2 ** rec.level, cfg.maxLockMs);
      rec.level += 1;
    }
    rec.lastLockAtMs = nowMs;
    rec.lockedUntilMs = nowMs + durationMs;
    rec.failures = [];
    this.saveSource(key, rec, nowMs);
    this.stats.sourceLocks++;
    this.audit?.append({ event: 'lock', at: nowMs, scope: 'source', key: key.id, untilMs: rec.lockedUntilMs, level: rec.level });
    return rec.lockedUntilMs;
  }

  private afterRoomFailure(roomId: string, rolePath: RolePath, nowMs: number): void {
    const budget = this.roomBudget(rolePath);
    const room = this.roomRecord(roomId, rolePath, nowMs);
    const recent = room.charges.filter((c) => c.atMs > nowMs - budget.alertWindowMs).length;
    if (recent >= budget.alertAt) this.raise({ cause: 'room-failures', roomId, rolePath, atMs: nowMs, detail: `${recent} unredeemed failures in the last hour` });
    if (room.charges.length >= budget.lockAt && room.lockedUntilMs <= nowMs) {
      room.lockedUntilMs = nowMs + budget.lockMs;
      this.stats.roomLocks++;
      this.audit?.append({ event: 'lock', at: nowMs, scope: 'room', key: roomKey(roomId, rolePath), untilMs: room.lockedUntilMs, level: 0 });
      this.raise({ cause: 'room-locked', roomId, rolePath, atMs: nowMs, detail: `PIN entry locked for unverified callers after ${room.charges.length} failures` });
    }
    if (room.sinceSet >= budget.disableAt && !room.isDisabled) {
      room.isDisabled = true;
      this.stats.pinsDisabled++;
      this.audit?.append({ event: 'lock', at: nowMs, scope: 'pin-disabled', key: roomKey(roomId, rolePath), untilMs: FAR_FUTURE_MS, level: 0 });
      this.raise({ cause: 'pin-disabled', roomId, rolePath, atMs: nowMs, detail: `PIN disabled after ${room.sinceSet} failures; rotate it` });
    }
    this.saveRoom(roomId, rolePath, room);
  }

  private refuse(reason: RefusalReason, retryAfterMs?: number): BeginAttemptResult {
    this.stats.refusals[reason]++;
    return retryAfterMs === undefined ? { action: 'refuse', reason } : { action: 'refuse', reason, retryAfterMs: Math.max(0, retryAfterMs) };
  }

  private refuseGlobal(nowMs: number, waitMs: number): BeginAttemptResult {
    this.raise({ cause: 'global-budget-empty', roomId: '', atMs: nowMs, detail: 'global failure budget exhausted; unverified callers refused' });
    return this.refuse('global-budget', waitMs);
  }

  private raise(alert: PolicyAlert): void {
    this.stats.alerts++;
    this.alerts?.alert(alert);
  }

  private globalWaitMs(nowMs: number): number {
    return msUntilToken(this.globalRecord(nowMs), this.config.global.failuresPerHour / 3_600_000);
  }

  private roomBudget(rolePath: RolePath): RoomBudgetConfig {
    return rolePath === 'host' ? this.config.room.host : this.config.room.participant;
  }

  private globalRecord(nowMs: number): GlobalRecord {
    let rec = asKind(this.state.get(GLOBAL_KEY, nowMs), 'global');
    if (rec === undefined) {
      rec = { kind: 'global', tokens: this.config.global.burst, refilledAtMs: nowMs };
      this.state.set(GLOBAL_KEY, rec, { expiresAtMs: FAR_FUTURE_MS, isPinned: true });
    }
    refillBucket(rec, this.config.global.failuresPerHour / 3_600_000, this.config.global.burst, nowMs);
    return rec;
  }

  private peekSource(key: SourceKey, nowMs: number): SourceRecord | undefined {
    return asKind(this.state.get(key.id, nowMs), 'source');
  }

  private sourceRecord(key: SourceKey, nowMs: number): SourceRecord {
    return this.peekSource(key, nowMs) ?? { kind: 'source', failures: [], level: 0, lastLockAtMs: -FAR_FUTURE_MS, lockedUntilMs: 0, unknownRooms: [] };
  }

  /** Keeps a source for its ladder memory, or for its recent charges; pinned while locked. */
  private saveSource(key: SourceKey, rec: SourceRecord, nowMs: number): void {
    const cfg = this.config;
    const windowMs = Math.max(cfg.anonymous.windowMs, cfg.source.refundWindowMs, cfg.unknownRooms.windowMs, cfg.room.participant.lockWindowMs);
    const memoryEnd = rec.level > 0 ? rec.lastLockAtMs + cfg.source.levelMemoryMs : 0;
    const expiresAtMs = Math.max(rec.lockedUntilMs, memoryEnd, nowMs + windowMs);
    this.state.set(key.id, rec, { expiresAtMs, isPinned: rec.lockedUntilMs > nowMs });
  }

  private roomRecord(roomId: string, rolePath: RolePath, nowMs: number): RoomRecord {
    const rec = asKind(this.state.get(roomKey(roomId, rolePath), nowMs), 'room') ?? { kind: 'room', charges: [], sinceSet: 0, lockedUntilMs: 0, isDisabled: false };
    const budget = this.roomBudget(rolePath);
    rec.charges = rec.charges.filter((c) => c.atMs > nowMs - budget.lockWindowMs);
    return rec;
  }

  private saveRoom(roomId: string, rolePath: RolePath, rec: RoomRecord): void {
    this.state.set(roomKey(roomId, rolePath), rec, { expiresAtMs: FAR_FUTURE_MS, isPinned: true });
  }
}

function asKind<K extends PolicyRecord['kind']>(rec: PolicyRecord | undefined, kind: K): Extract<PolicyRecord, { kind: K }> | undefined {
  return rec !== undefined && rec.kind === kind ? (rec as Extract<PolicyRecord, { kind: K }>) : undefined;
}

function roomKey(roomId: string, rolePath: RolePath): string {
  return `room:${roomId}|${rolePath}`;
}

function successKey(key: SourceKey, roomId: string, rolePath: RolePath): string {
  return `ok:${key.id}|${roomId}|${rolePath}`;
}

/** FNV-1a 32-bit of the attempted room ID: enough to count distinct IDs, without keeping the digits. */
export function hashRoomAttempt(roomIdAttempt: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < roomIdAttempt.length; i++) {
    h ^= roomIdAttempt.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
