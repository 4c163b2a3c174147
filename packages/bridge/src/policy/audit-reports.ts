/**
 * Reports over audit events for the admin UI and CLI: failures per source IP, and per
 * hour of day (UTC) to spot when attacks run.
 */
import type { AuditEvent } from './audit-event.js';

/** A half-open time range `[fromMs, toMs)`. */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

function failures(events: readonly AuditEvent[], range: TimeRange) {
  return events.filter((e) => e.event === 'attempt' && e.outcome === 'failure' && e.at >= range.fromMs && e.at < range.toMs);
}

/** Failed attempts per source IP, most first (ties by IP). */
export function failuresBySource(events: readonly AuditEvent[], range: TimeRange): ReadonlyArray<{ readonly sourceIp: string; readonly failures: number }> {
  const counts = new Map<string, number>();
  for (const e of failures(events, range)) if (e.event === 'attempt') counts.set(e.sourceIp, (counts.get(e.sourceIp) ?? 0) + 1);
  return [...counts.entries()].map(([sourceIp, n]) => ({ sourceIp, failures: n })).sort((a, b) => b.failures - a.failures || a.sourceIp.localeCompare(b.sourceIp));
}

/** Failed attempts by UTC hour of day: 24 counts, index 0 = 00:00–00:59. */
export function failuresByHourOfDay(events: readonly AuditEvent[], range: TimeRange): readonly number[] {
  const hours = new Array<number>(24).fill(0);
  for (const e of failures(events, range)) {
    const hour = new Date(e.at).getUTCHours();
    hours[hour] = (hours[hour] ?? 0) + 1;
  }
  return hours;
}
