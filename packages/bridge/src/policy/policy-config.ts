/**
 * Every number of SECURITY.md as a config field with its default, and the parser that
 * overlays operator YAML/JSON on the defaults. Errors name the offending field.
 */
import { err, ok } from '../config/index.js';
import type { Result } from '../config/index.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './clock.js';
import { PolicyConfigError } from './policy-error.js';

/** Per-room budget of one role path (SECURITY.md "Per-room budget"). */
export interface RoomBudgetConfig {
  /** Alert the owner at this many unredeemed failures within `alertWindowMs`. */
  readonly alertAt: number;
  readonly alertWindowMs: number;
  /** Lock PIN entry for unverified sources at this many failures in a rolling `lockWindowMs`. */
  readonly lockAt: number;
  readonly lockWindowMs: number;
  /** How long that lock lasts unless the owner lifts it. */
  readonly lockMs: number;
  /** Disable the PIN at this many unredeemed failures since it was set (NIST SP 800-63B: ≤ 100). */
  readonly disableAt: number;
}

/** The whole abuse policy configuration; see SECURITY.md for each default's rationale. */
export interface PolicyConfig {
  /** Tries per call (T) and the unskippable failure pause; enforced by the IVR. */
  readonly call: { readonly triesPerCall: number; readonly failurePauseMs: number };
  /** Per-source ladder: `failuresBeforeLock` unredeemed failures → locks doubling from `firstLockMs` to `maxLockMs`. */
  readonly source: {
    readonly failuresBeforeLock: number;
    readonly firstLockMs: number;
    readonly maxLockMs: number;
    /** How long the ladder level is remembered after the last lock. */
    readonly levelMemoryMs: number;
    /** Success by the same source on the same room and role refunds charges this recent. */
    readonly refundWindowMs: number;
    /** Whether the first lock may play one short announcement before hanging up. */
    readonly announceFirstLock: boolean;
  };
  /** The shared bucket per trunk for withheld caller IDs. */
  readonly anonymous: { readonly failuresPerWindow: number; readonly windowMs: number; readonly lockMs: number };
  /** Distinct unknown room IDs in a window that feed the ladder. */
  readonly unknownRooms: { readonly distinctBeforeStrike: number; readonly windowMs: number };
  readonly room: { readonly participant: RoomBudgetConfig; readonly host: RoomBudgetConfig };
  /** Global token bucket of unredeemed failures from unverified sources. */
  readonly global: { readonly failuresPerHour: number; readonly burst: number };
  readonly verified: {
    /** A prior success in the room counts this long. */
    readonly successMemoryMs: number;
    /** SECURITY.md: only an authenticated identity (digest user, SHAKEN attest=A) with a prior success is verified. */
    readonly requireAuthenticatedIdentity: boolean;
  };
  readonly admission: {
    readonly invitesPerSecond: number;
    readonly inviteBurst: number;
    readonly retryAfterS: number;
    readonly rejectsBeforeBan: number;
    readonly banMs: number;
    /** Trunks get `multiplier × contracted CPS`; `trunkCps` maps trunk name → contracted CPS. */
    readonly trunkCpsMultiplier: number;
    readonly trunkCps: Readonly<Record<string, number>>;
    readonly defaultTrunkCps: number;
    readonly sweepDistinctUsers: number;
    readonly sweepWindowMs: number;
    /** Case-insensitive substrings of User-Agent values that are dropped silently. */
    readonly scannerUserAgents: readonly string[];
  };
  readonly ivrSessions: { readonly perSource: number; readonly overall: number; readonly newPerSecond: number };
  readonly state: { readonly maxEntries: number };
  readonly oneTimePins: { readonly earlyJoinMs: number; readonly lateJoinMs: number; readonly maxUses: number };
  /** Default PIN rotation interval for rooms that enable rotation. */
  readonly rotation: { readonly intervalMs: number };
  readonly alerts: { readonly dedupeWindowMs: number; readonly maxQueue: number; readonly maxRetries: number; readonly backoffMs: number };
}

/** SECURITY.md defaults. */
export const POLICY_DEFAULTS: PolicyConfig = {
  call: { triesPerCall: 3, failurePauseMs: 2 * SECOND_MS },
  source: {
    failuresBeforeLock: 5,
    firstLockMs: MINUTE_MS,
    maxLockMs: DAY_MS,
    levelMemoryMs: 30 * DAY_MS,
    refundWindowMs: 15 * MINUTE_MS,
    announceFirstLock: true,
  },
  anonymous: { failuresPerWindow: 20, windowMs: HOUR_MS, lockMs: HOUR_MS },
  unknownRooms: { distinctBeforeStrike: 3, windowMs: 10 * MINUTE_MS },
  room: {
    participant: { alertAt: 5, alertWindowMs: HOUR_MS, lockAt: 10, lockWindowMs: DAY_MS, lockMs: DAY_MS, disableAt: 100 },
    host: { alertAt: 3, alertWindowMs: HOUR_MS, lockAt: 5, lockWindowMs: DAY_MS, lockMs: DAY_MS, disableAt: 50 },
  },
  global: { failuresPerHour: 50, burst: 50 },
  verified: { successMemoryMs: 90 * DAY_MS, requireAuthenticatedIdentity: true },
  admission: {
    invitesPerSecond: 5,
    inviteBurst: 10,
    retryAfterS: 5,
    rejectsBeforeBan: 20,
    banMs: 300 * SECOND_MS,
    trunkCpsMultiplier: 2,
    trunkCps: {},
    defaultTrunkCps: 10,
    sweepDistinctUsers: 20,
    sweepWindowMs: 60 * SECOND_MS,
    scannerUserAgents: [
      'friendly-scanner', 'sipvicious', 'sipcli', 'sip-scan', 'sundayddr', 'sipsak', 'iWar',
      'VaxSIPUserAgent', 'pplsip', 'smap', 'SIVuS', 'Gulp', 'sippts',
    ],
  },
  ivrSessions: { perSource: 2, overall: 200, newPerSecond: 30 },
  state: { maxEntries: 100_000 },
  oneTimePins: { earlyJoinMs: 30 * MINUTE_MS, lateJoinMs: 30 * MINUTE_MS, maxUses: 1 },
  rotation: { intervalMs: 30 * DAY_MS },
  alerts: { dedupeWindowMs: HOUR_MS, maxQueue: 100, maxRetries: 3, backoffMs: SECOND_MS },
};

/** Fields that may be zero (all other numbers must be ≥ 1 or > 0). */
const MAY_BE_ZERO = new Set(['alerts.maxRetries', 'admission.retryAfterS', 'call.failurePauseMs', 'oneTimePins.earlyJoinMs', 'oneTimePins.lateJoinMs']);

/**
 * Overlays `raw` (parsed YAML/JSON, or `undefined`) on {@link POLICY_DEFAULTS}. Unknown
 * keys, wrong types and non-positive numbers are refused with the field's dotted path.
 */
export function parsePolicyConfig(raw: unknown): Result<PolicyConfig, PolicyConfigError> {
  if (raw === undefined || raw === null) return ok(POLICY_DEFAULTS);
  const merged = overlay(POLICY_DEFAULTS, raw, '');
  if (!merged.ok) return merged;
  const config = merged.value as PolicyConfig;
  if (config.source.maxLockMs < config.source.firstLockMs) return err(new PolicyConfigError('source.maxLockMs', 'must be ≥ source.firstLockMs'));
  if (config.global.burst < 1) return err(new PolicyConfigError('global.burst', 'must be ≥ 1'));
  return ok(config);
}

function overlay(defaults: unknown, raw: unknown, path: string): Result<unknown, PolicyConfigError> {
  const field = path === '' ? '(root)' : path;
  if (typeof defaults === 'number') {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return err(new PolicyConfigError(field, 'must be a finite number'));
    if (raw < 0 || (raw === 0 && !MAY_BE_ZERO.has(path))) return err(new PolicyConfigError(field, 'must be positive'));
    return ok(raw);
  }
  if (typeof defaults === 'boolean') {
    if (typeof raw !== 'boolean') return err(new PolicyConfigError(field, 'must be true or false'));
    return ok(raw);
  }
  if (Array.isArray(defaults)) {
    if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === 'string' && v.length > 0)) {
      return err(new PolicyConfigError(field, 'must be a list of non-empty strings'));
    }
    return ok([...raw]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return err(new PolicyConfigError(field, 'must be a mapping'));
  const base = defaults as Record<string, unknown>;
  if (path === 'admission.trunkCps') {
    const out: Record<string, number> = {};
    for (const [name, cps] of Object.entries(raw)) {
      if (typeof cps !== 'number' || !Number.isFinite(cps) || cps <= 0) return err(new PolicyConfigError(`${path}.${name}`, 'must be a positive number'));
      out[name] = cps;
    }
    return ok(out);
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (!Object.hasOwn(base, key)) return err(new PolicyConfigError(childPath, 'unknown field'));
    const child = overlay(base[key], value, childPath);
    if (!child.ok) return child;
    out[key] = child.value;
  }
  return ok(out);
}

/** Outcome of {@link checkGlobalBudgetSafety}. */
export type GlobalBudgetSafety =
  | { readonly verdict: 'ok' }
  | { readonly verdict: 'warn' | 'refuse'; readonly reason: string };

/**
 * SECURITY.md sizing rule G ≤ 0.001 · 10^n / (720 · v): a 30-day (720 h) attack at the
 * global budget must have under 0.1 % odds against an n-digit PIN testing v secrets per
 * entry. Over the bound by up to 10× warns; more refuses (lengthen the PIN instead).
 */
export function checkGlobalBudgetSafety(config: PolicyConfig, pinLength: number, secretsPerEntry = 1): GlobalBudgetSafety {
  const bound = (0.001 * 10 ** pinLength) / (720 * secretsPerEntry);
  const g = config.global.failuresPerHour;
  if (g <= bound) return { verdict: 'ok' };
  const reason = `global.failuresPerHour=${g} exceeds the safe bound ${bound.toFixed(2)} for ${pinLength}-digit PINs with ${secretsPerEntry} secret(s) per entry`;
  return { verdict: g <= 10 * bound ? 'warn' : 'refuse', reason };
}
