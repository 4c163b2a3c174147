/**
 * Source keys (SECURITY.md "Source key"): PSTN calls are keyed by (trunk, ANI); direct SIP
 * by (IP, From-user) and by IP alone; withheld or anonymous ANI on a trunk share one
 * bucket per trunk. Trunk IPs are never a key, so a trunk is never banned.
 */

/** What a source key identifies; `anonymous` keys follow the shared-bucket rule. */
export type SourceKeyKind = 'pstn' | 'sip-user' | 'ip' | 'anonymous';

/** One key the policy charges. `id` is the state key; it never holds a PIN. */
export interface SourceKey {
  readonly kind: SourceKeyKind;
  readonly id: string;
}

/** The caller facts the keys come from (plain fields, no sip-core types). */
export interface SourceFacts {
  readonly transport: 'trunk' | 'direct';
  readonly sourceIp: string;
  readonly trunk?: string;
  readonly callerId?: string;
  readonly fromUser?: string;
  readonly isAnonymous: boolean;
}

/** Every key a call is charged to; the first is the primary key (refunds, verified memory). */
export function sourceKeysFor(facts: SourceFacts): readonly SourceKey[] {
  if (facts.transport === 'trunk') {
    const trunk = facts.trunk ?? facts.sourceIp;
    const ani = normalizeUser(facts.callerId);
    if (facts.isAnonymous || ani === '') return [{ kind: 'anonymous', id: `anon:${trunk}` }];
    return [{ kind: 'pstn', id: `pstn:${trunk}|${ani}` }];
  }
  const user = normalizeUser(facts.fromUser ?? facts.callerId);
  return [
    { kind: 'sip-user', id: `sip:${facts.sourceIp}|${user}` },
    { kind: 'ip', id: `ip:${facts.sourceIp}` },
  ];
}

/** Lower-cases and strips characters that could break the `|`-joined key. */
function normalizeUser(value: string | undefined): string {
  if (value === undefined) return '';
  return value.trim().toLowerCase().replace(/[|\s]/g, '').slice(0, 64);
}
