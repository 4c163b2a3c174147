/**
 * Call routing by Request-URI user part (pure). Order:
 *
 *   1. source IP inside a trunk's CIDRs and the user is one of that trunk's DIDs
 *        → the DID's target (IVR or a fixed room)
 *   2. user === meetUser                         → IVR asking for the conference ID
 *   3. user looks like a room ID (digits only)   → that room's PIN prompt
 *   4. anything else                             → the same IVR as `meet`
 *
 * Step 3 never consults the store: a room-shaped URI gets the PIN prompt whether the
 * room exists or not, and step 4 answers every other user exactly as `meet` does, so no
 * SIP answer or prompt reveals which rooms exist (SECURITY.md "Unknown request-URIs";
 * PRODUCT.md "identical answers for every unknown URI").
 *
 * Caller identity (SECURITY.md "Source key"): a trunk call is keyed by (trunk, ANI), the
 * ANI taken from P-Asserted-Identity (RFC 3325 §9.1) else From; anonymous or withheld ANI
 * shares one bucket per trunk. A direct call is keyed by source IP (and From user).
 */
import { ipInRange, parseIpAddress, parseIpRange, type IpRange } from './ip-range.js';

/** Where a DID sends its callers. */
export type DidTarget = { readonly kind: 'ivr' } | { readonly kind: 'room'; readonly roomId: string };

/** A trunk as routing needs it (from config `trunks`). */
export interface TrunkRoute {
  readonly name: string;
  readonly ranges: readonly IpRange[];
  /** Normalised DID (digits only) → target. */
  readonly dids: ReadonlyMap<string, DidTarget>;
}

/** Everything routing needs, parsed once from config. */
export interface RoutingTable {
  readonly meetUser: string;
  readonly roomIdMinLength: number;
  readonly roomIdMaxLength: number;
  readonly trunks: readonly TrunkRoute[];
}

/** What the IVR should do with the call. */
export type CallTarget =
  /** Ask for the conference ID, then the PIN. */
  | { readonly kind: 'ivr' }
  /** Ask only for the PIN of this (claimed) room; it may not exist. */
  | { readonly kind: 'room'; readonly roomId: string }
  /** Play these prompts, then hang up (set by the abuse policy for a source's first lock, never by routing). */
  | { readonly kind: 'announce'; readonly prompts: readonly string[] };

/** Why the target was chosen (for logs only; never changes what the caller hears). */
export type RouteReason = 'did' | 'meet' | 'room-uri' | 'fallback' | 'policy';

/** Who is calling, as the abuse policy keys it. */
export type CallerIdentity =
  | {
      readonly kind: 'trunk';
      readonly trunk: string;
      readonly sourceAddress: string;
      /** ANI digits (with a leading '+' when given); undefined when anonymous or withheld. */
      readonly callerId: string | undefined;
      /** `trunk:<name>:<ani>` or `trunk:<name>:anonymous`. */
      readonly sourceKey: string;
    }
  | {
      readonly kind: 'direct';
      readonly sourceAddress: string;
      readonly fromUser: string | undefined;
      /** `ip:<address>`. */
      readonly sourceKey: string;
    };

/** The routing decision for one INVITE. */
export interface CallRoute {
  readonly target: CallTarget;
  readonly reason: RouteReason;
  readonly caller: CallerIdentity;
}

/** The parts of an INVITE routing looks at (already parsed by sip-core). */
export interface RouteInput {
  readonly requestUser: string | undefined;
  readonly sourceAddress: string;
  readonly fromUser: string | undefined;
  readonly assertedUser: string | undefined;
}

/** Config shape of one trunk (mirrors BridgeConfig.trunks). */
export interface TrunkSpec {
  readonly name: string;
  readonly cidrs: readonly string[];
  readonly dids: Readonly<Record<string, string>> | ReadonlyArray<{ readonly did: string; readonly target: string }>;
}

const ANONYMOUS_USERS = new Set(['anonymous', 'restricted', 'unavailable', 'unknown', 'private', 'withheld']);

/** Strips URI parameters (`;npdi`) and visual separators; keeps a leading '+'. */
export function normalizeNumber(user: string): string {
  const bare = user.split(';')[0] ?? '';
  const plus = bare.startsWith('+') ? '+' : '';
  return plus + bare.replace(/[^0-9]/g, '');
}

/** DID comparison key: digits only (a trunk may send `+1555…` or `1555…`). */
function didKey(user: string): string {
  return normalizeNumber(user).replace(/^\+/, '');
}

/** Parses a DID target from config: `ivr`, `meet`, or `room:<id>` / a bare room ID. */
export function parseDidTarget(text: string): DidTarget | undefined {
  const t = text.trim();
  if (t === 'ivr' || t === 'meet') return { kind: 'ivr' };
  const id = t.startsWith('room:') ? t.slice(5) : t;
  return /^[0-9]+$/.test(id) ? { kind: 'room', roomId: id } : undefined;
}

/** Builds the routing table from config values; throws on malformed CIDRs or DID targets (config is validated before this). */
export function buildRoutingTable(options: {
  readonly meetUser: string;
  readonly roomIdMinLength?: number;
  readonly roomIdMaxLength?: number;
  readonly trunks: readonly TrunkSpec[];
}): RoutingTable {
  const trunks = options.trunks.map((trunk): TrunkRoute => {
    const ranges = trunk.cidrs.map((cidr) => {
      const range = parseIpRange(cidr);
      if (range === undefined) throw new Error(`trunk ${trunk.name}: bad CIDR ${cidr}`);
      return range;
    });
    const entries: Array<[string, string]> = Array.isArray(trunk.dids)
      ? (trunk.dids as ReadonlyArray<{ did: string; target: string }>).map((d) => [d.did, d.target])
      : Object.entries(trunk.dids as Record<string, string>);
    const dids = new Map<string, DidTarget>();
    for (const [did, targetText] of entries) {
      const target = parseDidTarget(targetText);
      if (target === undefined) throw new Error(`trunk ${trunk.name}: bad DID target for ${did}`);
      dids.set(didKey(did), target);
    }
    return { name: trunk.name, ranges, dids };
  });
  return {
    meetUser: options.meetUser,
    roomIdMinLength: options.roomIdMinLength ?? 8,
    roomIdMaxLength: options.roomIdMaxLength ?? 12,
    trunks,
  };
}

/** The trunk a source address belongs to, if any. */
export function findTrunk(table: RoutingTable, sourceAddress: string): TrunkRoute | undefined {
  const bytes = parseIpAddress(sourceAddress);
  if (bytes === undefined) return undefined;
  return table.trunks.find((trunk) => trunk.ranges.some((range) => ipInRange(bytes, range)));
}

/** Normalises an ANI; undefined when anonymous, withheld or not a number. */
export function parseCallerId(user: string | undefined): string | undefined {
  if (user === undefined) return undefined;
  if (ANONYMOUS_USERS.has(user.toLowerCase())) return undefined;
  const n = normalizeNumber(user);
  return /[0-9]/.test(n) ? n : undefined;
}

/** Who is calling, keyed as the abuse policy expects. */
export function identifyCaller(table: RoutingTable, input: RouteInput): CallerIdentity {
  const trunk = findTrunk(table, input.sourceAddress);
  if (trunk !== undefined) {
    const callerId = parseCallerId(input.assertedUser) ?? parseCallerId(input.fromUser);
    return {
      kind: 'trunk',
      trunk: trunk.name,
      sourceAddress: input.sourceAddress,
      callerId,
      sourceKey: `trunk:${trunk.name}:${callerId ?? 'anonymous'}`,
    };
  }
  return { kind: 'direct', sourceAddress: input.sourceAddress, fromUser: input.fromUser, sourceKey: `ip:${input.sourceAddress}` };
}

/** Routes one INVITE. Pure; never consults the store (see the file comment). */
export function routeCall(table: RoutingTable, input: RouteInput): CallRoute {
  const caller = identifyCaller(table, input);
  const user = (input.requestUser ?? '').split(';')[0] ?? '';
  if (caller.kind === 'trunk') {
    const trunk = table.trunks.find((t) => t.name === caller.trunk);
    const did = trunk?.dids.get(didKey(user));
    if (did !== undefined && didKey(user) !== '') return { target: did, reason: 'did', caller };
  }
  if (user.toLowerCase() === table.meetUser.toLowerCase()) return { target: { kind: 'ivr' }, reason: 'meet', caller };
  if (/^[0-9]+$/.test(user) && user.length >= table.roomIdMinLength && user.length <= table.roomIdMaxLength) {
    return { target: { kind: 'room', roomId: user }, reason: 'room-uri', caller };
  }
  return { target: { kind: 'ivr' }, reason: 'fallback', caller };
}
