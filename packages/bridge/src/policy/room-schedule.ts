/**
 * Time-window PINs and rotation: a room's schedule says when its PIN works at all, and
 * `dueForRotation` says when the owner (or a job) should rotate it.
 */
import { DAY_MS, MINUTE_MS } from './clock.js';

/** When a room accepts PIN entry. Weekly slots are in local time given by `utcOffsetMinutes`. */
export type RoomSchedule =
  | { readonly kind: 'always' }
  | { readonly kind: 'windows'; readonly windows: ReadonlyArray<{ readonly startMs: number; readonly endMs: number }>; readonly earlyJoinMs?: number; readonly lateJoinMs?: number }
  | {
      readonly kind: 'weekly';
      /** dayOfWeek 0 = Sunday; minutes from local midnight; end may pass midnight (≤ 2880). */
      readonly slots: ReadonlyArray<{ readonly dayOfWeek: number; readonly startMinute: number; readonly endMinute: number }>;
      readonly utcOffsetMinutes: number;
    };

/** Whether the schedule admits PIN entry at `nowMs`. */
export function isScheduleActive(schedule: RoomSchedule, nowMs: number): boolean {
  switch (schedule.kind) {
    case 'always':
      return true;
    case 'windows': {
      const early = schedule.earlyJoinMs ?? 0;
      const late = schedule.lateJoinMs ?? 0;
      return schedule.windows.some((w) => nowMs >= w.startMs - early && nowMs <= w.endMs + late);
    }
    case 'weekly': {
      const local = nowMs + schedule.utcOffsetMinutes * MINUTE_MS;
      const dayIndex = Math.floor(local / DAY_MS);
      // 1970-01-01 was a Thursday (4).
      const today = (((dayIndex + 4) % 7) + 7) % 7;
      const minute = Math.floor((local - dayIndex * DAY_MS) / MINUTE_MS);
      return schedule.slots.some((s) => {
        if (s.dayOfWeek === today && minute >= s.startMinute && minute < s.endMinute) return true;
        // A slot running past midnight continues into the next day.
        const yesterday = (today + 6) % 7;
        return s.dayOfWeek === yesterday && s.endMinute > 1440 && minute + 1440 < s.endMinute;
      });
    }
  }
}

/** Whether a room's PIN is due for rotation (`rotationIntervalMs` from the room or the config default). */
export function dueForRotation(room: { readonly pinSetAtMs: number; readonly rotationIntervalMs?: number }, nowMs: number, defaultIntervalMs: number): boolean {
  const interval = room.rotationIntervalMs ?? defaultIntervalMs;
  return nowMs - room.pinSetAtMs >= interval;
}
