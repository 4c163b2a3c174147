/**
 * Manual blocks (PRODUCT.md "block add|list|remove"): source IPs, CIDR ranges and caller
 * IDs an operator refuses. They persist; counters for automatic lockouts live in memory
 * (ARCHITECTURE.md "State"). The policy (issue 6) decides how blocks apply.
 */
import type Database from 'better-sqlite3';

/** What a block matches. */
export type BlockKind = 'ip' | 'cidr' | 'caller-id';

/** A new block. */
export interface NewBlock {
  readonly kind: BlockKind;
  readonly value: string;
  /** No expiry when absent. */
  readonly expiresAt?: Date;
  readonly reason: string;
}

/** A stored block. */
export interface BlockRecord {
  readonly id: number;
  readonly kind: BlockKind;
  readonly value: string;
  /** ISO-8601 UTC, or undefined for a permanent block. */
  readonly expiresAt: string | undefined;
  readonly reason: string;
  readonly createdAt: string;
}

interface BlockRow {
  id: number;
  kind: BlockKind;
  value: string;
  expires_at: string | null;
  reason: string;
  created_at: string;
}

function toRecord(row: BlockRow): BlockRecord {
  return { id: row.id, kind: row.kind, value: row.value, expiresAt: row.expires_at ?? undefined, reason: row.reason, createdAt: row.created_at };
}

/** Inserts a block and returns it. */
export function addBlock(db: Database.Database, block: NewBlock, now: Date): BlockRecord {
  const row = db
    .prepare('INSERT INTO blocks (kind, value, expires_at, reason, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
    .get(block.kind, block.value, block.expiresAt?.toISOString() ?? null, block.reason, now.toISOString()) as BlockRow;
  return toRecord(row);
}

/** Blocks in force at `now` (or all, with `includeExpired`), oldest first. */
export function listBlocks(db: Database.Database, now: Date, includeExpired = false): BlockRecord[] {
  const rows = includeExpired
    ? (db.prepare('SELECT * FROM blocks ORDER BY id').all() as BlockRow[])
    : (db.prepare('SELECT * FROM blocks WHERE expires_at IS NULL OR expires_at > ? ORDER BY id').all(now.toISOString()) as BlockRow[]);
  return rows.map(toRecord);
}

/** Deletes a block; false when there was none with that id. */
export function removeBlock(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM blocks WHERE id = ?').run(id).changes > 0;
}

/** Deletes blocks that expired before `now`; returns how many. */
export function purgeExpiredBlocks(db: Database.Database, now: Date): number {
  return db.prepare('DELETE FROM blocks WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now.toISOString()).changes;
}
