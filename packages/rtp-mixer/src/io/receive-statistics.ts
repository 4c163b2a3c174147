/**
 * Per-source reception statistics of RFC 3550 Appendix A.1 (sequence validation and
 * extended highest sequence), A.3 (expected/lost, fraction lost) and A.8 (interarrival jitter).
 */
const RTP_SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export class ReceiveStatistics {
  maxSeq = 0;
  cycles = 0;
  baseSeq = 0;
  badSeq = RTP_SEQ_MOD + 1;
  received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit = 0;
  private hasTransit = false;
  /** Interarrival jitter in timestamp units, scaled as in RFC 3550 A.8 (not yet divided). */
  jitter = 0;
  ssrc = 0;
  private isInitialised = false;

  /** Restarts the statistics for a new SSRC (RFC 3550 A.1 `init_seq`). */
  reset(ssrc: number, seq: number): void {
    this.ssrc = ssrc;
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.hasTransit = false;
    this.jitter = 0;
    this.isInitialised = true;
  }

  /**
   * Counts one packet (RFC 3550 A.1 `update_seq`); `arrivalTs` is the arrival time in the
   * stream's timestamp units. Returns false for a packet judged invalid (big jump).
   */
  update(ssrc: number, seq: number, rtpTs: number, arrivalTs: number): boolean {
    if (!this.isInitialised || ssrc !== this.ssrc) this.reset(ssrc, seq);
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (udelta < MAX_DROPOUT) {
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      if (seq === this.badSeq) {
        this.reset(ssrc, seq);
      } else {
        this.badSeq = (seq + 1) & 0xffff;
        return false;
      }
    }
    this.received++;
    // A.8: D(i-1,i) = (Rj - Ri) - (Sj - Si); J += (|D| - J) / 16
    const transit = (arrivalTs - rtpTs) | 0;
    if (this.hasTransit) {
      let d = (transit - this.transit) | 0;
      if (d < 0) d = -d;
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
    this.hasTransit = true;
    return true;
  }

  /** Extended highest sequence number received (A.1). */
  get extendedMax(): number {
    return this.cycles + this.maxSeq;
  }

  /** Cumulative packets lost (A.3), clamped to the 24-bit signed field range. */
  get cumulativeLost(): number {
    if (!this.isInitialised) return 0;
    const expected = this.extendedMax - this.baseSeq + 1;
    return Math.max(-0x800000, Math.min(0x7fffff, expected - this.received));
  }

  /** Fraction lost since the previous call, as the 8-bit fixed-point field of A.3. */
  takeFractionLost(): number {
    const expected = this.extendedMax - this.baseSeq + 1;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval === 0 || lostInterval <= 0) return 0;
    return Math.min(255, Math.floor((lostInterval << 8) / expectedInterval));
  }

  /** True once a packet was counted. */
  get hasData(): boolean {
    return this.isInitialised;
  }
}
