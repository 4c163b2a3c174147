/**
 * The `policy:` section of the config file as the running server uses it: every number of
 * SECURITY.md (parsed by the policy module's `parsePolicyConfig`) plus the origin rules
 * (`policy.origin`), which the app compiles once. Errors name the field as the operator
 * typed it (`policy.source.failuresBeforeLock: must be positive`), and the global budget is
 * checked against the configured PIN lengths (SECURITY.md "Global budget" sizing rule).
 */
import type { BridgeConfig } from '../config/index.js';
import { err, ok, type Result } from '../config/index.js';
import {
  PolicyConfigError,
  checkGlobalBudgetSafety,
  compileOriginRules,
  parsePolicyConfig,
  type OriginRuleSpec,
  type OriginRules,
  type OriginRulesSpec,
  type PolicyConfig,
} from '../policy/index.js';

/** The parsed `policy:` section. */
export interface AbuseSettings {
  readonly policy: PolicyConfig;
  readonly origin: OriginRules;
  /** Startup warnings (a global budget above the safe bound by up to 10×). */
  readonly warnings: readonly string[];
}

const SCOPE_LISTS = ['allowCidrs', 'denyCidrs', 'allowCallerPrefixes', 'denyCallerPrefixes', 'allowCountries', 'denyCountries'] as const;

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readScope(raw: unknown, field: string): Result<OriginRuleSpec, PolicyConfigError> {
  if (!isMapping(raw)) return err(new PolicyConfigError(field, 'must be a mapping'));
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `${field}.${key}`;
    if (key === 'anonymous') {
      if (value !== 'allow' && value !== 'deny') return err(new PolicyConfigError(path, 'must be "allow" or "deny"'));
      spec[key] = value;
    } else if ((SCOPE_LISTS as readonly string[]).includes(key)) {
      if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v.length > 0)) {
        return err(new PolicyConfigError(path, 'must be a list of non-empty strings'));
      }
      if (key.endsWith('Countries') && !value.every((v) => /^[A-Z]{2}$/.test(v))) return err(new PolicyConfigError(path, 'must list ISO 3166-1 alpha-2 codes such as DE'));
      if (key.endsWith('Prefixes') && !value.every((v) => /^\+?[0-9]{1,15}$/.test(v))) return err(new PolicyConfigError(path, 'must list number prefixes such as +1900'));
      spec[key] = [...value];
    } else {
      return err(new PolicyConfigError(path, `unknown field (allowed: anonymous, ${SCOPE_LISTS.join(', ')})`));
    }
  }
  return ok(spec as OriginRuleSpec);
}

function readScopeMap(raw: unknown, field: string): Result<Record<string, OriginRuleSpec>, PolicyConfigError> {
  if (!isMapping(raw)) return err(new PolicyConfigError(field, 'must be a mapping of name to rules'));
  const out: Record<string, OriginRuleSpec> = {};
  for (const [name, value] of Object.entries(raw)) {
    const scope = readScope(value, `${field}.${name}`);
    if (!scope.ok) return scope;
    out[name] = scope.value;
  }
  return ok(out);
}

function readOrigin(raw: unknown): Result<OriginRulesSpec, PolicyConfigError> {
  if (raw === undefined) return ok({});
  if (!isMapping(raw)) return err(new PolicyConfigError('origin', 'must be a mapping with global, trunks and rooms'));
  const spec: { global?: OriginRuleSpec; trunks?: Record<string, OriginRuleSpec>; rooms?: Record<string, OriginRuleSpec> } = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'global') {
      const scope = readScope(value, 'origin.global');
      if (!scope.ok) return scope;
      spec.global = scope.value;
    } else if (key === 'trunks' || key === 'rooms') {
      const scopes = readScopeMap(value, `origin.${key}`);
      if (!scopes.ok) return scopes;
      spec[key] = scopes.value;
    } else {
      return err(new PolicyConfigError(`origin.${key}`, 'unknown field (allowed: global, trunks, rooms)'));
    }
  }
  return ok(spec);
}

/** Parses `config.policy` and checks the global budget against `config.ivr`'s PIN lengths. */
export function parseAbuseSettings(config: BridgeConfig): Result<AbuseSettings, PolicyConfigError> {
  const raw = isMapping(config.policy) ? config.policy : {};
  const { origin: rawOrigin, ...numbers } = raw;
  const policy = parsePolicyConfig(numbers);
  if (!policy.ok) return policy;
  const originSpec = readOrigin(rawOrigin);
  if (!originSpec.ok) return originSpec;
  const origin = compileOriginRules(originSpec.value);
  if (!origin.ok) return err(new PolicyConfigError('origin', origin.error.message));
  const warnings: string[] = [];
  // The host path is a separate entry (v = 1 each), so each length is checked on its own.
  for (const [field, length] of [['ivr.pinLength', config.ivr.pinLength], ['ivr.hostPinLength', config.ivr.hostPinLength]] as const) {
    const safety = checkGlobalBudgetSafety(policy.value, length, 1);
    if (safety.verdict === 'refuse') return err(new PolicyConfigError('global.failuresPerHour', `${safety.reason} (${field}); lengthen the PIN or lower the budget`));
    if (safety.verdict === 'warn') warnings.push(`${safety.reason} (${field})`);
  }
  return ok({ policy: policy.value, origin: origin.value, warnings });
}
