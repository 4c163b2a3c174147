/**
 * The abuse policy's counters in the Prometheus text format (served at
 * `GET /policy/metrics`). Labels are fixed reason and outcome names only: never room IDs,
 * caller IDs, addresses or digits.
 */
import type { AbusePolicyCounters, AlertDispatchCounters } from '../policy/index.js';

function family(lines: string[], name: string, help: string, type: 'counter' | 'gauge', samples: ReadonlyArray<readonly [string, number]>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
}

/** Renders the counters; see the file comment. */
export function policyMetricsText(counters: AbusePolicyCounters, alerts: AlertDispatchCounters, globalTokens: number): string {
  const lines: string[] = [];
  const a = counters.admission;
  family(lines, 'pinbridge_policy_sip_admission_total', 'New INVITEs by admission outcome', 'counter', [
    ['{outcome="accepted"}', a.accepted],
    ['{outcome="rejected-503"}', a.rejected503],
    ['{outcome="dropped-scanner"}', a.droppedScanner],
    ['{outcome="dropped-sweep"}', a.droppedSweep],
    ['{outcome="dropped-banned"}', a.droppedBanned],
  ]);
  family(lines, 'pinbridge_policy_bans_total', 'Source bans by SIP admission', 'counter', [['', a.bans]]);
  const t = counters.attempts;
  family(lines, 'pinbridge_policy_pin_attempts_total', 'PIN entries by outcome', 'counter', [
    ['{outcome="success"}', t.successes],
    ['{outcome="failure"}', t.failures],
    ...Object.entries(t.refusals).map(([reason, n]) => [`{outcome="refused",reason="${reason}"}`, n] as const),
  ]);
  family(lines, 'pinbridge_policy_unknown_rooms_total', 'Entries naming a room that does not exist', 'counter', [['', t.unknownRooms]]);
  family(lines, 'pinbridge_policy_refunds_total', 'Charges refunded by a success', 'counter', [['', t.refunds]]);
  family(lines, 'pinbridge_policy_lockouts_total', 'Locks by scope', 'counter', [
    ['{scope="source"}', t.sourceLocks],
    ['{scope="room"}', t.roomLocks],
    ['{scope="pin-disabled"}', t.pinsDisabled],
  ]);
  family(lines, 'pinbridge_policy_alerts_total', 'Alerts by delivery state', 'counter', [
    ['{state="raised"}', t.alerts],
    ['{state="queued"}', alerts.queued],
    ['{state="deduped"}', alerts.deduped],
    ['{state="dropped"}', alerts.droppedFull],
    ['{state="delivered"}', alerts.delivered],
    ['{state="failed"}', alerts.failed],
  ]);
  family(lines, 'pinbridge_policy_global_tokens', 'Whole tokens left in the global failure bucket', 'gauge', [['', globalTokens]]);
  family(lines, 'pinbridge_policy_ivr_sessions', 'Open IVR sessions counted by the policy', 'gauge', [['', counters.ivrSessionsOpen]]);
  family(lines, 'pinbridge_policy_state_entries', 'Entries in the policy state (LRU)', 'gauge', [['', counters.stateEntries]]);
  return lines.join('\n') + '\n';
}
