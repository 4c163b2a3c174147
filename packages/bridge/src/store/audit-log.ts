/**
 * The append-only audit trail (PRODUCT.md "Audit"; SECURITY.md "Logging"): every PIN
 * attempt, join/leave, moderation and admin action. Rows never hold a PIN or a PIN hash:
 * attempts carry `pin_len` and the marker `"pin": "[REDACTED]"` in `details`, and any
 * secret-looking key in `details` is replaced by the marker. SQLite triggers refuse UPDATE
 * and DELETE on the table.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The redaction marker stored in place of secrets. */
export const REDACTED = '[REDACTED]';

/** Audit kinds this package writes; others may add their own kebab-case kinds. */
export type KnownAuditKind =
  | 'pin-attempt'
  | 'room-id-attempt'
  | 'join'
  | 'leave'
  | 'moderation'
  | 'room-created'
  | 'room-updated'
  | 'room-deleted'
  | 'pins-rotated'
  | 'pin-disabled'
  | 'one-time-pin-created'
  | 'one-time-pin-revoked'
  | 'block-added'
  | 'block-removed'
  | 'call-refused'
  | 'alert';

/** A kebab-case audit kind; the known ones autocomplete. */
export type AuditKind = KnownAuditKind | (string & Record<never, never>);

/** What a caller records. All fields but `kind` are optional. */
export interface AuditEntry {
  readonly kind: AuditKind;
  /** Defaults to the store clock. */
  readonly at?: Date;
  /** The SIP Call-ID; stored only as a SHA-256 prefix (see {@link hashCallId}). */
  readonly callId?: string;
  /** An already hashed Call-ID ({@link hashCallId}), when the caller holds only the hash. */
  readonly callIdHash?: string;
  readonly roomId?: string;
  /** The path the caller took: `participant`, `host`, `one-time`, `room-id`. */
  readonly rolePath?: string;
  readonly sourceIp?: string;
  readonly callerId?: string;
  /** Attempt number within the call (1-based). */
  readonly attempt?: number;
  /** `success`, `failure`, `refused`, … */
  readonly outcome?: string;
  /** A reason code such as `wrong-pin` or `unknown-room`. */
  readonly reason?: string;
  /** Digits typed (the length only). Setting it adds the `"pin": "[REDACTED]"` marker. */
  readonly pinLength?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A stored audit row. */
export interface AuditRecord {
  readonly id: number;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly kind: string;
  readonly callIdHash: string | undefined;
  readonly roomId: string | undefined;
  readonly rolePath: string | undefined;
  readonly sourceIp: string | undefined;
  readonly callerId: string | undefined;
  readonly attempt: number | undefined;
  readonly outcome: string | undefined;
  readonly reason: string | undefined;
  readonly pinLength: number | undefined;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Filters for {@link queryAudit}; rows come newest first. */
export interface AuditQuery {
  /** Inclusive lower bound (Date or ISO string). */
  readonly from?: Date | string;
  /** Exclusive upper bound. */
  readonly to?: Date | string;
  readonly roomId?: string;
  readonly kind?: AuditKind;
  /** Default 100, at most 10 000. */
  readonly limit?: number;
}

const SECRET_KEY = /^(pin|hostpin|host_pin|host-pin|digits|secret|token|authorization|password|hmac|hash|pinhash)$/i;

/** The first 16 bytes of SHA-256 of a Call-ID, hex: correlates rows without storing the ID. */
export function hashCallId(callId: string): string {
  return createHash('sha256').update(callId, 'utf8').digest('hex').slice(0, 32);
}

/** Copies `details`, replacing the value of every secret-looking key (at any depth) by the marker. */
export function scrubDetails(details: Readonly<Record<string, unknown>>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (depth < 4 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = scrubDetails(value as Record<string, unknown>, depth + 1);
    } else out[key] = value;
  }
  return out;
}

/** Inserts one audit row; returns its id. */
export function appendAudit(db: Database.Database, entry: AuditEntry, now: Date): number {
  const details = scrubDetails(entry.details ?? {});
  if (entry.pinLength !== undefined) details.pin = REDACTED;
  const result = db
    .prepare(
      `INSERT INTO audit (at, kind, call_id_hash, room_id, role_path, source_ip, caller_id, attempt, outcome, reason, pin_len, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      (entry.at ?? now).toISOString(),
      entry.kind,
      entry.callIdHash ?? (entry.callId === undefined ? null : hashCallId(entry.callId)),
      entry.roomId ?? null,
      entry.rolePath ?? null,
      entry.sourceIp ?? null,
      entry.callerId ?? null,
      entry.attempt ?? null,
      entry.outcome ?? null,
      entry.reason ?? null,
      entry.pinLength ?? null,
      JSON.stringify(details),
    );
  return Number(result.lastInsertRowid);
}

interface AuditRow {
  id: number;
  at: string;
  kind: string;
  call_id_hash: string | null;
  room_id: string | null;
  role_path: string | null;
  source_ip: string | null;
  caller_id: string | null;
  attempt: number | null;
  outcome: string | null;
  reason: string | null;
  pin_len: number | null;
  details: string;
}

/** Audit rows matching `query`, newest first. */
export function queryAudit(db: Database.Database, query: AuditQuery = {}): AuditRecord[] {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.from !== undefined) {
    where.push('at >= ?');
    params.push(toIso(query.from));
  }
  if (query.to !== undefined) {
    where.push('at < ?');
    params.push(toIso(query.to));
  }
  if (query.roomId !== undefined) {
    where.push('room_id = ?');
    params.push(query.roomId);
  }
  if (query.kind !== undefined) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  const limit = Math.max(1, Math.min(10_000, Math.floor(query.limit ?? 100)));
  const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
  return (db.prepare(sql).all(...params) as AuditRow[]).map((row) => ({
    id: row.id,
    at: row.at,
    kind: row.kind,
    callIdHash: row.call_id_hash ?? undefined,
    roomId: row.room_id ?? undefined,
    rolePath: row.role_path ?? undefined,
    sourceIp: row.source_ip ?? undefined,
    callerId: row.caller_id ?? undefined,
    attempt: row.attempt ?? undefined,
    outcome: row.outcome ?? undefined,
    reason: row.reason ?? undefined,
    pinLength: row.pin_len ?? undefined,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}

function toIso(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}
