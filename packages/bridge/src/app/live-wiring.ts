/**
 * Builds issue 7's live side for `runServer` in one place, so the composition root only
 * passes its hooks to the RoomRegistry and its routes to the admin server: the moderation
 * wiring, the event bus, the metrics and the admin API's live operations.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { liveRoutes } from '../admin-api/index.js';
import type { BridgeConfig } from '../config/index.js';
import { LiveEventBus } from '../events/index.js';
import type { AdminRoutes } from '../http/index.js';
import type { AuditSink } from '../policy/index.js';
import { BridgeMetrics } from '../metrics/index.js';
import { BridgeLiveOperations } from './bridge-live-operations.js';
import { liveMetrics, type LiveCounts } from './live-metrics.js';
import type { MediaRuntime } from './media-adapter.js';
import { ModerationWiring, type ModerationStore, type RegistryHooks } from './moderation-wiring.js';
import type { CallLogger } from './ports.js';
import type { RoomRegistry } from './room-registry.js';

/** What `runServer` holds of the live side. */
export interface LiveWiring {
  readonly hooks: RegistryHooks;
  readonly bus: LiveEventBus;
  readonly metrics: BridgeMetrics;
  readonly moderation: ModerationWiring;
  /** Connects the registry built with `hooks`. */
  attach(rooms: RoomRegistry): void;
  /** The admin API's live routes (roster, actions, SSE, `/metrics`, `/openapi.json`). */
  routes(counts: () => LiveCounts): AdminRoutes;
  close(): void;
}

/** See the file comment. */
export function createLiveWiring(options: {
  readonly config: BridgeConfig;
  readonly store: ModerationStore;
  /** The abuse wiring's audit trail, shared by moderation actions. */
  readonly audit: AuditSink;
  readonly media: MediaRuntime;
  readonly logger: CallLogger;
}): LiveWiring {
  const bus = new LiveEventBus();
  const metrics = new BridgeMetrics();
  const scratchDir = join(options.config.dataDir, 'names');
  mkdirSync(scratchDir, { recursive: true, mode: 0o700 });
  // The engine's recorder writes into this folder but does not create it.
  mkdirSync(options.config.recordingsDir, { recursive: true, mode: 0o700 });
  const moderation = new ModerationWiring({
    media: options.media.control,
    live: options.media.live,
    store: options.store,
    audit: options.audit,
    logger: options.logger,
    bus,
    metrics,
    scratchDir,
    nowMs: () => Date.now(),
  });
  let registry: RoomRegistry | undefined;
  return {
    hooks: moderation.hooks,
    bus,
    metrics,
    moderation,
    attach(rooms) {
      registry = rooms;
      moderation.attach(rooms);
    },
    routes(counts) {
      if (registry === undefined) throw new Error('live wiring: attach the room registry before building routes');
      const ops = new BridgeLiveOperations({
        rooms: registry,
        wiring: moderation,
        bus,
        live: options.media.live,
        roomName: (roomId) => options.store.getRoom(roomId)?.name,
      });
      return liveRoutes(ops, { metrics: liveMetrics(metrics, options.media.live, counts) });
    },
    close: () => moderation.close(),
  };
}
