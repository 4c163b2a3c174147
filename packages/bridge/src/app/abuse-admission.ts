/**
 * The abuse policy's INVITE admission steps, run before routing (ARCHITECTURE.md "One
 * call", step 2), so a refused call costs no media:
 *
 *   sip-admission  scanner User-Agent, extension sweep, banned IP ─► silent drop (counted)
 *                  per-source INVITE rate ─► 503 + Retry-After; 20 rejects in a row ─► ban
 *   origin         global and per-trunk CIDR / caller-ID / country rules ─► 403
 *   lockout        a locked or blocked source (ladder, anonymous bucket, manual block) ─► 403
 *   global-budget  the global failure bucket is empty (unverified callers) ─► 503
 *   ivr-rate       more than `ivrSessions.newPerSecond` new IVR sessions ─► 503
 *   (after routing) first-lock: with `source.announceFirstLock`, the first call of a source
 *                  in its first lock is answered with one short announcement ("too many
 *                  failed attempts", goodbye) instead of 403; later calls in that lock get 403
 *
 * Room-scope origin rules are applied at PIN entry (policy-verifier.ts): refusing them
 * here would tell a caller which room IDs have rules, i.e. exist.
 */
import type { AbusePolicy, AlertSink, AuditSink, OriginRules, SourceKey } from '../policy/index.js';
import { evaluateOrigin, sourceKeysFor } from '../policy/index.js';
import { findTrunk, identifyCaller, type CallerIdentity, type RoutingTable } from '../routing/index.js';
import { NEXT, type AdmissionContext, type AdmissionDecision, type AdmissionStep } from './admission-pipeline.js';
import type { StoreBlockList } from './abuse-sinks.js';
import type { AdmissionOutcomeKind } from './abuse-signals.js';

/** The keys the policy charges for one caller (SECURITY.md "Source key"). */
export function sourceKeysOf(caller: CallerIdentity): readonly SourceKey[] {
  if (caller.kind === 'trunk') {
    return sourceKeysFor({
      transport: 'trunk',
      sourceIp: caller.sourceAddress,
      trunk: caller.trunk,
      ...(caller.callerId === undefined ? {} : { callerId: caller.callerId }),
      isAnonymous: caller.callerId === undefined,
    });
  }
  return sourceKeysFor({ transport: 'direct', sourceIp: caller.sourceAddress, ...(caller.fromUser === undefined ? {} : { fromUser: caller.fromUser }), isAnonymous: false });
}

/** What the steps need. */
export interface AbuseAdmissionOptions {
  readonly policy: AbusePolicy;
  readonly table: RoutingTable;
  readonly origin: OriginRules;
  readonly blockList: StoreBlockList;
  readonly audit: AuditSink;
  readonly alerts: AlertSink;
  readonly nowMs: () => number;
  /** Each new INVITE's admission outcome (metrics). */
  readonly onAdmission?: (outcome: AdmissionOutcomeKind) => void;
}

const FORBIDDEN: AdmissionDecision = { action: 'reject', status: 403, reason: 'Forbidden' };

function unavailable(retryAfterS: number): AdmissionDecision {
  return { action: 'reject', status: 503, reason: 'Service Unavailable', headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterS))) } };
}

function callerOf(table: RoutingTable, context: AdmissionContext): CallerIdentity {
  return identifyCaller(table, { requestUser: context.requestUser, sourceAddress: context.sourceAddress, fromUser: context.fromUser, assertedUser: context.assertedUser });
}

/**
 * Out-of-dialog requests other than INVITE (OPTIONS, REGISTER, …): scanner User-Agents,
 * banned sources and extension sweeps are dropped silently, as for INVITEs; the rest pass.
 */
export function screenRequest(options: Pick<AbuseAdmissionOptions, 'policy' | 'table' | 'nowMs' | 'onAdmission'>, request: { readonly method: string; readonly requestUser: string | undefined; readonly sourceAddress: string; readonly userAgent: string | undefined }): 'accept' | 'drop' {
  const trunk = findTrunk(options.table, request.sourceAddress);
  const decision = options.policy.admission.check({
    sourceIp: request.sourceAddress,
    isTrunk: trunk !== undefined,
    ...(trunk === undefined ? {} : { trunkName: trunk.name }),
    ...(request.userAgent === undefined ? {} : { userAgent: request.userAgent }),
    requestUser: request.requestUser ?? '',
    method: request.method,
    nowMs: options.nowMs(),
  });
  if (decision.action !== 'drop') return 'accept';
  options.onAdmission?.(`dropped-${decision.reason}`);
  return 'drop';
}

const MAX_ANNOUNCED = 10_000;

/** The steps before routing and the one after it (see the file comment). */
export interface AbuseAdmissionSteps {
  readonly beforeRoute: AdmissionStep[];
  readonly afterRoute: AdmissionStep[];
}

/** Builds the steps in their order (see the file comment). */
export function abuseAdmissionSteps(options: AbuseAdmissionOptions): AbuseAdmissionSteps {
  const { policy, table, origin, blockList, audit, alerts, nowMs } = options;
  const counted = (outcome: AdmissionOutcomeKind): void => options.onAdmission?.(outcome);
  const cfg = policy.config;
  // Locks whose one announcement was played: `<primary key>|<lock end>`.
  const announced = new Set<string>();
  const announcementKey = (context: AdmissionContext, now: number): string | undefined => {
    if (!cfg.source.announceFirstLock) return undefined;
    const keys = sourceKeysOf(callerOf(table, context));
    const check = policy.attempts.checkSource(keys, now);
    if (!check.locked || !check.firstLock) return undefined;
    const key = `${keys[0]?.id ?? ''}|${check.untilMs}`;
    return announced.has(key) ? undefined : key;
  };

  const sipAdmission: AdmissionStep = {
    name: 'sip-admission',
    decide(context) {
      const now = nowMs();
      const trunk = findTrunk(table, context.sourceAddress);
      const bansBefore = policy.admission.counters().bans;
      const decision = policy.admission.check({
        sourceIp: context.sourceAddress,
        isTrunk: trunk !== undefined,
        ...(trunk === undefined ? {} : { trunkName: trunk.name }),
        ...(context.userAgent === undefined ? {} : { userAgent: context.userAgent }),
        requestUser: context.requestUser ?? '',
        method: 'INVITE',
        nowMs: now,
      });
      if (policy.admission.counters().bans > bansBefore) {
        const reason = decision.action === 'drop' && decision.reason === 'sweep' ? 'extension-sweep' : 'invite-flood';
        audit.append({ event: 'block', at: now, sourceIp: context.sourceAddress, reason, untilMs: now + cfg.admission.banMs, userAgent: context.userAgent ?? '' });
        alerts.alert({ cause: 'sip-flood', roomId: '', atMs: now, detail: `${reason}: a source was banned for ${Math.round(cfg.admission.banMs / 1000)} s` });
        counted('banned');
      }
      switch (decision.action) {
        case 'accept':
          counted('accepted');
          return NEXT;
        case 'drop':
          counted(`dropped-${decision.reason}`);
          return { action: 'drop' };
        case 'reject':
          counted('rejected-rate');
          return unavailable(decision.retryAfterS);
        default: {
          const never: never = decision;
          throw new Error(`unknown admission decision ${String(never)}`);
        }
      }
    },
  };

  const originStep: AdmissionStep = {
    name: 'origin',
    decide(context) {
      const caller = callerOf(table, context);
      const facts = caller.kind === 'trunk' ? { trunk: caller.trunk, ...(caller.callerId === undefined ? {} : { callerId: caller.callerId }) } : {};
      const decision = evaluateOrigin({ sourceIp: context.sourceAddress, ...facts }, origin);
      if (decision.allowed) return NEXT;
      audit.append({ event: 'block', at: nowMs(), sourceIp: context.sourceAddress, reason: `origin-${decision.reason}`, untilMs: 0, userAgent: context.userAgent ?? '' });
      counted('refused-origin');
      return FORBIDDEN;
    },
  };

  const lockout: AdmissionStep = {
    name: 'lockout',
    decide(context) {
      const now = nowMs();
      const caller = callerOf(table, context);
      const isCallerBlocked = caller.kind === 'direct' && caller.fromUser !== undefined && /[0-9]{3,}/.test(caller.fromUser) && blockList.isCallerBlocked(caller.fromUser);
      const check = policy.attempts.checkSource(sourceKeysOf(caller), now);
      if (!check.locked && !isCallerBlocked) return NEXT;
      if (!isCallerBlocked && announcementKey(context, now) !== undefined) return NEXT;
      const reason = isCallerBlocked || (check.locked && check.reason === 'blocked') ? 'blocked' : 'source-locked';
      audit.append({ event: 'block', at: now, sourceIp: context.sourceAddress, reason, untilMs: check.locked ? Math.min(check.untilMs, 8.64e15) : 8.64e15, userAgent: context.userAgent ?? '' });
      counted('refused-locked');
      return FORBIDDEN;
    },
  };

  const globalBudget: AdmissionStep = {
    name: 'global-budget',
    decide(context) {
      const entry = policy.attempts.checkEntry({ sourceKeys: sourceKeysOf(callerOf(table, context)), verified: false, nowMs: nowMs() });
      // Source locks were decided by the lockout step (which may let a first lock through).
      if (entry.action === 'proceed' || entry.reason !== 'global-budget') return NEXT;
      return unavailable((entry.retryAfterMs ?? 60_000) / 1000);
    },
  };

  // New IVR sessions per second (SECURITY.md "SIP admission": ≤ 30 new/s), one bucket.
  const ratePerMs = cfg.ivrSessions.newPerSecond / 1000;
  const bucket = { tokens: cfg.ivrSessions.newPerSecond, atMs: nowMs() };
  const ivrRate: AdmissionStep = {
    name: 'ivr-rate',
    decide() {
      const now = nowMs();
      bucket.tokens = Math.min(cfg.ivrSessions.newPerSecond, bucket.tokens + Math.max(0, now - bucket.atMs) * ratePerMs);
      bucket.atMs = Math.max(bucket.atMs, now);
      if (bucket.tokens < 1) return unavailable(1);
      bucket.tokens -= 1;
      return NEXT;
    },
  };

  const firstLock: AdmissionStep = {
    name: 'first-lock',
    decide(context) {
      const now = nowMs();
      const key = announcementKey(context, now);
      if (key === undefined || context.route === undefined) return NEXT;
      announced.add(key);
      if (announced.size > MAX_ANNOUNCED) {
        const oldest = announced.values().next();
        if (oldest.done !== true) announced.delete(oldest.value);
      }
      audit.append({ event: 'block', at: now, sourceIp: context.sourceAddress, reason: 'source-locked-announced', untilMs: Number(key.slice(key.lastIndexOf('|') + 1)), userAgent: context.userAgent ?? '' });
      context.route = { ...context.route, target: { kind: 'announce', prompts: ['too-many-attempts'] }, reason: 'policy' };
      return NEXT;
    },
  };

  return { beforeRoute: [sipAdmission, originStep, lockout, globalBudget, ivrRate], afterRoute: [firstLock] };
}
