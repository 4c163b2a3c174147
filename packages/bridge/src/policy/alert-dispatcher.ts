/**
 * Alert delivery that never blocks a call: `alert()` is synchronous and only enqueues;
 * a single background loop posts JSON to the webhook through the injected `post`, with
 * retries and exponential backoff. At most one alert per room per cause per hour
 * (dedupe), and a bounded queue that drops the newest when full (counted).
 */
import type { Clock } from './clock.js';
import type { PolicyConfig } from './policy-config.js';
import type { AlertSink, PolicyAlert } from './policy-ports.js';

/** Posts one JSON body; resolves on a 2xx, rejects otherwise. Injected (HTTP lives in the app). */
export type PostJson = (url: string, body: string) => Promise<void>;

/** Delivery counters. */
export interface AlertDispatchCounters {
  queued: number;
  deduped: number;
  droppedFull: number;
  delivered: number;
  failed: number;
  retries: number;
}

/** Dedupes, queues and delivers alerts to a webhook. */
export class AlertDispatcher implements AlertSink {
  private readonly queue: PolicyAlert[] = [];
  private readonly lastSent = new Map<string, number>();
  private running: Promise<void> | undefined;
  private readonly stats: AlertDispatchCounters = { queued: 0, deduped: 0, droppedFull: 0, delivered: 0, failed: 0, retries: 0 };

  constructor(
    private readonly options: {
      readonly config: PolicyConfig;
      readonly clock: Clock;
      readonly webhookUrl: string;
      readonly post: PostJson;
      /** Waits between retries; defaults to setTimeout. Tests inject an instant one. */
      readonly sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  /** Enqueues an alert unless a same-room same-cause alert went out within the dedupe window. */
  alert(alert: PolicyAlert): void {
    const cfg = this.options.config.alerts;
    const key = `${alert.roomId}|${alert.cause}`;
    const now = this.options.clock.nowMs();
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < cfg.dedupeWindowMs) {
      this.stats.deduped++;
      return;
    }
    if (this.queue.length >= cfg.maxQueue) {
      this.stats.droppedFull++;
      return;
    }
    this.lastSent.set(key, now);
    if (this.lastSent.size > 10_000) {
      const oldest = this.lastSent.keys().next();
      if (oldest.done !== true) this.lastSent.delete(oldest.value);
    }
    this.queue.push(alert);
    this.stats.queued++;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** A snapshot of the counters. */
  counters(): AlertDispatchCounters {
    return { ...this.stats };
  }

  private async drain(): Promise<void> {
    const cfg = this.options.config.alerts;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    for (let alert = this.queue.shift(); alert !== undefined; alert = this.queue.shift()) {
      const body = JSON.stringify({ source: 'pinbridge', ...alert, at: new Date(alert.atMs).toISOString() });
      let delivered = false;
      for (let attempt = 0; attempt <= cfg.maxRetries && !delivered; attempt++) {
        if (attempt > 0) {
          this.stats.retries++;
          await sleep(cfg.backoffMs * 2 ** (attempt - 1));
        }
        try {
          await this.options.post(this.options.webhookUrl, body);
          delivered = true;
        } catch {
          // Retried below; the final failure is counted, never thrown into a call.
        }
      }
      if (delivered) this.stats.delivered++;
      else this.stats.failed++;
    }
  }
}
