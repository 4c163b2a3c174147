/**
 * One-time PINs per meeting or invitee: valid from `start − earlyJoin` to `end + lateJoin`
 * (default ±30 min), `maxUses` joins (default 1), then dead. The caller mints the PIN and
 * hashes it (pins module `hashPin`); this module stores only the hash and asks the caller's
 * compare callback (`pinMatches`) — it never sees digits. Verification must run inside the
 * policy's charge-before-compare flow (`beginAttempt` → `redeem` → `completeAttempt`).
 */
import type { PolicyConfig } from './policy-config.js';
import type { RolePath } from './policy-state.js';

/** A stored one-time PIN (hash only). */
export interface OneTimePin {
  readonly id: string;
  readonly roomId: string;
  readonly rolePath: RolePath;
  /** Opaque keyed hash from the pins module; never the digits. */
  readonly pinHash: string;
  /** Optional invitee or meeting name (display only). */
  readonly label?: string;
  readonly validFromMs: number;
  readonly validUntilMs: number;
  readonly maxUses: number;
  readonly uses: number;
  readonly isRevoked: boolean;
}

/** Storage the store module implements. */
export interface OneTimePinStore {
  put(pin: OneTimePin): void;
  get(id: string): OneTimePin | undefined;
  listByRoom(roomId: string): readonly OneTimePin[];
}

/** Life-cycle state of a one-time PIN at a given time. */
export type OneTimePinStatus = 'pending' | 'active' | 'expired' | 'used-up' | 'revoked';

/** In-memory {@link OneTimePinStore} for tests. */
export class InMemoryOneTimePinStore implements OneTimePinStore {
  private readonly pins = new Map<string, OneTimePin>();
  put(pin: OneTimePin): void {
    this.pins.set(pin.id, pin);
  }
  get(id: string): OneTimePin | undefined {
    return this.pins.get(id);
  }
  listByRoom(roomId: string): readonly OneTimePin[] {
    return [...this.pins.values()].filter((p) => p.roomId === roomId);
  }
}

/** Status of `pin` at `nowMs`. */
export function oneTimePinStatus(pin: OneTimePin, nowMs: number): OneTimePinStatus {
  if (pin.isRevoked) return 'revoked';
  if (pin.uses >= pin.maxUses) return 'used-up';
  if (nowMs < pin.validFromMs) return 'pending';
  if (nowMs > pin.validUntilMs) return 'expired';
  return 'active';
}

/** Mint, list, revoke and redeem one-time PINs. */
export class OneTimePins {
  constructor(private readonly options: { readonly config: PolicyConfig; readonly store: OneTimePinStore }) {}

  /** Stores a new one-time PIN for a meeting `[startMs, endMs]`. */
  mint(input: {
    readonly id: string;
    readonly roomId: string;
    readonly rolePath?: RolePath;
    readonly pinHash: string;
    readonly label?: string;
    readonly meeting: { readonly startMs: number; readonly endMs: number };
    readonly maxUses?: number;
  }): OneTimePin {
    const cfg = this.options.config.oneTimePins;
    const pin: OneTimePin = {
      id: input.id,
      roomId: input.roomId,
      rolePath: input.rolePath ?? 'participant',
      pinHash: input.pinHash,
      ...(input.label === undefined ? {} : { label: input.label }),
      validFromMs: input.meeting.startMs - cfg.earlyJoinMs,
      validUntilMs: input.meeting.endMs + cfg.lateJoinMs,
      maxUses: input.maxUses ?? cfg.maxUses,
      uses: 0,
      isRevoked: false,
    };
    this.options.store.put(pin);
    return pin;
  }

  /** Every one-time PIN of a room with its status (hashes stay inside). */
  list(roomId: string, nowMs: number): ReadonlyArray<{ readonly pin: OneTimePin; readonly status: OneTimePinStatus }> {
    return this.options.store.listByRoom(roomId).map((pin) => ({ pin, status: oneTimePinStatus(pin, nowMs) }));
  }

  /** Revokes a PIN; returns whether it existed. */
  revoke(id: string): boolean {
    const pin = this.options.store.get(id);
    if (pin === undefined) return false;
    this.options.store.put({ ...pin, isRevoked: true });
    return true;
  }

  /**
   * Compares the entry against the room's active one-time PINs through `matches`
   * (constant-time compare from the pins module) and spends one use on a match. Every
   * active PIN is compared so timing does not reveal how many there are.
   */
  redeem(input: { readonly roomId: string; readonly rolePath: RolePath; readonly nowMs: number; readonly matches: (pinHash: string) => boolean }): { readonly redeemed: true; readonly pin: OneTimePin } | { readonly redeemed: false } {
    let found: OneTimePin | undefined;
    for (const pin of this.options.store.listByRoom(input.roomId)) {
      if (pin.rolePath !== input.rolePath || oneTimePinStatus(pin, input.nowMs) !== 'active') continue;
      if (input.matches(pin.pinHash) && found === undefined) found = pin;
    }
    if (found === undefined) return { redeemed: false };
    const spent: OneTimePin = { ...found, uses: found.uses + 1 };
    this.options.store.put(spent);
    return { redeemed: true, pin: spent };
  }
}
