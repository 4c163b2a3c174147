/**
 * How PINs made by a scheduled rotation reach the operator without a log, an audit row, a
 * URL or an error message (SECURITY.md "Logging"): one file per room,
 * `<dataDir>/rotated-pins/<roomId>.json`, mode 0600 in a 0700 folder, written atomically
 * (temp file, then rename), read once and deleted by `pinbridge rooms pending-pins ID`.
 * A newer rotation replaces an unread file: the older PINs no longer work anyway.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** What a pending-PIN file holds. */
export interface PendingPins {
  readonly roomId: string;
  readonly pin: string;
  readonly hostPin: string;
  /** ISO time of the rotation. */
  readonly rotatedAt: string;
}

/** The folder of pending-PIN files. */
export function pendingPinsDir(dataDir: string): string {
  return join(dataDir, 'rotated-pins');
}

function fileOf(dataDir: string, roomId: string): string {
  // Room IDs are digits (toRoomId); anything else must never become a path.
  if (!/^[0-9]{8,12}$/.test(roomId)) throw new Error('pending PINs: a conference ID is 8-12 digits');
  return join(pendingPinsDir(dataDir), `${roomId}.json`);
}

/** Writes (or replaces) a room's pending PINs, readable by the owner only. */
export function writePendingPins(dataDir: string, pins: PendingPins): string {
  const dir = pendingPinsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A folder that already existed keeps its mode: tighten it, the files hold live PINs.
  chmodSync(dir, 0o700);
  const file = fileOf(dataDir, pins.roomId);
  const temp = `${file}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  // `wx`: never write through a file (or link) someone else left at the temp name.
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(pins)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  return file;
}

/** Whether a room has PINs waiting. */
export function hasPendingPins(dataDir: string, roomId: string): boolean {
  return existsSync(fileOf(dataDir, roomId));
}

/** Reads a room's pending PINs and deletes the file; undefined when none wait. */
export function takePendingPins(dataDir: string, roomId: string): PendingPins | undefined {
  const file = fileOf(dataDir, roomId);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  rmSync(file, { force: true });
  const parsed = JSON.parse(text) as Partial<PendingPins>;
  if (parsed.roomId !== roomId || typeof parsed.pin !== 'string' || typeof parsed.hostPin !== 'string' || typeof parsed.rotatedAt !== 'string') {
    // The message never quotes the content: it holds PINs.
    throw new Error(`pending PINs of room ${roomId}: the file was malformed and has been removed`);
  }
  return { roomId, pin: parsed.pin, hostPin: parsed.hostPin, rotatedAt: parsed.rotatedAt };
}
