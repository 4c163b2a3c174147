import type { SipRequest } from '../message/index.js';

/** Who refreshes the session (RFC 4028 §4). */
export type SessionRefresher = 'uac' | 'uas';

/** Outcome of session-timer negotiation for a request (RFC 4028 §9). */
export type SessionTimerDecision =
  | { readonly kind: 'none' }
  /** Session-Expires below our Min-SE: answer 422 with `Min-SE: minSeconds` (§9). */
  | { readonly kind: 'too-small'; readonly minSeconds: number }
  | {
      readonly kind: 'active';
      readonly seconds: number;
      readonly refresher: SessionRefresher;
      /** Header fields for the 2xx: Session-Expires and, when the UAC refreshes, Require: timer. */
      readonly headers: ReadonlyArray<readonly [string, string]>;
    };

/** Parses `delta-seconds *(;se-params)` of Session-Expires (RFC 4028 §4), or undefined. */
export function parseSessionExpires(value: string | undefined): { seconds: number; refresher?: SessionRefresher } | undefined {
  if (value === undefined) return undefined;
  const [delta, ...params] = value.split(';').map((p) => p.trim());
  if (delta === undefined || !/^\d{1,10}$/.test(delta)) return undefined;
  let refresher: SessionRefresher | undefined;
  for (const p of params) {
    const m = /^refresher\s*=\s*(uac|uas)$/i.exec(p);
    if (m?.[1] !== undefined) refresher = m[1].toLowerCase() as SessionRefresher;
  }
  return { seconds: Number(delta), ...(refresher !== undefined ? { refresher } : {}) };
}

/** Whether a list header (Supported/Require) names `timer`. */
function listsTimer(request: SipRequest, name: string): boolean {
  return request.headers.getAll(name).some((v) => v.trim().toLowerCase() === 'timer');
}

/**
 * Session-timer negotiation of a UAS for an INVITE, re-INVITE or UPDATE
 * (RFC 4028 §9): no Session-Expires → no timer; below `minSeconds` → 422;
 * otherwise accept the interval, copy the refresher or pick `uac` when the
 * UAC supports timer, else `uas`.
 */
export function negotiateSessionTimer(request: SipRequest, minSeconds: number): SessionTimerDecision {
  const se = parseSessionExpires(request.headers.get('session-expires'));
  if (se === undefined) return { kind: 'none' };
  if (se.seconds < minSeconds) return { kind: 'too-small', minSeconds };
  const uacSupports = listsTimer(request, 'supported') || listsTimer(request, 'require');
  const refresher: SessionRefresher = se.refresher ?? (uacSupports ? 'uac' : 'uas');
  const headers: Array<readonly [string, string]> = [['Session-Expires', `${String(se.seconds)};refresher=${refresher}`]];
  if (uacSupports && refresher === 'uac') headers.push(['Require', 'timer']);
  return { kind: 'active', seconds: se.seconds, refresher, headers };
}

/**
 * When the session is considered dead without a refresh (RFC 4028 §10):
 * the refresher refreshes at half the interval; the other side sends BYE
 * "at the session expiration minus the lesser of 32 seconds and one third
 * of the session interval".
 */
export function sessionExpiryMs(seconds: number): number {
  return (seconds - Math.min(32, seconds / 3)) * 1000;
}
