/**
 * The operator's view of what the policy is holding right now (issue 6 "list active locks
 * and budgets"): locked sources with their ladder level, banned IPs, rooms with their
 * budget use and locks, and the global bucket. Source keys are shown as the policy keys
 * them (`ip:…`, `sip:ip|user`, `pstn:trunk|ANI`, `anon:trunk`); nothing holds a PIN.
 */
import type { AbusePolicy } from '../policy/index.js';

/** One entry of {@link activeLocks}. */
export interface ActiveLocks {
  readonly globalTokens: number;
  readonly sources: ReadonlyArray<{ readonly key: string; readonly lockedUntil: string; readonly level: number }>;
  readonly bans: ReadonlyArray<{ readonly sourceIp: string; readonly bannedUntil: string }>;
  readonly rooms: ReadonlyArray<{
    readonly roomId: string;
    readonly rolePath: string;
    readonly failuresInWindow: number;
    readonly lockAt: number;
    readonly sinceSet: number;
    readonly disableAt: number;
    readonly lockedUntil?: string;
    readonly isDisabled: boolean;
  }>;
}

function iso(ms: number): string {
  return new Date(Math.min(ms, 8.64e15)).toISOString();
}

/** Snapshot of the policy state at `nowMs`. */
export function activeLocks(policy: AbusePolicy, nowMs: number): ActiveLocks {
  const sources: Array<ActiveLocks['sources'][number]> = [];
  const bans: Array<ActiveLocks['bans'][number]> = [];
  const rooms: Array<ActiveLocks['rooms'][number]> = [];
  for (const [key, record] of policy.state.pinnedEntries(nowMs)) {
    if (record.kind === 'source' && record.lockedUntilMs > nowMs) sources.push({ key, lockedUntil: iso(record.lockedUntilMs), level: record.level });
    else if (record.kind === 'admission' && record.bannedUntilMs > nowMs) bans.push({ sourceIp: key.replace(/^adm(-trunk)?:/, ''), bannedUntil: iso(record.bannedUntilMs) });
    else if (record.kind === 'room') {
      const match = /^room:(.*)\|(participant|host)$/.exec(key);
      if (match?.[1] === undefined || match[2] === undefined) continue;
      const budget = match[2] === 'host' ? policy.config.room.host : policy.config.room.participant;
      const failuresInWindow = record.charges.filter((c) => c.atMs > nowMs - budget.lockWindowMs).length;
      if (failuresInWindow === 0 && record.sinceSet === 0 && !record.isDisabled && record.lockedUntilMs <= nowMs) continue;
      rooms.push({
        roomId: match[1],
        rolePath: match[2],
        failuresInWindow,
        lockAt: budget.lockAt,
        sinceSet: record.sinceSet,
        disableAt: budget.disableAt,
        ...(record.lockedUntilMs > nowMs ? { lockedUntil: iso(record.lockedUntilMs) } : {}),
        isDisabled: record.isDisabled,
      });
    }
  }
  return { globalTokens: policy.attempts.globalTokens(nowMs), sources, bans, rooms };
}
