/**
 * Schema migrations, applied in order inside one IMMEDIATE transaction so a CLI process and
 * `serve` starting at once never both migrate. `schema_migrations` records what ran.
 * Append new migrations; never edit a shipped one.
 */
import type Database from 'better-sqlite3';

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'rooms, PIN hashes and history, one-time PINs, blocks, append-only audit',
    sql: `
      CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        options TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE pin_hashes (
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('participant', 'host')),
        hmac TEXT NOT NULL,
        pin_length INTEGER NOT NULL,
        set_at TEXT NOT NULL,
        failures_since_set INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (room_id, role)
      );
      CREATE TABLE pin_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('participant', 'host')),
        hmac TEXT NOT NULL,
        set_at TEXT NOT NULL
      );
      CREATE INDEX pin_history_room_role ON pin_history (room_id, role, seq);
      CREATE TABLE one_time_pins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        hmac TEXT NOT NULL,
        pin_length INTEGER NOT NULL,
        invitee_name TEXT,
        valid_from TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        revoked INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE INDEX one_time_pins_room ON one_time_pins (room_id);
      CREATE TABLE blocks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('ip', 'cidr', 'caller-id')),
        value TEXT NOT NULL,
        expires_at TEXT,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        call_id_hash TEXT,
        room_id TEXT,
        role_path TEXT,
        source_ip TEXT,
        caller_id TEXT,
        attempt INTEGER,
        outcome TEXT,
        reason TEXT,
        pin_len INTEGER,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_at ON audit (at);
      CREATE INDEX audit_room_at ON audit (room_id, at);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    `,
  },
];

/** Brings the database to the newest schema; returns the versions applied now. */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const run = db.transaction((): number[] => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      );
      applied.push(migration.version);
    }
    return applied;
  });
  return run.immediate();
}
