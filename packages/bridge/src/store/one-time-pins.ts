/**
 * One-time PINs (PRODUCT.md "One-time PIN"): minted per meeting or invitee, valid in a
 * window (default start −30 min to end +30 min, set by the caller), for at most `maxUses`
 * callers, then dead. Stored as HMAC under role `one-time`, never in clear.
 */
import type Database from 'better-sqlite3';
import { hashPin, pinMatches, type ServerKey } from '../pins/index.js';

/** A one-time PIN to store; the PIN itself is hashed and never kept. */
export interface NewOneTimePin {
  readonly roomId: string;
  readonly pin: string;
  readonly inviteeName?: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  /** Callers that may use it (default 1). */
  readonly maxUses?: number;
}

/** A stored one-time PIN (without the PIN). */
export interface OneTimePinRecord {
  readonly id: number;
  readonly roomId: string;
  readonly pinLength: number;
  readonly inviteeName: string | undefined;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly maxUses: number;
  readonly uses: number;
  readonly isRevoked: boolean;
  readonly createdAt: string;
}

/** Outcome of {@link redeemOneTimePin}; only `redeemed` admits the caller. */
export type OneTimePinRedemption =
  | { readonly outcome: 'redeemed'; readonly record: OneTimePinRecord }
  | { readonly outcome: 'no-match' }
  | { readonly outcome: 'not-yet-valid' | 'expired' | 'used-up' | 'revoked'; readonly record: OneTimePinRecord };

interface OneTimePinRow {
  id: number;
  room_id: string;
  hmac: string;
  pin_length: number;
  invitee_name: string | null;
  valid_from: string;
  valid_until: string;
  max_uses: number;
  uses: number;
  revoked: number;
  created_at: string;
}

function toRecord(row: OneTimePinRow): OneTimePinRecord {
  return {
    id: row.id,
    roomId: row.room_id,
    pinLength: row.pin_length,
    inviteeName: row.invitee_name ?? undefined,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    maxUses: row.max_uses,
    uses: row.uses,
    isRevoked: row.revoked !== 0,
    createdAt: row.created_at,
  };
}

/** Hashes and stores a one-time PIN (the caller validated it and checked the room exists). */
export function createOneTimePin(db: Database.Database, key: ServerKey, entry: NewOneTimePin, now: Date): OneTimePinRecord {
  const row = db
    .prepare(
      `INSERT INTO one_time_pins (room_id, hmac, pin_length, invitee_name, valid_from, valid_until, max_uses, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      entry.roomId,
      hashPin(key, entry.roomId, 'one-time', entry.pin),
      entry.pin.length,
      entry.inviteeName ?? null,
      entry.validFrom.toISOString(),
      entry.validUntil.toISOString(),
      entry.maxUses ?? 1,
      now.toISOString(),
    ) as OneTimePinRow;
  return toRecord(row);
}

/** A room's one-time PINs, oldest first. */
export function listOneTimePins(db: Database.Database, roomId: string): OneTimePinRecord[] {
  return (db.prepare('SELECT * FROM one_time_pins WHERE room_id = ? ORDER BY id').all(roomId) as OneTimePinRow[]).map(toRecord);
}

/** One one-time PIN by id. */
export function getOneTimePin(db: Database.Database, id: number): OneTimePinRecord | undefined {
  const row = db.prepare('SELECT * FROM one_time_pins WHERE id = ?').get(id) as OneTimePinRow | undefined;
  return row === undefined ? undefined : toRecord(row);
}

/** Revokes a one-time PIN; false when no live PIN has that id. */
export function revokeOneTimePin(db: Database.Database, id: number): boolean {
  return db.prepare('UPDATE one_time_pins SET revoked = 1 WHERE id = ? AND revoked = 0').run(id).changes > 0;
}

/** True when `pin` equals a stored one-time PIN of the room (any state); used by rule C6. */
export function matchesAnyOneTimePin(db: Database.Database, key: ServerKey, roomId: string, pin: string): boolean {
  const rows = db.prepare('SELECT hmac FROM one_time_pins WHERE room_id = ? AND revoked = 0').all(roomId) as Array<{ hmac: string }>;
  let matched = false;
  for (const row of rows) matched = pinMatches(key, roomId, 'one-time', pin, row.hmac) || matched;
  return matched;
}

/**
 * Checks `pin` against the room's one-time PINs and, when one matches and is usable at
 * `now`, counts a use, atomically (IMMEDIATE transaction), so two callers cannot both take
 * the last use. Every row is compared (constant time each) whatever matched first.
 */
export function redeemOneTimePin(db: Database.Database, key: ServerKey, roomId: string, pin: string, now: Date): OneTimePinRedemption {
  const run = db.transaction((): OneTimePinRedemption => {
    const rows = db.prepare('SELECT * FROM one_time_pins WHERE room_id = ? ORDER BY id').all(roomId) as OneTimePinRow[];
    let match: OneTimePinRow | undefined;
    for (const row of rows) {
      if (pinMatches(key, roomId, 'one-time', pin, row.hmac) && match === undefined) match = row;
    }
    if (match === undefined) return { outcome: 'no-match' };
    const record = toRecord(match);
    const at = now.toISOString();
    if (record.isRevoked) return { outcome: 'revoked', record };
    if (at < record.validFrom) return { outcome: 'not-yet-valid', record };
    if (at >= record.validUntil) return { outcome: 'expired', record };
    if (record.uses >= record.maxUses) return { outcome: 'used-up', record };
    db.prepare('UPDATE one_time_pins SET uses = uses + 1 WHERE id = ?').run(record.id);
    return { outcome: 'redeemed', record: { ...record, uses: record.uses + 1 } };
  });
  return run.immediate();
}
