/**
 * The single state interface behind every policy counter, and its bounded in-memory
 * implementation: LRU with per-entry TTL, `maxEntries` (100k) by default, where pinned
 * entries (active bans, room and global records) are never evicted.
 */
import type { TokenBucketState } from './token-bucket.js';

/** One charge recorded against a source: enough to refund it precisely. */
export interface SourceCharge {
  readonly chargeId: number;
  /** Empty for unknown-room strikes, which are never refunded. */
  readonly roomId: string;
  readonly rolePath: RolePath;
  readonly atMs: number;
  readonly chargedGlobal: boolean;
}

/** The two PIN paths: each has its own budgets (SECURITY.md "Host PIN"). */
export type RolePath = 'participant' | 'host';

/** Ladder state of one source key. */
export interface SourceRecord {
  readonly kind: 'source';
  /** Unredeemed charges since the last lock (pending ones included). */
  failures: SourceCharge[];
  level: number;
  lastLockAtMs: number;
  lockedUntilMs: number;
  /** Hashes of recent unknown room IDs (never the digits). */
  unknownRooms: Array<{ readonly hash: string; readonly atMs: number }>;
}

/** Budget state of one room's role path. */
export interface RoomRecord {
  readonly kind: 'room';
  charges: Array<{ readonly chargeId: number; readonly atMs: number }>;
  /** Unredeemed failures since the PIN was set (pending ones included). */
  sinceSet: number;
  lockedUntilMs: number;
  isDisabled: boolean;
}

/** The global failure bucket. */
export interface GlobalRecord extends TokenBucketState {
  readonly kind: 'global';
}

/** A remembered success of a source in a room (for "verified"). */
export interface SuccessRecord {
  readonly kind: 'success';
  atMs: number;
}

/** SIP admission state of one source IP. */
export interface AdmissionRecord extends TokenBucketState {
  readonly kind: 'admission';
  rejectsInRow: number;
  bannedUntilMs: number;
  requestUsers: Array<{ readonly user: string; readonly atMs: number }>;
}

/** Everything stored in {@link PolicyState}. */
export type PolicyRecord = SourceRecord | RoomRecord | GlobalRecord | SuccessRecord | AdmissionRecord;

/** How long to keep an entry, and whether it may be evicted. */
export interface PolicyEntryOptions {
  readonly expiresAtMs: number;
  /** Pinned entries (active bans) are never evicted by the LRU bound. */
  readonly isPinned: boolean;
}

/**
 * The one interface the policy keeps its counters behind. Records are mutable objects:
 * callers mutate what `get` returns and call `set` again to refresh TTL, pin and recency.
 * A multi-node deployment would implement this over a shared store (later work).
 */
export interface PolicyState {
  get(key: string, nowMs: number): PolicyRecord | undefined;
  set(key: string, record: PolicyRecord, options: PolicyEntryOptions): void;
  delete(key: string): void;
  /** Number of live entries (pinned included). */
  size(): number;
  /** Live pinned entries: active locks and bans, room and global records (operator listing). */
  pinnedEntries(nowMs: number): Array<readonly [string, PolicyRecord]>;
}

interface Entry {
  record: PolicyRecord;
  expiresAtMs: number;
}

/** In-memory {@link PolicyState}: a Map in recency order plus a separate map of pinned entries. */
export class InMemoryPolicyState implements PolicyState {
  private readonly lru = new Map<string, Entry>();
  private readonly pinned = new Map<string, Entry>();
  /** Entries evicted by the bound so far (a metric). */
  evictions = 0;

  constructor(private readonly maxEntries = 100_000) {}

  get(key: string, nowMs: number): PolicyRecord | undefined {
    const pinnedEntry = this.pinned.get(key);
    if (pinnedEntry !== undefined) {
      if (pinnedEntry.expiresAtMs <= nowMs) {
        this.pinned.delete(key);
        return undefined;
      }
      return pinnedEntry.record;
    }
    const entry = this.lru.get(key);
    if (entry === undefined) return undefined;
    this.lru.delete(key);
    if (entry.expiresAtMs <= nowMs) return undefined;
    this.lru.set(key, entry);
    return entry.record;
  }

  set(key: string, record: PolicyRecord, options: PolicyEntryOptions): void {
    const entry: Entry = { record, expiresAtMs: options.expiresAtMs };
    this.lru.delete(key);
    this.pinned.delete(key);
    if (options.isPinned) {
      this.pinned.set(key, entry);
      return;
    }
    this.lru.set(key, entry);
    while (this.lru.size + this.pinned.size > this.maxEntries && this.lru.size > 0) {
      const oldest = this.lru.keys().next();
      if (oldest.done === true) break;
      this.lru.delete(oldest.value);
      this.evictions++;
    }
  }

  delete(key: string): void {
    this.lru.delete(key);
    this.pinned.delete(key);
  }

  size(): number {
    return this.lru.size + this.pinned.size;
  }

  pinnedEntries(nowMs: number): Array<readonly [string, PolicyRecord]> {
    return [...this.pinned.entries()].filter(([, entry]) => entry.expiresAtMs > nowMs).map(([key, entry]) => [key, entry.record] as const);
  }
}
