/**
 * Adapts the dtmf package's DigitCollector (one per call: it also merges the call's digit
 * sources, so a digit sent as RFC 4733 and in-band counts once) to the DigitEntry port,
 * and decodes SIP INFO digit bodies.
 */
import { DigitCollector, decodeInfoBody, toDtmfDigit, type DtmfSource } from '@pinbridge/dtmf';
import type { DigitEntry, DigitEntryOutput, DigitEvent } from './ports.js';

const SOURCES: readonly DtmfSource[] = ['rfc4733', 'info', 'inband'];

function toSource(source: string): DtmfSource {
  return SOURCES.find((s) => s === source) ?? 'rfc4733';
}

/** A fresh collector for one call. */
export function createDigitEntry(): DigitEntry {
  const collector = new DigitCollector();
  const narrow = (outputs: ReturnType<DigitCollector['poll']>): DigitEntryOutput[] =>
    outputs.map((o): DigitEntryOutput => {
      switch (o.kind) {
        case 'first-digit':
          return { kind: 'first-digit', digit: o.digit };
        case 'entry-complete':
          return { kind: 'entry-complete', digits: o.digits };
        case 'entry-timeout':
          return { kind: 'entry-timeout' };
        default: {
          const never: never = o;
          throw new Error(`unknown collector output ${String(never)}`);
        }
      }
    });
  return {
    start(options, nowMs) {
      return narrow(collector.start({ ...options, terminator: '#', clearKey: '*' }, nowMs));
    },
    discard(nowMs) {
      collector.discard(nowMs);
    },
    push(event: DigitEvent, nowMs) {
      const digit = toDtmfDigit(event.digit);
      if (digit === undefined) return [];
      return narrow(collector.push({ digit, durationMs: event.durationMs, endedAtMs: event.endedAtMs, source: toSource(event.source) }, nowMs));
    },
    poll(nowMs) {
      return narrow(collector.poll(nowMs));
    },
  };
}

/** A SIP INFO body (`application/dtmf-relay` or `application/dtmf`) as a digit; undefined when it is not one. */
export function decodeInfoDigit(contentType: string, body: Uint8Array): { digit: string; durationMs: number } | undefined {
  const decoded = decodeInfoBody(contentType, body);
  return decoded.ok ? { digit: decoded.value.digit, durationMs: decoded.value.durationMs } : undefined;
}
