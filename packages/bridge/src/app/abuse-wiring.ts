/**
 * Assembles the abuse policy for a running server (issue 6): parses `policy:`, builds the
 * policy over one in-memory state with the store's block list, audit trail and the alert
 * dispatcher, and hands `runServer` what it plugs in: admission steps, the verifier, the
 * IVR caps, admin routes, health details and `close`.
 *
 * Alerts: the webhook from `webhook.url` (JSON POST, retried with backoff, at most one per
 * room and cause per hour, a bounded queue) — delivery runs in the background and never
 * blocks a call. Each alert that passes the dedupe is also an audit event (store + line).
 */
import type { BridgeConfig } from '../config/index.js';
import type { AdminRoutes } from '../http/index.js';
import { AlertDispatcher, createAbusePolicy, type AbusePolicy, type AlertSink, type AuditSink, type PolicyAlert, type PostJson } from '../policy/index.js';
import type { RoutingTable } from '../routing/index.js';
import type { RoomStore } from '../store/index.js';
import { abuseAdmissionSteps, screenRequest, type AbuseAdmissionOptions } from './abuse-admission.js';
import { abuseAdminRoutes } from './abuse-admin-routes.js';
import { policyMetricsText } from './abuse-metrics.js';
import { parseAbuseSettings, type AbuseSettings } from './abuse-settings.js';
import { AuditTrail, StoreBlockList, type AuditLineWriter } from './abuse-sinks.js';
import { NEXT, type AdmissionStep } from './admission-pipeline.js';
import { AbuseSignals, type AbuseSignalListener } from './abuse-signals.js';
import { CallPresence } from './call-presence.js';
import { createPolicyVerifier } from './policy-verifier.js';
import type { CallLogger, VerifyPin } from './ports.js';
import type { RequestFacts } from './sip-adapter.js';

/** What `runServer` plugs in. */
export interface AbuseWiring {
  readonly settings: AbuseSettings;
  readonly policy: AbusePolicy;
  readonly blockList: StoreBlockList;
  readonly audit: AuditTrail;
  /** Steps to run before routing. */
  readonly admissionSteps: readonly AdmissionStep[];
  /** Steps to run after routing (the first-lock announcement). */
  readonly routedSteps: readonly AdmissionStep[];
  readonly verify: VerifyPin;
  /** Screens out-of-dialog non-INVITE requests (sip-adapter's `screen`). */
  readonly screenRequest: (request: RequestFacts) => 'accept' | 'drop';
  /** Concurrent IVR caps for the pipeline's IvrSessionCap. */
  readonly ivrSessionLimits: { readonly perSource: number; readonly overall: number };
  readonly adminRoutes: AdminRoutes;
  /**
   * Subscribes to the policy's signals (auth failures, lockouts, alerts, admission
   * outcomes) for `/metrics` and the SSE stream; returns the unsubscribe function.
   */
  onSignal(listener: AbuseSignalListener): () => void;
  /** Raises an alert through the policy's path (dedupe, webhook, audit line, SSE). */
  raiseAlert(alert: PolicyAlert): void;
  /** A call ended: its leave event (with `reason`), if it joined. */
  callEnded(callId: string, reason?: string): void;
  /** The `policy` part of `/health`. */
  health(): Record<string, unknown>;
  /** Prometheus text of the policy counters (no PINs, no caller IDs in labels). */
  metricsText(): string;
  /** Waits briefly for queued alerts. */
  close(): Promise<void>;
}

/** Options of {@link createAbuseWiring}. */
export interface AbuseWiringOptions {
  readonly config: BridgeConfig;
  readonly store: RoomStore;
  readonly logger: CallLogger;
  readonly table: RoutingTable;
  readonly nowMs?: () => number;
  /** Where `pinbridge-audit` lines go; default stdout. */
  readonly writeAuditLine?: AuditLineWriter;
  /** Webhook delivery; default `fetch` with a 5 s timeout. */
  readonly postJson?: PostJson;
}

const WEBHOOK_TIMEOUT_MS = 5000;

async function fetchPost(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
}

/** Builds everything; throws the config error (its message names the field) on a bad `policy:`. */
export function createAbuseWiring(options: AbuseWiringOptions): AbuseWiring {
  const { config, store, logger, table } = options;
  const nowMs = options.nowMs ?? Date.now;
  const parsed = parseAbuseSettings(config);
  if (!parsed.ok) throw parsed.error;
  const settings = parsed.value;
  for (const warning of settings.warnings) logger.warn({ warning }, 'policy warning');
  const clock = { nowMs };
  const writeLine = options.writeAuditLine ?? ((line: string) => process.stdout.write(line + '\n'));
  const audit = new AuditTrail({ store, writeLine, logger });
  const signals = new AbuseSignals();
  // What the policy, the steps and the verifier write: the trail, and the signals it implies.
  const observedAudit: AuditSink = {
    append(event) {
      audit.append(event);
      signals.fromAudit(event);
    },
  };
  const blockList = new StoreBlockList({ store, nowMs });
  const webhookUrl = config.webhook?.url;
  const dispatcher = new AlertDispatcher({
    config: settings.policy,
    clock,
    webhookUrl: webhookUrl ?? '',
    post: webhookUrl === undefined ? async () => undefined : (options.postJson ?? fetchPost),
  });
  const alerts: AlertSink = {
    alert(alert: PolicyAlert) {
      const before = dispatcher.counters().queued;
      dispatcher.alert(alert);
      if (dispatcher.counters().queued === before) return;
      audit.append({ event: 'alert', at: alert.atMs, cause: alert.cause, roomId: alert.roomId, detail: alert.detail });
      signals.emit({ kind: 'alert', atMs: alert.atMs, cause: alert.cause, ...(alert.roomId === '' ? {} : { roomId: alert.roomId }) });
      logger.warn({ cause: alert.cause, roomId: alert.roomId, detail: alert.detail }, 'policy alert');
    },
  };
  const policy = createAbusePolicy({ clock, config: settings.policy, audit: observedAudit, alerts, blockList });
  const presence = new CallPresence({ audit, nowMs });
  const onAdmission = (outcome: Parameters<NonNullable<AbuseAdmissionOptions['onAdmission']>>[0]): void => signals.emit({ kind: 'admission', outcome });
  const steps = abuseAdmissionSteps({ policy, table, origin: settings.origin, blockList, audit: observedAudit, alerts, nowMs, onAdmission });
  const admissionSteps = [
    ...steps.beforeRoute,
    { name: 'presence', decide: (context: { callId: string; userAgent: string | undefined; fromDisplayName?: string | undefined }) => (presence.seen(context.callId, context.userAgent, context.fromDisplayName), NEXT) },
  ];
  const verify = createPolicyVerifier({ store, policy, origin: settings.origin, audit: observedAudit, logger, nowMs, onJoin: (callId, roomId, rolePath, caller, displayName) => presence.joined(callId, roomId, rolePath, caller, displayName) });
  const health = (): Record<string, unknown> => {
    const counters = policy.counters();
    return { globalTokens: policy.attempts.globalTokens(nowMs()), admission: counters.admission, attempts: counters.attempts, alerts: dispatcher.counters(), stateEntries: counters.stateEntries };
  };
  const metricsText = (): string => policyMetricsText(policy.counters(), dispatcher.counters(), policy.attempts.globalTokens(nowMs()));
  return {
    settings,
    policy,
    blockList,
    audit,
    admissionSteps,
    routedSteps: steps.afterRoute,
    verify,
    callEnded: (callId, reason) => presence.ended(callId, reason),
    onSignal: (listener) => signals.subscribe(listener),
    raiseAlert: (alert) => alerts.alert(alert),
    screenRequest: (request) => screenRequest({ policy, table, nowMs, onAdmission }, request),
    ivrSessionLimits: { perSource: settings.policy.ivrSessions.perSource, overall: settings.policy.ivrSessions.overall },
    adminRoutes: abuseAdminRoutes({ store, policy, blockList, audit, nowMs, metricsText, ivr: config.ivr }),
    health,
    metricsText,
    async close() {
      await Promise.race([dispatcher.idle(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    },
  };
}
