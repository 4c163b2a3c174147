/**
 * `RoomStore`: the bridge's SQLite file (`<dataDir>/pinbridge.sqlite`) behind a typed API:
 * rooms, PIN hashes (HMAC under the server key, never the PIN), PIN history for rule C5,
 * one-time PINs, blocks and the audit trail. WAL mode and a busy timeout let `serve` and
 * the CLI use the same file at once; nothing is cached, so a rotation by the CLI takes
 * effect on the next PIN check of the running server.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../config/bridge-error.js';
import {
  generatePin,
  hashPin,
  pinMatches,
  validatePin,
  type Pin,
  type PinContext,
  type PinRejection,
  type PinRole,
  type ServerKey,
} from '../pins/index.js';
import * as audit from './audit-log.js';
import * as blocks from './block-list.js';
import { applyMigrations } from './migrations.js';
import * as oneTime from './one-time-pins.js';
import { StoreError } from './store-error.js';

/** The database file's name inside the data folder. */
export const STORE_FILE = 'pinbridge.sqlite';
/** How many PIN hashes per room and role rule C5 remembers. */
export const PIN_HISTORY_LENGTH = 5;

/** Per-room options; later issues add their own keys (kept as JSON). */
export interface RoomOptions {
  readonly waitForHost: boolean;
  readonly maxParticipants: number;
  readonly [option: string]: unknown;
}

/** Who created a room. */
export type RoomSource = 'config' | 'cli' | 'api' | 'demo';

/** A stored room (never with PINs). */
export interface RoomRecord {
  readonly id: string;
  readonly name: string;
  readonly options: RoomOptions;
  readonly source: RoomSource;
  readonly createdAt: string;
}

/** A new room. */
export interface NewRoom {
  readonly id: string;
  readonly name: string;
  readonly options: RoomOptions;
  readonly source: RoomSource;
}

/** The state of one PIN of a room (no hash). */
export interface PinStatus {
  readonly role: PinRole;
  readonly pinLength: number;
  readonly setAt: string;
  readonly failuresSinceSet: number;
  readonly isDisabled: boolean;
}

/** Result of {@link RoomStore.checkPin}; only `match` admits. */
export type PinCheck = 'match' | 'mismatch' | 'no-pin' | 'disabled';

/** Lengths and C4 numbers for generated PINs. */
export interface PinGenerationOptions {
  readonly pinLength: number;
  readonly hostPinLength: number;
  /** Dial-in DIDs and owner numbers the PINs must not resemble (rule C4). */
  readonly phoneNumbers?: readonly string[];
}

/** A room's freshly generated PINs: shown once, then only their hashes exist. */
export interface RoomPins {
  readonly pin: Pin;
  readonly hostPin: Pin;
}

/** How to open the store. */
export interface OpenStoreOptions {
  /** The data folder; the file is `<dataDir>/pinbridge.sqlite`. */
  readonly dataDir: string;
  /** Another file (or `:memory:`) instead of the data folder's. */
  readonly file?: string;
  readonly key: ServerKey;
  /** The clock; `() => new Date()` by default. */
  readonly now?: () => Date;
}

interface PinRow {
  role: PinRole;
  hmac: string;
  pin_length: number;
  set_at: string;
  failures_since_set: number;
  disabled: number;
}

interface RoomRow {
  id: string;
  name: string;
  options: string;
  source: RoomSource;
  created_at: string;
}

// A well-formed hash no PIN produces in practice: compared when a room or PIN is missing,
// so the time taken does not reveal whether the room exists.
const ABSENT_HASH = '0'.repeat(64);

/** See the file comment. */
export class RoomStore {
  readonly #db: Database.Database;
  readonly #key: ServerKey;
  readonly #now: () => Date;

  private constructor(db: Database.Database, key: ServerKey, now: () => Date) {
    this.#db = db;
    this.#key = key;
    this.#now = now;
  }

  /** Opens (creating when needed) the store and applies pending migrations. */
  static open(options: OpenStoreOptions): Result<RoomStore, StoreError> {
    const file = options.file ?? join(options.dataDir, STORE_FILE);
    let db: Database.Database | undefined;
    try {
      if (options.file === undefined) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
      const isNew = file !== ':memory:' && !existsSync(file);
      db = new Database(file);
      // Hashes only, but the audit trail holds caller IDs and addresses: owner-only, like
      // the key file. SQLite gives the -wal and -shm files the database file's mode.
      if (isNew) chmodSync(file, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      applyMigrations(db);
      return ok(new RoomStore(db, options.key, options.now ?? (() => new Date())));
    } catch (cause) {
      db?.close();
      return err(new StoreError('open-failed', `cannot open the store at ${file}`, { cause }));
    }
  }

  /** The underlying connection, for later issues' tables (migrations go in migrations.ts). */
  get database(): Database.Database {
    return this.#db;
  }

  /** Closes the connection (checkpointing the WAL). */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  // ---- rooms ---------------------------------------------------------------------------

  /** Creates a room without PINs; `room-exists` when the ID is taken. */
  createRoom(room: NewRoom): Result<RoomRecord, StoreError> {
    const createdAt = this.#now().toISOString();
    const inserted = this.#db
      .prepare('INSERT INTO rooms (id, name, options, source, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(room.id, room.name, JSON.stringify(room.options), room.source, createdAt);
    if (inserted.changes === 0) return err(new StoreError('room-exists', `room ${room.id} already exists`));
    return ok({ id: room.id, name: room.name, options: room.options, source: room.source, createdAt });
  }

  /** One room, or undefined. */
  getRoom(id: string): RoomRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM rooms WHERE id = ?').get(id) as RoomRow | undefined;
    return row === undefined ? undefined : toRoomRecord(row);
  }

  /** Every room, by creation time. */
  listRooms(): RoomRecord[] {
    return (this.#db.prepare('SELECT * FROM rooms ORDER BY created_at, id').all() as RoomRow[]).map(toRoomRecord);
  }

  /** Merges `patch` into a room's name and options. */
  updateRoom(id: string, patch: { readonly name?: string; readonly options?: Partial<RoomOptions> }): Result<RoomRecord, StoreError> {
    const current = this.getRoom(id);
    if (current === undefined) return err(new StoreError('room-not-found', `room ${id} does not exist`));
    const next: RoomRecord = { ...current, name: patch.name ?? current.name, options: { ...current.options, ...patch.options } };
    this.#db.prepare('UPDATE rooms SET name = ?, options = ? WHERE id = ?').run(next.name, JSON.stringify(next.options), id);
    return ok(next);
  }

  /** Deletes a room with its PINs and one-time PINs (audit rows stay); false when absent. */
  deleteRoom(id: string): boolean {
    return this.#db.prepare('DELETE FROM rooms WHERE id = ?').run(id).changes > 0;
  }

  // ---- PINs ----------------------------------------------------------------------------

  /**
   * Validates an operator-chosen PIN for a room: R1-R8 and C1/C2 (room ID), C3 (the other
   * role's PIN when given in clear), C4 (phone numbers), C5 (last 5 PINs of this role) and
   * C6 (live one-time PINs of the room, for the participant prompt).
   */
  validateRoomPin(
    roomId: string,
    role: PinRole,
    digits: string,
    extra: Pick<PinContext, 'otherRolePin' | 'phoneNumbers' | 'length'> = {},
  ): Result<Pin, PinRejection> {
    return validatePin(digits, { ...extra, role, roomId, ...this.#historyContext(roomId, role) });
  }

  /** Stores the hash of `pin` for the room and role, resetting failures; keeps 5 in history. */
  setPin(roomId: string, role: PinRole, pin: Pin): Result<void, StoreError> {
    if (this.getRoom(roomId) === undefined) return err(new StoreError('room-not-found', `room ${roomId} does not exist`));
    const hmac = hashPin(this.#key, roomId, role, pin);
    const at = this.#now().toISOString();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO pin_hashes (room_id, role, hmac, pin_length, set_at, failures_since_set, disabled) VALUES (?, ?, ?, ?, ?, 0, 0)
           ON CONFLICT (room_id, role) DO UPDATE SET hmac = excluded.hmac, pin_length = excluded.pin_length,
             set_at = excluded.set_at, failures_since_set = 0, disabled = 0`,
        )
        .run(roomId, role, hmac, pin.length, at);
      this.#db.prepare('INSERT INTO pin_history (room_id, role, hmac, set_at) VALUES (?, ?, ?, ?)').run(roomId, role, hmac, at);
      this.#db
        .prepare(
          `DELETE FROM pin_history WHERE room_id = ? AND role = ? AND seq NOT IN
             (SELECT seq FROM pin_history WHERE room_id = ? AND role = ? ORDER BY seq DESC LIMIT ${PIN_HISTORY_LENGTH})`,
        )
        .run(roomId, role, roomId, role);
    }).immediate();
    return ok(undefined);
  }

  /**
   * Compares a typed PIN with the stored hash in constant time. A missing room or PIN still
   * computes and compares an HMAC, so timing does not reveal which rooms exist.
   */
  checkPin(roomId: string, role: PinRole, pin: string): PinCheck {
    const row = this.#pinRow(roomId, role);
    const matched = pinMatches(this.#key, roomId, role, pin, row?.hmac ?? ABSENT_HASH);
    if (row === undefined) return 'no-pin';
    if (row.disabled !== 0) return 'disabled';
    return matched ? 'match' : 'mismatch';
  }

  /** True only when the PIN matches an enabled stored PIN. */
  verifyPin(roomId: string, role: PinRole, pin: string): boolean {
    return this.checkPin(roomId, role, pin) === 'match';
  }

  /** The state of a room's PIN, without its hash. */
  getPinStatus(roomId: string, role: PinRole): PinStatus | undefined {
    const row = this.#pinRow(roomId, role);
    if (row === undefined) return undefined;
    return { role, pinLength: row.pin_length, setAt: row.set_at, failuresSinceSet: row.failures_since_set, isDisabled: row.disabled !== 0 };
  }

  /** Counts one failure against the PIN (SECURITY.md: disable at 100); returns the new count. */
  recordPinFailure(roomId: string, role: PinRole): number {
    const row = this.#db
      .prepare('UPDATE pin_hashes SET failures_since_set = failures_since_set + 1 WHERE room_id = ? AND role = ? RETURNING failures_since_set')
      .get(roomId, role) as { failures_since_set: number } | undefined;
    return row?.failures_since_set ?? 0;
  }

  /** Disables (or re-enables) a PIN until it is rotated; false when the PIN does not exist. */
  setPinDisabled(roomId: string, role: PinRole, isDisabled: boolean): boolean {
    return this.#db.prepare('UPDATE pin_hashes SET disabled = ? WHERE room_id = ? AND role = ?').run(isDisabled ? 1 : 0, roomId, role).changes > 0;
  }

  /**
   * Generates and stores new participant and host PINs (C1-C6 checked: the host PIN
   * against the new participant PIN, each against its last 5). Returns them once.
   */
  rotatePins(roomId: string, options: PinGenerationOptions): Result<RoomPins, StoreError> {
    if (this.getRoom(roomId) === undefined) return err(new StoreError('room-not-found', `room ${roomId} does not exist`));
    const phoneNumbers = options.phoneNumbers ?? [];
    const pin = generatePin(options.pinLength, { roomId, phoneNumbers, ...this.#historyContext(roomId, 'participant') });
    const hostPin = generatePin(options.hostPinLength, { roomId, phoneNumbers, otherRolePin: pin, ...this.#historyContext(roomId, 'host') });
    this.#db.transaction(() => {
      this.setPin(roomId, 'participant', pin);
      this.setPin(roomId, 'host', hostPin);
    }).immediate();
    return ok({ pin, hostPin });
  }

  // ---- one-time PINs -------------------------------------------------------------------

  /** Stores a one-time PIN for an existing room. */
  createOneTimePin(entry: oneTime.NewOneTimePin): Result<oneTime.OneTimePinRecord, StoreError> {
    if (this.getRoom(entry.roomId) === undefined) return err(new StoreError('room-not-found', `room ${entry.roomId} does not exist`));
    if (!(entry.validUntil.getTime() > entry.validFrom.getTime())) return err(new StoreError('invalid-input', 'validUntil must be after validFrom'));
    if (entry.maxUses !== undefined && (!Number.isInteger(entry.maxUses) || entry.maxUses < 1)) {
      return err(new StoreError('invalid-input', 'maxUses must be a positive integer'));
    }
    return ok(oneTime.createOneTimePin(this.#db, this.#key, entry, this.#now()));
  }

  /** A room's one-time PINs (without PINs). */
  listOneTimePins(roomId: string): oneTime.OneTimePinRecord[] {
    return oneTime.listOneTimePins(this.#db, roomId);
  }

  /** One one-time PIN by id. */
  getOneTimePin(id: number): oneTime.OneTimePinRecord | undefined {
    return oneTime.getOneTimePin(this.#db, id);
  }

  /** Revokes a one-time PIN; false when none is live with that id. */
  revokeOneTimePin(id: number): boolean {
    return oneTime.revokeOneTimePin(this.#db, id);
  }

  /** Checks a typed code against the room's one-time PINs and counts a use when it admits. */
  redeemOneTimePin(roomId: string, pin: string): oneTime.OneTimePinRedemption {
    return oneTime.redeemOneTimePin(this.#db, this.#key, roomId, pin, this.#now());
  }

  // ---- blocks --------------------------------------------------------------------------

  /** Adds a manual block. */
  addBlock(block: blocks.NewBlock): blocks.BlockRecord {
    return blocks.addBlock(this.#db, block, this.#now());
  }

  /** Blocks in force now (or all, with `includeExpired`). */
  listBlocks(options: { readonly includeExpired?: boolean } = {}): blocks.BlockRecord[] {
    return blocks.listBlocks(this.#db, this.#now(), options.includeExpired ?? false);
  }

  /** Removes a block; false when absent. */
  removeBlock(id: number): boolean {
    return blocks.removeBlock(this.#db, id);
  }

  /** Deletes expired blocks; returns how many. */
  purgeExpiredBlocks(): number {
    return blocks.purgeExpiredBlocks(this.#db, this.#now());
  }

  // ---- audit ---------------------------------------------------------------------------

  /** Appends an audit row (secrets scrubbed, Call-ID hashed); returns its id. */
  appendAudit(entry: audit.AuditEntry): number {
    return audit.appendAudit(this.#db, entry, this.#now());
  }

  /** Audit rows, newest first. */
  queryAudit(query: audit.AuditQuery = {}): audit.AuditRecord[] {
    return audit.queryAudit(this.#db, query);
  }

  // ---- internals -----------------------------------------------------------------------

  #pinRow(roomId: string, role: PinRole): PinRow | undefined {
    return this.#db.prepare('SELECT * FROM pin_hashes WHERE room_id = ? AND role = ?').get(roomId, role) as PinRow | undefined;
  }

  /** C5 (history of this role) and C6 (live one-time PINs share the participant prompt). */
  #historyContext(roomId: string, role: PinRole): Pick<PinContext, 'isRecentPin' | 'isAcceptedCode'> {
    const history = (this.#db.prepare('SELECT hmac FROM pin_history WHERE room_id = ? AND role = ?').all(roomId, role) as Array<{ hmac: string }>).map(
      (row) => row.hmac,
    );
    const isRecentPin = (candidate: string): boolean => history.some((hmac) => pinMatches(this.#key, roomId, role, candidate, hmac));
    if (role === 'host') return { isRecentPin };
    return { isRecentPin, isAcceptedCode: (code) => oneTime.matchesAnyOneTimePin(this.#db, this.#key, roomId, code) };
  }
}

function toRoomRecord(row: RoomRow): RoomRecord {
  return { id: row.id, name: row.name, options: JSON.parse(row.options) as RoomOptions, source: row.source, createdAt: row.created_at };
}
