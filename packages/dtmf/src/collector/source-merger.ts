/**
 * Merges one call's three digit sources into one stream. A trunk that sends the same key
 * two ways (RFC 4733 and INFO, or RFC 4733 with the tones left in the audio) must yield it
 * once: a key equal to the last accepted one, from another source, within the window, is
 * a duplicate. Once RFC 4733 digits are seen, in-band detection is ignored for the call.
 */
import type { DtmfDigitEvent, DtmfSource } from '../dtmf-digit.js';

export interface SourceMergerOptions {
  /** Cross-source duplicate window (default 500 ms). */
  readonly duplicateWindowMs?: number;
}

export class SourceMerger {
  private readonly duplicateWindowMs: number;
  private lastDigit: string | undefined;
  private lastSource: DtmfSource | undefined;
  private lastAtMs = Number.NEGATIVE_INFINITY;
  private hasSeenRfc4733 = false;
  duplicatesDropped = 0;
  inbandSuppressed = 0;

  constructor(options: SourceMergerOptions = {}) {
    this.duplicateWindowMs = options.duplicateWindowMs ?? 500;
  }

  /** True when the event should be used; false when it duplicates one already taken. */
  accept(event: DtmfDigitEvent, nowMs: number): boolean {
    if (event.source === 'rfc4733') this.hasSeenRfc4733 = true;
    if (event.source === 'inband' && this.hasSeenRfc4733) {
      this.inbandSuppressed++;
      return false;
    }
    const isDuplicate =
      event.digit === this.lastDigit && event.source !== this.lastSource && nowMs - this.lastAtMs <= this.duplicateWindowMs;
    if (isDuplicate) {
      this.duplicatesDropped++;
      return false;
    }
    this.lastDigit = event.digit;
    this.lastSource = event.source;
    this.lastAtMs = nowMs;
    return true;
  }

  /** True once the call has sent RFC 4733 events (the engine may stop in-band detection). */
  get usesRfc4733(): boolean {
    return this.hasSeenRfc4733;
  }
}
