/**
 * SIP admission (SECURITY.md "SIP admission", "Scanner filter"), over plain request fields
 * so the app can call it from sip-core's `admit(request, source)` hook:
 *
 *   banned? ─► drop(banned)        scanner UA? ─► drop(scanner)
 *   non-trunk: ≥ N distinct Request-URI users in 60 s ─► drop(sweep) + ban
 *   INVITE: token bucket per IP (5/s, burst 10) or per trunk (2 × contracted CPS)
 *     empty ─► 503 + Retry-After; the 20th reject in a row ─► drop(banned) + 300 s ban
 *
 * Trunk IPs are never banned (one noisy caller must not cut off a carrier).
 */
import type { PolicyConfig } from './policy-config.js';
import type { BlockList } from './policy-ports.js';
import type { AdmissionRecord, PolicyState } from './policy-state.js';
import { takeToken } from './token-bucket.js';

/** Plain facts about one incoming request. */
export interface AdmissionRequest {
  readonly sourceIp: string;
  readonly isTrunk: boolean;
  readonly trunkName?: string;
  readonly userAgent?: string;
  /** Request-URI user part (counted for sweeps, never logged here). */
  readonly requestUser: string;
  readonly method: string;
  readonly nowMs: number;
}

/** Admission verdict. Drops are silent (no response at all). */
export type AdmissionDecision =
  | { readonly action: 'accept' }
  | { readonly action: 'drop'; readonly reason: 'scanner' | 'sweep' | 'banned' }
  | { readonly action: 'reject'; readonly status: 503; readonly retryAfterS: number };

/** Counters for metrics. */
export interface AdmissionCounters {
  accepted: number;
  rejected503: number;
  droppedScanner: number;
  droppedSweep: number;
  droppedBanned: number;
  bans: number;
}

/** Stateful admission control; state lives in the shared {@link PolicyState}. */
export class SipAdmission {
  private readonly scannerPatterns: readonly string[];
  private readonly stats: AdmissionCounters = { accepted: 0, rejected503: 0, droppedScanner: 0, droppedSweep: 0, droppedBanned: 0, bans: 0 };

  constructor(private readonly options: { readonly config: PolicyConfig; readonly state: PolicyState; readonly blockList?: BlockList }) {
    this.scannerPatterns = options.config.admission.scannerUserAgents.map((p) => p.toLowerCase());
  }

  /** Decides what to do with one request. Synchronous and allocation-light. */
  check(request: AdmissionRequest): AdmissionDecision {
    const cfg = this.options.config.admission;
    const { nowMs } = request;
    if (!request.isTrunk && this.options.blockList?.isBlocked(request.sourceIp) === true) return this.drop('banned');
    const ua = (request.userAgent ?? '').toLowerCase();
    if (ua !== '' && this.scannerPatterns.some((p) => ua.includes(p))) return this.drop('scanner');
    const key = request.isTrunk ? `adm-trunk:${request.trunkName ?? request.sourceIp}` : `adm:${request.sourceIp}`;
    const capacity = request.isTrunk ? this.trunkRate(request.trunkName) : cfg.inviteBurst;
    const ratePerMs = (request.isTrunk ? this.trunkRate(request.trunkName) : cfg.invitesPerSecond) / 1000;
    const existing = this.options.state.get(key, nowMs);
    const rec: AdmissionRecord = existing !== undefined && existing.kind === 'admission'
      ? existing
      : { kind: 'admission', tokens: capacity, refilledAtMs: nowMs, rejectsInRow: 0, bannedUntilMs: 0, requestUsers: [] };
    if (rec.bannedUntilMs > nowMs) {
      this.save(key, rec, nowMs);
      return this.drop('banned');
    }
    if (!request.isTrunk) {
      rec.requestUsers = rec.requestUsers.filter((u) => u.atMs > nowMs - cfg.sweepWindowMs && u.user !== request.requestUser);
      rec.requestUsers.push({ user: request.requestUser, atMs: nowMs });
      if (rec.requestUsers.length >= cfg.sweepDistinctUsers) {
        this.ban(rec, nowMs);
        this.save(key, rec, nowMs);
        return this.drop('sweep');
      }
    }
    if (request.method.toUpperCase() !== 'INVITE') {
      this.save(key, rec, nowMs);
      this.stats.accepted++;
      return { action: 'accept' };
    }
    if (takeToken(rec, ratePerMs, capacity, nowMs)) {
      rec.rejectsInRow = 0;
      this.save(key, rec, nowMs);
      this.stats.accepted++;
      return { action: 'accept' };
    }
    rec.rejectsInRow++;
    if (!request.isTrunk && rec.rejectsInRow >= cfg.rejectsBeforeBan) {
      this.ban(rec, nowMs);
      this.save(key, rec, nowMs);
      return this.drop('banned');
    }
    this.save(key, rec, nowMs);
    this.stats.rejected503++;
    return { action: 'reject', status: 503, retryAfterS: cfg.retryAfterS };
  }

  /** A snapshot of the counters. */
  counters(): AdmissionCounters {
    return { ...this.stats };
  }

  private trunkRate(trunkName: string | undefined): number {
    const cfg = this.options.config.admission;
    const cps = (trunkName === undefined ? undefined : cfg.trunkCps[trunkName]) ?? cfg.defaultTrunkCps;
    return cps * cfg.trunkCpsMultiplier;
  }

  private ban(rec: AdmissionRecord, nowMs: number): void {
    rec.bannedUntilMs = nowMs + this.options.config.admission.banMs;
    rec.rejectsInRow = 0;
    rec.requestUsers = [];
    this.stats.bans++;
  }

  private save(key: string, rec: AdmissionRecord, nowMs: number): void {
    const cfg = this.options.config.admission;
    const expiresAtMs = Math.max(rec.bannedUntilMs, nowMs + Math.max(cfg.sweepWindowMs, (cfg.inviteBurst / cfg.invitesPerSecond) * 1000));
    this.options.state.set(key, rec, { expiresAtMs, isPinned: rec.bannedUntilMs > nowMs });
  }

  private drop(reason: 'scanner' | 'sweep' | 'banned'): AdmissionDecision {
    if (reason === 'scanner') this.stats.droppedScanner++;
    else if (reason === 'sweep') this.stats.droppedSweep++;
    else this.stats.droppedBanned++;
    return { action: 'drop', reason };
  }
}
