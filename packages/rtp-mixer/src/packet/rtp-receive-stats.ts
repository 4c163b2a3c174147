/** RFC 3550 A.1 constants. */
const RTP_SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/**
 * Receive statistics of one source per RFC 3550 Appendix A.1 (sequence tracking with the extended
 * highest sequence number), A.3 (cumulative and fraction lost) and A.8 (interarrival jitter).
 * Time enters as the arrival time converted to RTP timestamp units by the caller.
 */
export class RtpReceiveStats {
  private maxSeq = 0;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit = 0;
  private hasTransit = false;
  private jitterScaled = 0;
  private hasSeq = false;

  /** Counts one packet; returns false when A.1 rejects it as out of sequence. */
  update(seq: number, rtpTimestamp: number, arrivalInTsUnits: number): boolean {
    if (!this.hasSeq) {
      this.initSeq(seq);
      this.hasSeq = true;
    } else {
      const udelta = (seq - this.maxSeq) & 0xffff;
      if (udelta < MAX_DROPOUT) {
        if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD; // wrapped
        this.maxSeq = seq;
      } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
        // A very large jump: accept only when the next packet confirms it (the source restarted).
        if (seq === this.badSeq) this.initSeq(seq);
        else {
          this.badSeq = (seq + 1) & 0xffff;
          return false;
        }
      }
      // else: duplicate or reordered packet, counted below.
    }
    this.received++;
    // A.8: J += (|D| - J) / 16, computed in 1/16 units as the RFC suggests.
    const transit = (arrivalInTsUnits - rtpTimestamp) | 0;
    if (this.hasTransit) {
      const d = Math.abs((transit - this.transit) | 0);
      this.jitterScaled += d - ((this.jitterScaled + 8) >> 4);
    }
    this.transit = transit;
    this.hasTransit = true;
    return true;
  }

  /** Extended highest sequence number received (cycles << 16 | max_seq). */
  get extendedHighestSeq(): number {
    return (this.cycles + this.maxSeq) >>> 0;
  }

  /** Packets expected minus received, clamped to the 24-bit signed field of RFC 3550 §6.4.1. */
  get cumulativeLost(): number {
    const expected = this.extendedHighestSeq - this.baseSeq + 1;
    return Math.max(-0x800000, Math.min(0x7fffff, expected - this.received));
  }

  /** Interarrival jitter in timestamp units (A.8). */
  get jitter(): number {
    return this.jitterScaled >> 4;
  }

  /** Fraction lost since the previous call (A.3), 8-bit fixed point; advances the interval. */
  takeFractionLost(): number {
    const expected = this.extendedHighestSeq - this.baseSeq + 1;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    return expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval << 8) / expectedInterval);
  }

  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }
}
