/**
 * Notices when a stream's SSRC changes (RFC 3550 §8.2: a new source, e.g. after a transfer or a
 * re-INVITE), so the caller can reset its jitter buffer and statistics.
 */
export class SsrcChangeDetector {
  private current: number | null = null;

  /** The SSRC seen last, or null before the first packet. */
  get ssrc(): number | null {
    return this.current;
  }

  /** Records `ssrc`; true when it differs from the previous packet's (false for the first). */
  observe(ssrc: number): boolean {
    const previous = this.current;
    this.current = ssrc >>> 0;
    return previous !== null && previous !== this.current;
  }

  /** Forgets the SSRC. */
  reset(): void {
    this.current = null;
  }
}
