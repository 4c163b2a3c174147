/**
 * One attacker model against the real policy in virtual time. Each attacker line places
 * calls back to back: call setup, room-ID entry, up to 3 PIN tries (each wrong try costs
 * the unskippable 2 s "incorrect" prompt), goodbye. Before media the bridge checks the
 * source lock and (before the PIN prompt) the global budget; refused calls cost the
 * attacker the setup time, and a rational attacker waits out the advertised retry time
 * (calling sooner cannot buy tokens faster). PINs are never actually compared: each
 * evaluated guess is counted per room and the odds are computed exactly afterwards.
 */
import {
  DAY_MS,
  InMemoryPolicyState,
  PinAttemptPolicy,
  POLICY_DEFAULTS,
  SipAdmission,
  sourceKeysFor,
} from '@pinbridge/bridge';
import type { PolicyConfig, SourceKey } from '@pinbridge/bridge';

/** Timing of one call leg, ms (SECURITY.md "In-call pacing"; typical PSTN setup). */
export const CALL_TIMING = {
  setupMs: 3000,
  roomIdEntryMs: 4000,
  pinEntryMs: 2000,
  failurePauseMs: POLICY_DEFAULTS.call.failurePauseMs,
  goodbyeMs: 1500,
  refusedMs: 1200,
} as const;

/** How an attacker's sources look to the bridge. */
export interface AttackModel {
  readonly name: string;
  /** Number of distinct sources (caller IDs or IPs) it rotates through. */
  readonly sources: number;
  readonly kind: 'pstn' | 'anonymous' | 'sip-ip';
  /** Parallel attack lines. */
  readonly lines: number;
}

/** What one model achieved. */
export interface ModelResult {
  readonly model: string;
  readonly guesses: number;
  readonly guessesPerDay: number;
  readonly p30dPct: number;
  readonly calls: number;
  readonly refusedGlobal: number;
  readonly refusedSource: number;
  readonly refusedRoom: number;
  readonly legitVerifiedJoined: boolean;
  readonly legitNewJoined: boolean;
  readonly legitNewWaitS: number;
  readonly legitNewRefusal: string;
}

/** Simulation parameters. */
export interface SimOptions {
  readonly days: number;
  readonly rooms: number;
  readonly pinLength: number;
  /** Fraction of the PIN space removed by the weak-PIN blocklist (SECURITY.md: 0.67 % at 8 digits). */
  readonly blocklistFraction: number;
  readonly config?: PolicyConfig;
}

function keysFor(model: AttackModel, index: number): readonly SourceKey[] {
  switch (model.kind) {
    case 'pstn':
      return sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'carrier', callerId: `+1555${String(index).padStart(7, '0')}`, isAnonymous: false });
    case 'anonymous':
      return sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'carrier', isAnonymous: true });
    case 'sip-ip':
      return sourceKeysFor({ transport: 'direct', sourceIp: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`, fromUser: 'bot', isAnonymous: false });
  }
}

function ipOf(model: AttackModel, index: number): string {
  return model.kind === 'sip-ip' ? `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}` : '198.51.100.1';
}

/** Runs one model for `days` of virtual time. */
export function simulateModel(model: AttackModel, options: SimOptions): ModelResult {
  const config = options.config ?? POLICY_DEFAULTS;
  const state = new InMemoryPolicyState(config.state.maxEntries);
  const policy = new PinAttemptPolicy({ config, state });
  const admission = new SipAdmission({ config, state });
  const endMs = options.days * DAY_MS;
  const T = CALL_TIMING;
  const guessesByRoom = new Float64Array(options.rooms);
  let guesses = 0, calls = 0, refusedGlobal = 0, refusedSource = 0, refusedRoom = 0;

  // The legitimate caller: a digest-authenticated softphone user who joined room 0 before the attack.
  const legitKeys = sourceKeysFor({ transport: 'direct', sourceIp: '192.0.2.50', fromUser: 'alice', isAnonymous: false });
  const first = policy.beginAttempt({ sourceKeys: legitKeys, roomId: 'room-0', rolePath: 'participant', verified: true, nowMs: 0 });
  if (first.action === 'proceed') policy.completeAttempt(first.ticket, { success: true, nowMs: 0 });
  const legitAtMs = Math.floor(endMs / 2);
  let legitDone = false, legitVerifiedJoined = false, legitNewJoined = false, legitNewWaitS = 0, legitNewRefusal = '';

  const lineNext = new Array<number>(model.lines).fill(0).map((_, i) => 1000 + i * 137);
  let nextSource = 0;
  let nextRoom = 0;
  const lockedUntil = new Map<number, number>();

  for (;;) {
    let line = 0;
    for (let i = 1; i < lineNext.length; i++) if ((lineNext[i] ?? Infinity) < (lineNext[line] ?? Infinity)) line = i;
    const now = lineNext[line] ?? Infinity;
    if (now >= endMs) break;
    if (!legitDone && now >= legitAtMs) {
      legitDone = true;
      legitVerifiedJoined = legitimateCall(policy, legitKeys, true, now) === 'joined';
      const newKeys = sourceKeysFor({ transport: 'trunk', sourceIp: '198.51.100.1', trunk: 'carrier', callerId: '+14155550100', isAnonymous: false });
      const gate = policy.checkEntry({ sourceKeys: newKeys, roomId: 'room-0', rolePath: 'participant', verified: false, nowMs: now });
      legitNewWaitS = gate.action === 'refuse' ? (gate.retryAfterMs ?? 0) / 1000 : 0;
      if (gate.action === 'refuse') legitNewRefusal = gate.reason;
      else {
        const outcome = legitimateCall(policy, newKeys, false, now);
        legitNewJoined = outcome === 'joined';
        legitNewRefusal = outcome;
      }
    }
    // Pick a source that is not known to be locked (a one-source attacker must wait).
    let sourceIndex = nextSource % model.sources;
    if (model.sources > 1) {
      let found = -1;
      let earliest = Infinity;
      for (let probe = 0; probe < Math.min(model.sources, 64); probe++) {
        const idx = (nextSource + probe) % model.sources;
        const until = lockedUntil.get(idx) ?? 0;
        if (until <= now) { found = idx; break; }
        earliest = Math.min(earliest, until);
      }
      if (found < 0) {
        // Every source it tried recently got a 403: wait for the first lock to end.
        nextSource += 64;
        lineNext[line] = Math.max(now + T.refusedMs, earliest);
        continue;
      }
      sourceIndex = found;
      nextSource = sourceIndex + 1;
    }
    const keys = keysFor(model, sourceIndex);
    calls++;
    if (model.kind === 'sip-ip') {
      const adm = admission.check({ sourceIp: ipOf(model, sourceIndex), isTrunk: false, requestUser: '123456789', method: 'INVITE', nowMs: now });
      if (adm.action !== 'accept') { lineNext[line] = now + T.refusedMs; continue; }
    }
    const src = policy.checkSource(keys, now);
    if (src.locked) {
      refusedSource++;
      lockedUntil.set(sourceIndex, src.untilMs);
      lineNext[line] = model.sources === 1 || model.kind === 'anonymous' ? Math.max(now + T.refusedMs, src.untilMs) : now + T.refusedMs;
      continue;
    }
    const roomIdx = nextRoom++ % options.rooms;
    const roomId = `room-${roomIdx}`;
    const gate = policy.checkEntry({ sourceKeys: keys, roomId, rolePath: 'participant', verified: false, nowMs: now + T.setupMs + T.roomIdEntryMs });
    if (gate.action === 'refuse') {
      if (gate.reason === 'global-budget') refusedGlobal++;
      else refusedSource++;
      lineNext[line] = now + Math.max(T.setupMs + T.roomIdEntryMs, gate.retryAfterMs ?? 0);
      continue;
    }
    let t = now + T.setupMs + T.roomIdEntryMs;
    for (let attempt = 0; attempt < config.call.triesPerCall; attempt++) {
      t += T.pinEntryMs;
      const begun = policy.beginAttempt({ sourceKeys: keys, roomId, rolePath: 'participant', verified: false, nowMs: t });
      if (begun.action === 'refuse') {
        if (begun.reason === 'global-budget') refusedGlobal++;
        else if (begun.reason === 'room-locked' || begun.reason === 'pin-disabled') refusedRoom++;
        else refusedSource++;
        break;
      }
      guesses++;
      guessesByRoom[roomIdx] = (guessesByRoom[roomIdx] ?? 0) + 1;
      policy.completeAttempt(begun.ticket, { success: false, nowMs: t });
      t += T.failurePauseMs;
    }
    lineNext[line] = t + T.goodbyeMs;
  }

  const space = 10 ** options.pinLength * (1 - options.blocklistFraction);
  let notBroken = 1;
  for (const g of guessesByRoom) notBroken *= 1 - Math.min(1, g / space);
  return {
    model: model.name,
    guesses,
    guessesPerDay: guesses / options.days,
    p30dPct: (1 - notBroken) * 100 * (30 / options.days),
    calls,
    refusedGlobal,
    refusedSource,
    refusedRoom,
    legitVerifiedJoined,
    legitNewJoined,
    legitNewWaitS,
    legitNewRefusal,
  };
}

/** A legitimate caller: two mistypes, then the right PIN, in one call. Returns whether he joined. */
function legitimateCall(policy: PinAttemptPolicy, keys: readonly SourceKey[], verified: boolean, startMs: number): string {
  let t = startMs;
  for (const isRight of [false, false, true]) {
    t += CALL_TIMING.pinEntryMs;
    const begun = policy.beginAttempt({ sourceKeys: keys, roomId: 'room-0', rolePath: 'participant', verified, nowMs: t });
    if (begun.action === 'refuse') return begun.reason;
    policy.completeAttempt(begun.ticket, { success: isRight, nowMs: t });
    if (isRight) return 'joined';
    t += CALL_TIMING.failurePauseMs;
  }
  return 'not-joined';
}
