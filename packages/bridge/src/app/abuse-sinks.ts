/**
 * The policy's persistent ports over the store and the log:
 * - `StoreBlockList`: the operator's blocks (IP, CIDR, caller ID, with expiry) as the
 *   policy's `BlockList`. The CLI may add a block from another process, so the list is
 *   re-read from SQLite at most once a second: a block takes effect within a second.
 * - `AuditTrail`: every audit event goes to the store's append-only table and, as one
 *   `pinbridge-audit {json}` line, to the audit log stream (fail2ban parses it). A PIN the
 *   policy disables is also disabled in the store, so it stays disabled across restarts.
 */
import {
  PIN_REDACTED,
  cidrContains,
  formatAuditLogLine,
  parseCidr,
  parseIpAddress,
  type AuditEvent,
  type AuditSink,
  type BlockList,
  type CidrBlock,
} from '../policy/index.js';
import type { AuditEntry, BlockRecord, RoomStore } from '../store/index.js';
import type { CallLogger } from './ports.js';

const BLOCK_REFRESH_MS = 1000;

/** Normalised caller-ID digits (a block on `+15551234567` matches `15551234567`). */
function callerDigits(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

/** The store's blocks as the policy's {@link BlockList}; see the file comment. */
export class StoreBlockList implements BlockList {
  private loadedAtMs = -Infinity;
  private cidrs: CidrBlock[] = [];
  private callerIds = new Set<string>();

  constructor(private readonly options: { readonly store: RoomStore; readonly nowMs: () => number }) {}

  /** Forgets the cached list (an operator action in this process). */
  invalidate(): void {
    this.loadedAtMs = -Infinity;
  }

  /** `keyOrIp` is a raw IP or a policy source key (`ip:…`, `sip:ip|user`, `pstn:trunk|ani`). */
  isBlocked(keyOrIp: string): boolean {
    this.refresh();
    if (keyOrIp.startsWith('pstn:')) {
      const ani = keyOrIp.slice(keyOrIp.indexOf('|') + 1);
      return this.callerIds.has(callerDigits(ani));
    }
    if (keyOrIp.startsWith('anon:')) return false;
    const ipText = keyOrIp.startsWith('ip:') ? keyOrIp.slice(3) : keyOrIp.startsWith('sip:') ? keyOrIp.slice(4, keyOrIp.indexOf('|') > 0 ? keyOrIp.indexOf('|') : undefined) : keyOrIp;
    const ip = parseIpAddress(ipText);
    return ip !== undefined && this.cidrs.some((block) => cidrContains(block, ip));
  }

  /** Whether a caller ID (any spelling) is blocked. */
  isCallerBlocked(callerId: string): boolean {
    this.refresh();
    return this.callerIds.has(callerDigits(callerId));
  }

  private refresh(): void {
    const now = this.options.nowMs();
    if (now - this.loadedAtMs < BLOCK_REFRESH_MS) return;
    this.loadedAtMs = now;
    const cidrs: CidrBlock[] = [];
    const callerIds = new Set<string>();
    for (const block of this.options.store.listBlocks()) addBlock(block, cidrs, callerIds);
    this.cidrs = cidrs;
    this.callerIds = callerIds;
  }
}

function addBlock(block: BlockRecord, cidrs: CidrBlock[], callerIds: Set<string>): void {
  if (block.kind === 'caller-id') {
    callerIds.add(callerDigits(block.value));
    return;
  }
  const parsed = parseCidr(block.value);
  if (parsed.ok) cidrs.push(parsed.value);
}

/** Where audit lines go (default: stdout, one line each). */
export type AuditLineWriter = (line: string) => void;

/** The store row of a policy audit event. */
function auditEntry(event: AuditEvent): AuditEntry {
  const at = new Date(event.at);
  switch (event.event) {
    case 'attempt':
      return {
        kind: 'pin-attempt',
        at,
        roomId: event.roomId,
        rolePath: event.rolePath,
        sourceIp: event.sourceIp,
        ...(event.callerId === '' ? {} : { callerId: event.callerId }),
        attempt: event.attempt,
        outcome: event.outcome,
        reason: event.reason,
        pinLength: event.pinLength,
        callIdHash: event.callIdHash,
      };
    case 'lock':
      return { kind: 'lock', at, outcome: event.scope, details: { key: event.key, until: new Date(Math.min(event.untilMs, 8.64e15)).toISOString(), level: event.level } };
    case 'alert':
      return { kind: 'alert', at, ...(event.roomId === '' ? {} : { roomId: event.roomId }), reason: event.cause, details: { detail: event.detail } };
    case 'join':
    case 'leave':
      return {
        kind: event.event,
        at,
        callIdHash: event.callIdHash,
        roomId: event.roomId,
        rolePath: event.rolePath,
        sourceIp: event.sourceIp,
        ...(event.callerId === '' ? {} : { callerId: event.callerId }),
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        details: { userAgent: event.userAgent, displayName: event.displayName, ...(event.sipDisplayName === undefined ? {} : { sipDisplayName: event.sipDisplayName }) },
      };
    case 'moderation':
      return {
        kind: 'moderation',
        at,
        roomId: event.roomId,
        outcome: event.action,
        ...(event.callIdHash === undefined ? {} : { callIdHash: event.callIdHash }),
        ...(event.rolePath === undefined ? {} : { rolePath: event.rolePath }),
        details: { actor: event.actor },
      };
    case 'block':
      return { kind: 'block', at, sourceIp: event.sourceIp, reason: event.reason, details: { until: new Date(Math.min(event.untilMs, 8.64e15)).toISOString(), userAgent: event.userAgent } };
    default: {
      const never: never = event;
      throw new Error(`unknown audit event ${String(never)}`);
    }
  }
}

/** The policy's {@link AuditSink} over the store and the audit log stream. */
export class AuditTrail implements AuditSink {
  constructor(private readonly options: { readonly store: RoomStore; readonly writeLine: AuditLineWriter; readonly logger: CallLogger }) {}

  append(event: AuditEvent): void {
    try {
      this.options.writeLine(formatAuditLogLine(event.event === 'attempt' ? { ...event, pin: PIN_REDACTED } : event));
      this.options.store.appendAudit(auditEntry(event));
      if (event.event === 'lock' && event.scope === 'pin-disabled') {
        const match = /^room:([0-9]+)\|(participant|host)$/.exec(event.key);
        if (match?.[1] !== undefined && (match[2] === 'participant' || match[2] === 'host')) this.options.store.setPinDisabled(match[1], match[2], true);
      }
    } catch (error) {
      // The policy's sinks must not throw into a call; a failed write is logged.
      this.options.logger.error({ err: String(error), event: event.event }, 'audit write failed');
    }
  }
}
