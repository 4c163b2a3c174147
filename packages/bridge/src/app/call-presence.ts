/**
 * Join and leave audit events (issue 6 "Audit": every join and leave): the admission step
 * notes each INVITE's User-Agent, the verifier reports the join when the PIN admits the
 * caller, and the server reports the end of the call; a leave is written only for a call
 * that joined. Bounded: the oldest entries go first (refused calls never end here).
 */
import { hashCallId } from '../store/index.js';
import type { AuditSink, RolePath } from '../policy/index.js';
import type { CallerIdentity } from '../routing/index.js';

const MAX_CALLS = 10_000;

/** Caller-supplied text is cut to this many characters before it is stored. */
const MAX_FIELD = 128;

interface CallFacts {
  userAgent: string;
  sipDisplayName?: string;
  joined?: { readonly roomId: string; readonly rolePath: RolePath; readonly caller: CallerIdentity; readonly displayName: string };
}

/** See the file comment. */
export class CallPresence {
  private readonly calls = new Map<string, CallFacts>();

  constructor(private readonly options: { readonly audit: AuditSink; readonly nowMs: () => number }) {}

  /** A new INVITE passed the abuse steps. */
  seen(callId: string, userAgent: string | undefined, sipDisplayName?: string): void {
    this.calls.set(callId, { userAgent: (userAgent ?? '').slice(0, MAX_FIELD), ...(sipDisplayName === undefined || sipDisplayName === '' ? {} : { sipDisplayName: sipDisplayName.slice(0, MAX_FIELD) }) });
    if (this.calls.size > MAX_CALLS) {
      const oldest = this.calls.keys().next();
      if (oldest.done !== true) this.calls.delete(oldest.value);
    }
  }

  /** The PIN admitted the caller to a room; `displayName` is a one-time PIN's invitee name. */
  joined(callId: string, roomId: string, rolePath: RolePath, caller: CallerIdentity, displayName?: string): void {
    const facts = this.calls.get(callId) ?? { userAgent: '' };
    facts.joined = { roomId, rolePath, caller, displayName: displayName ?? '' };
    this.calls.set(callId, facts);
    this.emit('join', callId, facts);
  }

  /** The call ended; `reason` is its leave reason (`caller-bye`, `removed` …). */
  ended(callId: string, reason?: string): void {
    const facts = this.calls.get(callId);
    this.calls.delete(callId);
    if (facts?.joined !== undefined) this.emit('leave', callId, facts, reason);
  }

  private emit(event: 'join' | 'leave', callId: string, facts: CallFacts, reason?: string): void {
    const joined = facts.joined;
    if (joined === undefined) return;
    const caller = joined.caller;
    this.options.audit.append({
      event,
      at: this.options.nowMs(),
      callIdHash: hashCallId(callId),
      roomId: joined.roomId,
      rolePath: joined.rolePath,
      sourceIp: caller.sourceAddress,
      callerId: caller.kind === 'trunk' ? (caller.callerId ?? '') : (caller.fromUser ?? ''),
      displayName: joined.displayName,
      ...(facts.sipDisplayName === undefined ? {} : { sipDisplayName: facts.sipDisplayName }),
      ...(reason === undefined ? {} : { reason }),
      userAgent: facts.userAgent,
    });
  }
}
