/**
 * One call to build the whole policy over a shared {@link PolicyState}: the PIN attempt
 * policy, SIP admission and IVR session caps, plus one merged counters snapshot for
 * metrics. The app holds one of these per process.
 */
import type { Clock } from './clock.js';
import { IvrSessions } from './ivr-sessions.js';
import { PinAttemptPolicy } from './pin-attempt-policy.js';
import type { PolicyCounters } from './pin-attempt-policy.js';
import { POLICY_DEFAULTS } from './policy-config.js';
import type { PolicyConfig } from './policy-config.js';
import type { AlertSink, AuditSink, BlockList } from './policy-ports.js';
import { InMemoryPolicyState } from './policy-state.js';
import type { PolicyState } from './policy-state.js';
import { SipAdmission } from './sip-admission.js';
import type { AdmissionCounters } from './sip-admission.js';

/** Every policy counter, for `/metrics`. */
export interface AbusePolicyCounters {
  readonly attempts: PolicyCounters;
  readonly admission: AdmissionCounters;
  readonly ivrSessionsOpen: number;
  readonly stateEntries: number;
}

/** The assembled policy. */
export interface AbusePolicy {
  readonly config: PolicyConfig;
  readonly state: PolicyState;
  readonly attempts: PinAttemptPolicy;
  readonly admission: SipAdmission;
  readonly ivrSessions: IvrSessions;
  counters(): AbusePolicyCounters;
}

/** Builds the policy; `state` defaults to an in-memory LRU sized by `config.state.maxEntries`. */
export function createAbusePolicy(options: {
  readonly clock: Clock;
  readonly config?: PolicyConfig;
  readonly state?: PolicyState;
  readonly audit?: AuditSink;
  readonly alerts?: AlertSink;
  readonly blockList?: BlockList;
}): AbusePolicy {
  const config = options.config ?? POLICY_DEFAULTS;
  const state = options.state ?? new InMemoryPolicyState(config.state.maxEntries);
  const sinks = {
    ...(options.audit === undefined ? {} : { audit: options.audit }),
    ...(options.alerts === undefined ? {} : { alerts: options.alerts }),
    ...(options.blockList === undefined ? {} : { blockList: options.blockList }),
  };
  const attempts = new PinAttemptPolicy({ config, state, ...sinks });
  const admission = new SipAdmission({ config, state, ...(options.blockList === undefined ? {} : { blockList: options.blockList }) });
  const ivrSessions = new IvrSessions({ config, clock: options.clock });
  return {
    config,
    state,
    attempts,
    admission,
    ivrSessions,
    counters: () => ({ attempts: attempts.counters(), admission: admission.counters(), ivrSessionsOpen: ivrSessions.openCount(), stateEntries: state.size() }),
  };
}
