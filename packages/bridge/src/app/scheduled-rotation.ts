/**
 * Scheduled PIN rotation (issue 6 "Rotation: … on a schedule per room, e.g. every 30
 * days"): a room whose options carry `rotationIntervalMs` gets new PINs once its older PIN
 * is that old (`dueForRotation`). The running server checks on a timer; the store is the
 * shared state, so the new PINs work for the next caller at once (the verifier notices the
 * new `setAt` and resets the policy's budgets for the PIN) and connected callers stay.
 *
 * The new PINs go to the operator through a 0600 file only (pending-pins.ts); the log, the
 * audit row and the "pins-rotated" alert (webhook, audit line, SSE) name the room, never a PIN.
 */
import type { PolicyAlert } from '../policy/index.js';
import { dueForRotation } from '../policy/index.js';
import type { ProvisioningSettings, RoomRecord, RoomStore } from '../store/index.js';
import { writePendingPins } from './pending-pins.js';
import type { CallLogger } from './ports.js';

/** The room option that turns scheduled rotation on. */
export const ROTATION_OPTION = 'rotationIntervalMs';

/** A room's rotation interval, when it has a valid one. */
export function rotationIntervalOf(room: Pick<RoomRecord, 'options'>): number | undefined {
  const value = room.options[ROTATION_OPTION];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** How often the running server looks for due rooms. */
export const ROTATION_CHECK_MS = 60_000;

/** Everything a rotation needs. */
export interface ScheduledRotationDeps {
  readonly store: Pick<RoomStore, 'listRooms' | 'getPinStatus' | 'rotatePins' | 'appendAudit'>;
  readonly dataDir: string;
  readonly settings: ProvisioningSettings;
  readonly logger: CallLogger;
  /** The abuse wiring's alert path (dedupe, webhook, audit line, SSE). */
  readonly alert: (alert: PolicyAlert) => void;
}

/** See the file comment. */
export class ScheduledRotation {
  constructor(private readonly deps: ScheduledRotationDeps) {}

  /** Rotates every due room; returns the rotated room IDs. */
  tick(nowMs: number): string[] {
    const rotated: string[] = [];
    for (const room of this.deps.store.listRooms()) {
      const interval = rotationIntervalOf(room);
      if (interval === undefined) continue;
      const setAt = this.pinSetAtMs(room.id);
      if (setAt === undefined || !dueForRotation({ pinSetAtMs: setAt, rotationIntervalMs: interval }, nowMs, interval)) continue;
      if (this.rotate(room.id, nowMs)) rotated.push(room.id);
    }
    return rotated;
  }

  /** When the older of the room's two PINs was set. */
  private pinSetAtMs(roomId: string): number | undefined {
    const times = (['participant', 'host'] as const).map((role) => this.deps.store.getPinStatus(roomId, role)?.setAt).filter((at): at is string => at !== undefined);
    if (times.length === 0) return undefined;
    return Math.min(...times.map((at) => Date.parse(at)));
  }

  private rotate(roomId: string, nowMs: number): boolean {
    const { store, logger } = this.deps;
    const result = store.rotatePins(roomId, this.deps.settings);
    if (!result.ok) {
      logger.warn({ roomId, err: result.error.message }, 'scheduled rotation failed');
      return false;
    }
    try {
      writePendingPins(this.deps.dataDir, { roomId, pin: result.value.pin, hostPin: result.value.hostPin, rotatedAt: new Date(nowMs).toISOString() });
    } catch (error) {
      // The PINs changed but nobody can read them: the owner must rotate by hand. Say so, without them.
      logger.error({ roomId, err: error instanceof Error ? error.message : 'write failed' }, 'rotated PINs could not be saved');
      this.deps.alert({ cause: 'pins-rotated-unsaved', roomId, atMs: nowMs, detail: 'scheduled rotation: the new PINs could not be saved; run pinbridge rooms rotate' });
      return true;
    }
    store.appendAudit({ kind: 'pins-rotated', at: new Date(nowMs), roomId, outcome: 'success', details: { source: 'schedule' } });
    logger.info({ roomId }, 'pins rotated on schedule');
    this.deps.alert({ cause: 'pins-rotated', roomId, atMs: nowMs, detail: `scheduled rotation: new PINs wait in the data folder (pinbridge rooms pending-pins ${roomId})` });
    return true;
  }
}
