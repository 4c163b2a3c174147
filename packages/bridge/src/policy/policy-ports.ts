/**
 * The small interfaces the store and app implement for the policy's persistent parts,
 * with in-memory versions for tests and simulations.
 */
import type { AuditEvent } from './audit-event.js';
import type { RolePath } from './policy-state.js';

/** Manual blocks (operator action), by source key id (`ip:…`, `pstn:…`) or raw IP. */
export interface BlockList {
  isBlocked(keyOrIp: string): boolean;
}

/** Where audit events go (the store's audit table, the log). Must not throw. */
export interface AuditSink {
  append(event: AuditEvent): void;
}

/** Why an alert is raised. */
export type AlertCause =
  | 'room-failures'
  | 'room-locked'
  | 'pin-disabled'
  | 'global-budget-empty'
  | 'source-locked'
  | 'sip-flood'
  /** A scheduled rotation set new PINs (they wait in the data folder, never in the alert). */
  | 'pins-rotated'
  | 'pins-rotated-unsaved';

/** An alert for a room owner or ops. `roomId` is empty for global alerts. */
export interface PolicyAlert {
  readonly cause: AlertCause;
  readonly roomId: string;
  readonly rolePath?: RolePath;
  readonly atMs: number;
  readonly detail: string;
}

/** Where alerts go; the {@link AlertDispatcher} implements it. Must not block or throw. */
export interface AlertSink {
  alert(alert: PolicyAlert): void;
}

/** In-memory {@link BlockList}. */
export class InMemoryBlockList implements BlockList {
  private readonly blocked = new Set<string>();
  add(keyOrIp: string): void {
    this.blocked.add(keyOrIp);
  }
  remove(keyOrIp: string): void {
    this.blocked.delete(keyOrIp);
  }
  isBlocked(keyOrIp: string): boolean {
    return this.blocked.has(keyOrIp);
  }
}

/** In-memory {@link AuditSink} that keeps every event (tests, reports). */
export class InMemoryAuditSink implements AuditSink {
  readonly events: AuditEvent[] = [];
  append(event: AuditEvent): void {
    this.events.push(event);
  }
}

/** In-memory {@link AlertSink} that keeps every alert. */
export class InMemoryAlertSink implements AlertSink {
  readonly alerts: PolicyAlert[] = [];
  alert(alert: PolicyAlert): void {
    this.alerts.push(alert);
  }
}
