/**
 * What the abuse policy tells the live side (issue 7's `/metrics` and SSE stream): failed
 * PIN entries by reason, lockouts, alerts that passed the dedupe, and SIP admission
 * outcomes. Signals carry fixed reason names, scopes and room IDs only — never PINs,
 * caller IDs, source keys or addresses, so they may become metric labels and SSE events.
 */
import type { AuditEvent, RolePath } from '../policy/index.js';

/** Why a PIN entry did not admit the caller, as counted (a fixed set of names). */
export type AuthFailureKind = 'wrong-pin' | 'unknown-room' | 'locked' | 'disabled' | 'not-active' | 'global-budget' | 'refused';

/** A new SIP request's admission outcome, as counted. */
export type AdmissionOutcomeKind =
  | 'accepted'
  | 'rejected-rate'
  | 'dropped-scanner'
  | 'dropped-sweep'
  | 'dropped-banned'
  | 'banned'
  | 'refused-origin'
  | 'refused-locked';

/** One signal; see the file comment. */
export type AbuseSignal =
  | { readonly kind: 'auth-failure'; readonly reason: AuthFailureKind; readonly rolePath: RolePath }
  | { readonly kind: 'lockout'; readonly atMs: number; readonly scope: 'source' | 'room' | 'pin-disabled'; readonly untilMs: number; readonly roomId?: string }
  | { readonly kind: 'alert'; readonly atMs: number; readonly cause: string; readonly roomId?: string }
  | { readonly kind: 'admission'; readonly outcome: AdmissionOutcomeKind };

export type AbuseSignalListener = (signal: AbuseSignal) => void;

/** Fans signals out; a throwing listener never reaches the call path. */
export class AbuseSignals {
  private readonly listeners = new Set<AbuseSignalListener>();

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: AbuseSignalListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(signal: AbuseSignal): void {
    for (const listener of this.listeners) {
      try {
        listener(signal);
      } catch {
        // Metrics and SSE are observers: their failure must not change a call's outcome.
      }
    }
  }

  /** The signals an audit event implies (attempts that failed, locks). */
  fromAudit(event: AuditEvent): void {
    if (event.event === 'attempt' && event.outcome !== 'success') {
      this.emit({ kind: 'auth-failure', reason: authFailureKind(event.reason), rolePath: event.rolePath });
    } else if (event.event === 'lock') {
      const roomId = /^room:([0-9]+)\|/.exec(event.key)?.[1];
      this.emit({ kind: 'lockout', atMs: event.at, scope: event.scope, untilMs: event.untilMs, ...(roomId === undefined ? {} : { roomId }) });
    }
  }
}

/** Maps the verifier's audit reasons onto the counted kinds. */
export function authFailureKind(reason: string): AuthFailureKind {
  if (reason === 'wrong-pin' || reason === 'wrong-pin-locked') return 'wrong-pin';
  if (reason === 'unknown-room' || reason === 'unknown-room-locked') return 'unknown-room';
  if (reason === 'source-locked' || reason === 'source-budget' || reason === 'room-locked' || reason === 'blocked' || reason === 'entry-locked') return 'locked';
  if (reason === 'pin-disabled') return 'disabled';
  if (reason === 'not-active') return 'not-active';
  if (reason === 'global-budget') return 'global-budget';
  return 'refused';
}
