/**
 * Feeds the abuse policy's signals into issue 7's live side: `/metrics` counters (auth
 * failures by reason and role, lockouts by scope, SIP admission outcomes) and the SSE
 * stream (`lockout` and `alert` events).
 */
import type { LiveEventBus } from '../events/index.js';
import type { BridgeMetrics } from '../metrics/index.js';
import type { AbuseSignal } from './abuse-signals.js';

/** Far-future lock ends (manual blocks) are clamped to a valid date. */
const MAX_DATE_MS = 8.64e15;

/** The listener to subscribe to the abuse wiring's signals. */
export function abuseLiveFeed(metrics: BridgeMetrics, bus: LiveEventBus): (signal: AbuseSignal) => void {
  return (signal) => {
    switch (signal.kind) {
      case 'auth-failure':
        metrics.authFailed(signal.reason, signal.rolePath);
        return;
      case 'lockout':
        metrics.lockouts.inc({ scope: signal.scope });
        bus.publish({
          type: 'lockout',
          at: new Date(signal.atMs).toISOString(),
          scope: signal.scope,
          until: new Date(Math.min(signal.untilMs, MAX_DATE_MS)).toISOString(),
          ...(signal.roomId === undefined ? {} : { roomId: signal.roomId }),
        });
        return;
      case 'alert':
        bus.publish({ type: 'alert', at: new Date(signal.atMs).toISOString(), cause: signal.cause, ...(signal.roomId === undefined ? {} : { roomId: signal.roomId }) });
        return;
      case 'admission':
        metrics.sipRejected.inc({ outcome: signal.outcome });
        return;
      default: {
        const never: never = signal;
        throw new Error(`unknown abuse signal ${String(never)}`);
      }
    }
  };
}
