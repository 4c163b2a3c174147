/**
 * Origin rules: CIDR allow/deny (global, per trunk, per room), caller-ID prefix and
 * country allow/deny (countries via libphonenumber-js), and the anonymous caller-ID policy
 * per room. Deny wins over allow; a non-empty allow list admits only what it lists.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { err, ok } from '../config/index.js';
import type { Result } from '../config/index.js';
import { cidrContains, parseCidr, parseIpAddress } from './cidr.js';
import type { CidrBlock } from './cidr.js';
import type { PolicyError } from './policy-error.js';

/** One scope's rules as configured (strings). */
export interface OriginRuleSpec {
  readonly allowCidrs?: readonly string[];
  readonly denyCidrs?: readonly string[];
  /** E.164 prefixes such as `+1900`. */
  readonly allowCallerPrefixes?: readonly string[];
  readonly denyCallerPrefixes?: readonly string[];
  /** ISO 3166-1 alpha-2 codes, e.g. `DE`. */
  readonly allowCountries?: readonly string[];
  readonly denyCountries?: readonly string[];
  /** Per room: whether withheld caller IDs may join (default allow). */
  readonly anonymous?: 'allow' | 'deny';
}

/** Rules by scope. */
export interface OriginRulesSpec {
  readonly global?: OriginRuleSpec;
  readonly trunks?: Readonly<Record<string, OriginRuleSpec>>;
  readonly rooms?: Readonly<Record<string, OriginRuleSpec>>;
}

interface CompiledScope {
  readonly allowCidrs: readonly CidrBlock[];
  readonly denyCidrs: readonly CidrBlock[];
  readonly spec: OriginRuleSpec;
}

/** Parsed, ready-to-evaluate origin rules (build with {@link compileOriginRules}). */
export interface OriginRules {
  readonly global: CompiledScope;
  readonly trunks: ReadonlyMap<string, CompiledScope>;
  readonly rooms: ReadonlyMap<string, CompiledScope>;
}

/** Why an origin is refused. */
export type OriginDenyReason = 'ip-denied' | 'ip-not-allowed' | 'caller-denied' | 'caller-not-allowed' | 'country-denied' | 'country-not-allowed' | 'anonymous-denied';

/** Verdict of {@link evaluateOrigin}. */
export type OriginDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: OriginDenyReason; readonly scope: string };

function compileScope(spec: OriginRuleSpec | undefined): Result<CompiledScope, PolicyError> {
  const s = spec ?? {};
  const parseAll = (list: readonly string[] | undefined): Result<CidrBlock[], PolicyError> => {
    const out: CidrBlock[] = [];
    for (const text of list ?? []) {
      const parsed = parseCidr(text);
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
    return ok(out);
  };
  const allow = parseAll(s.allowCidrs);
  if (!allow.ok) return allow;
  const deny = parseAll(s.denyCidrs);
  if (!deny.ok) return deny;
  return ok({ allowCidrs: allow.value, denyCidrs: deny.value, spec: s });
}

/** Parses every CIDR once; a bad one is returned as an error. */
export function compileOriginRules(spec: OriginRulesSpec): Result<OriginRules, PolicyError> {
  const global = compileScope(spec.global);
  if (!global.ok) return global;
  const compileMap = (m: Readonly<Record<string, OriginRuleSpec>> | undefined): Result<Map<string, CompiledScope>, PolicyError> => {
    const out = new Map<string, CompiledScope>();
    for (const [name, s] of Object.entries(m ?? {})) {
      const c = compileScope(s);
      if (!c.ok) return err(c.error);
      out.set(name, c.value);
    }
    return ok(out);
  };
  const trunks = compileMap(spec.trunks);
  if (!trunks.ok) return trunks;
  const rooms = compileMap(spec.rooms);
  if (!rooms.ok) return rooms;
  return ok({ global: global.value, trunks: trunks.value, rooms: rooms.value });
}

/** Normalises a caller ID to `+digits` where possible. */
function normaliseCallerId(callerId: string): string {
  const digits = callerId.replace(/[^\d+]/g, '');
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return digits;
}

function countryOf(e164: string): string | undefined {
  if (!e164.startsWith('+')) return undefined;
  return parsePhoneNumberFromString(e164)?.country;
}

function evaluateScope(scope: CompiledScope, name: string, ip: ReturnType<typeof parseIpAddress>, callerId: string | undefined): OriginDecision {
  const deny = (reason: OriginDenyReason): OriginDecision => ({ allowed: false, reason, scope: name });
  if (ip !== undefined && scope.denyCidrs.some((b) => cidrContains(b, ip))) return deny('ip-denied');
  if (scope.allowCidrs.length > 0 && (ip === undefined || !scope.allowCidrs.some((b) => cidrContains(b, ip)))) return deny('ip-not-allowed');
  const spec = scope.spec;
  const isAnonymous = callerId === undefined || normaliseCallerId(callerId).replace('+', '') === '';
  if (isAnonymous) return spec.anonymous === 'deny' ? deny('anonymous-denied') : { allowed: true };
  const number = normaliseCallerId(callerId);
  if ((spec.denyCallerPrefixes ?? []).some((p) => number.startsWith(p))) return deny('caller-denied');
  if ((spec.allowCallerPrefixes ?? []).length > 0 && !(spec.allowCallerPrefixes ?? []).some((p) => number.startsWith(p))) return deny('caller-not-allowed');
  const hasCountryRules = (spec.denyCountries ?? []).length > 0 || (spec.allowCountries ?? []).length > 0;
  if (hasCountryRules) {
    const country = countryOf(number);
    if (country !== undefined && (spec.denyCountries ?? []).includes(country)) return deny('country-denied');
    if ((spec.allowCountries ?? []).length > 0 && (country === undefined || !(spec.allowCountries ?? []).includes(country))) return deny('country-not-allowed');
  }
  return { allowed: true };
}

/** Evaluates global, then trunk, then room rules; the first refusal wins. */
export function evaluateOrigin(input: { readonly sourceIp: string; readonly trunk?: string; readonly callerId?: string; readonly roomId?: string }, rules: OriginRules): OriginDecision {
  const ip = parseIpAddress(input.sourceIp);
  const scopes: Array<[CompiledScope | undefined, string]> = [
    [rules.global, 'global'],
    [input.trunk === undefined ? undefined : rules.trunks.get(input.trunk), `trunk:${input.trunk ?? ''}`],
    [input.roomId === undefined ? undefined : rules.rooms.get(input.roomId), `room:${input.roomId ?? ''}`],
  ];
  for (const [scope, name] of scopes) {
    if (scope === undefined) continue;
    const decision = evaluateScope(scope, name, ip, input.callerId);
    if (!decision.allowed) return decision;
  }
  return { allowed: true };
}
