/**
 * The INVITE admission pipeline (STYLE.md §8, drachtio style): an ordered list of steps,
 * `origin → lockout → route → ivr`, each a typed function that returns a SIP final
 * response, a silent drop, or `next`. The first step that does not say `next` decides.
 * Issue 6's policy supplies the origin, lockout and IVR-cap steps; the route step is ours.
 *
 * Every unknown Request-URI passes the route step with the same answer as `meet`, so the
 * pipeline's outcome never depends on which rooms exist.
 */
import type { CallRoute, RoutingTable } from '../routing/index.js';
import { routeCall } from '../routing/index.js';

/** The facts about one new INVITE the steps look at. */
export interface AdmissionContext {
  readonly callId: string;
  readonly requestUser: string | undefined;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly transport: string;
  readonly fromUser: string | undefined;
  readonly assertedUser: string | undefined;
  readonly userAgent: string | undefined;
  /** The From header's display name (caller-controlled). */
  readonly fromDisplayName?: string | undefined;
  /** Set by the route step; later steps (IVR caps) may read it. */
  route?: CallRoute;
}

/** What a step decides. */
export type AdmissionDecision =
  | { readonly action: 'next' }
  | { readonly action: 'drop' }
  | { readonly action: 'reject'; readonly status: number; readonly reason?: string; readonly headers?: Readonly<Record<string, string>> };

/** One named step of the pipeline. */
export interface AdmissionStep {
  readonly name: string;
  decide(context: AdmissionContext): AdmissionDecision;
}

/** The pipeline's final answer: admitted with a route, or the deciding step's answer. */
export type AdmissionOutcome =
  | { readonly action: 'admit'; readonly route: CallRoute }
  | { readonly action: 'drop'; readonly step: string }
  | { readonly action: 'reject'; readonly step: string; readonly status: number; readonly reason?: string; readonly headers?: Readonly<Record<string, string>> };

/** `next`, shared. */
export const NEXT: AdmissionDecision = { action: 'next' };

/** The route step: Request-URI → IVR or room (never refuses; see routing/). */
export function routeStep(table: RoutingTable): AdmissionStep {
  return {
    name: 'route',
    decide(context) {
      context.route = routeCall(table, {
        requestUser: context.requestUser,
        sourceAddress: context.sourceAddress,
        fromUser: context.fromUser,
        assertedUser: context.assertedUser,
      });
      return NEXT;
    },
  };
}

/**
 * Caps concurrent IVR sessions per source key and overall (SECURITY.md "SIP admission":
 * ≤ 2 per source, ≤ 200 overall), answering 486 Busy Here / 503 with Retry-After. The
 * controller calls `release` when a call leaves the IVR. Issue 6's policy may replace it.
 */
export class IvrSessionCap implements AdmissionStep {
  readonly name = 'ivr';
  private readonly perSource = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: { readonly perSource: number; readonly overall: number }) {}

  decide(context: AdmissionContext): AdmissionDecision {
    const key = context.route?.caller.sourceKey ?? `ip:${context.sourceAddress}`;
    if (this.total >= this.limits.overall) return { action: 'reject', status: 503, reason: 'Service Unavailable', headers: { 'Retry-After': '30' } };
    if ((this.perSource.get(key) ?? 0) >= this.limits.perSource) return { action: 'reject', status: 486, reason: 'Busy Here' };
    return NEXT;
  }

  /** Counts an admitted call as in the IVR. */
  acquire(sourceKey: string): void {
    this.total++;
    this.perSource.set(sourceKey, (this.perSource.get(sourceKey) ?? 0) + 1);
  }

  /** The call left the IVR (joined, failed or hung up). */
  release(sourceKey: string): void {
    const n = this.perSource.get(sourceKey) ?? 0;
    if (n <= 0) return;
    this.total--;
    if (n === 1) this.perSource.delete(sourceKey);
    else this.perSource.set(sourceKey, n - 1);
  }

  /** IVR sessions in progress. */
  get activeCount(): number {
    return this.total;
  }
}

/** Runs the steps in order; the route step must be among them. */
export function runAdmission(steps: readonly AdmissionStep[], context: AdmissionContext): AdmissionOutcome {
  for (const step of steps) {
    const decision = step.decide(context);
    switch (decision.action) {
      case 'next':
        continue;
      case 'drop':
        return { action: 'drop', step: step.name };
      case 'reject':
        return {
          action: 'reject',
          step: step.name,
          status: decision.status,
          ...(decision.reason === undefined ? {} : { reason: decision.reason }),
          ...(decision.headers === undefined ? {} : { headers: decision.headers }),
        };
      default: {
        const never: never = decision;
        throw new Error(`unknown admission decision ${String(never)}`);
      }
    }
  }
  if (context.route === undefined) throw new Error('admission pipeline has no route step');
  return { action: 'admit', route: context.route };
}
