/**
 * Typed audit events and the one-line JSON format fail2ban and log shippers parse. No
 * field ever carries PIN digits: attempts record `pinLength` and the literal redaction
 * marker (SECURITY.md "Logging"; OWASP Logging cheat sheet).
 */
import type { RolePath } from './policy-state.js';

/** The literal stored instead of any PIN. */
export const PIN_REDACTED = '[REDACTED]';

/** One PIN entry. `attempt` is the try number within the call (1..T). */
export interface AttemptAuditEvent {
  readonly event: 'attempt';
  readonly at: number;
  readonly callIdHash: string;
  readonly roomId: string;
  readonly rolePath: RolePath;
  readonly sourceIp: string;
  readonly callerId: string;
  readonly attempt: number;
  readonly outcome: 'success' | 'failure' | 'refused';
  readonly reason: string;
  readonly pinLength: number;
  readonly pin: typeof PIN_REDACTED;
}

/** A source or room lock, or a PIN disabled by its budget. */
export interface LockAuditEvent {
  readonly event: 'lock';
  readonly at: number;
  readonly scope: 'source' | 'room' | 'pin-disabled';
  readonly key: string;
  readonly untilMs: number;
  readonly level: number;
}

/** An alert raised to owners or ops. */
export interface AlertAuditEvent {
  readonly event: 'alert';
  readonly at: number;
  readonly cause: string;
  readonly roomId: string;
  readonly detail: string;
}

/** A participant joined or left a room. */
export interface PresenceAuditEvent {
  readonly event: 'join' | 'leave';
  readonly at: number;
  readonly callIdHash: string;
  readonly roomId: string;
  readonly rolePath: RolePath;
  readonly sourceIp: string;
  readonly callerId: string;
  /** The invitee's name of a personal one-time PIN (operator input), else empty. */
  readonly displayName: string;
  /** The From header's display name (caller input), when it sent one. */
  readonly sipDisplayName?: string;
  /** Leave only: `caller-bye`, `rtp-timeout`, `removed`, `ended`, `shutdown`, `hangup` … */
  readonly reason?: string;
  readonly userAgent: string;
}

/** A host or admin moderation action. */
export interface ModerationAuditEvent {
  readonly event: 'moderation';
  readonly at: number;
  readonly roomId: string;
  /** `keypad` (a caller's keys), `admin-api`, `moderation` (the room's own effect, e.g. a ban), `cli`. */
  readonly actor: string;
  readonly action: string;
  /** The caller the action came from (keypad) or applies to (kick, mute, ban). */
  readonly callIdHash?: string;
  /** The role path of a keypad actor. */
  readonly rolePath?: RolePath;
}

/** A SIP admission drop/ban or a manual block. */
export interface BlockAuditEvent {
  readonly event: 'block';
  readonly at: number;
  readonly sourceIp: string;
  readonly reason: string;
  readonly untilMs: number;
  readonly userAgent: string;
}

/** Every audit record. */
export type AuditEvent =
  | AttemptAuditEvent
  | LockAuditEvent
  | AlertAuditEvent
  | PresenceAuditEvent
  | ModerationAuditEvent
  | BlockAuditEvent;

/** Prefix of every audit line (lets fail2ban and grep find them among other logs). */
export const AUDIT_LINE_PREFIX = 'pinbridge-audit ';

/** Field order: `sourceIp` right after the fixed fields, before any caller-controlled text. */
const FIELD_ORDER = ['event', 'at', 'outcome', 'sourceIp', 'reason', 'scope', 'key', 'cause', 'roomId', 'rolePath', 'attempt', 'pinLength', 'pin', 'untilMs', 'level', 'callIdHash', 'callerId', 'actor', 'action', 'detail', 'displayName', 'sipDisplayName', 'userAgent'];

/**
 * One log line: the prefix, then JSON with a fixed key order. JSON.stringify escapes
 * `"`, `\` and U+0000–U+001F; we also escape DEL, C1 controls and U+2028/U+2029 so no
 * caller-supplied display name or User-Agent can forge a second line.
 */
export function formatAuditLogLine(event: AuditEvent): string {
  const source = event as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    if (key in source) ordered[key] = source[key];
  }
  if ('pin' in ordered) ordered['pin'] = PIN_REDACTED;
  const json = JSON.stringify(ordered).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return AUDIT_LINE_PREFIX + json;
}
