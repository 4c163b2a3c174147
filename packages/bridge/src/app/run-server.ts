/**
 * The composition root of `pinbridge serve` (ARCHITECTURE.md "One call, end to end"):
 * store and server key, the media engine with the prompts loaded, the SIP stack on UDP and
 * TCP with the admission pipeline as its `admit` hook, one CallSession per admitted INVITE,
 * the live rooms, the admin HTTP server, and an orderly shutdown.
 *
 * Shutdown (SIGTERM/SIGINT, or `close()`): refuse new INVITEs (503), BYE every call, wait
 * briefly for the BYE transactions, close SIP, media and HTTP, close the store (WAL
 * checkpoint), resolve `closed`. The CLI then exits 0.
 */
import type { BridgeConfig } from '../config/index.js';
import { DEFAULT_IVR_SETTINGS, type IvrSettings } from '../ivr/index.js';
import { loadServerKey } from '../pins/index.js';
import { buildRoutingTable } from '../routing/index.js';
import { ensureDemoRoom, provisionConfigRooms, provisioningSettings, RoomStore } from '../store/index.js';
import { IvrSessionCap, routeStep, runAdmission, type AdmissionContext, type AdmissionStep, type AdmissionOutcome } from './admission-pipeline.js';
import { CallSession } from './call-session.js';
import { dialBanner, dialHost } from './dial-banner.js';
import { abuseLiveFeed } from './abuse-live-feed.js';
import { createAbuseWiring, type AbuseWiring } from './abuse-wiring.js';
import { RoomRegistry } from './room-registry.js';
import { ROTATION_CHECK_MS, ScheduledRotation } from './scheduled-rotation.js';
import { startSip, type InviteFacts, type SipRuntime } from './sip-adapter.js';
import { startMedia, type MediaRuntime } from './media-adapter.js';
import { createDigitEntry, decodeInfoDigit } from './digit-entry-adapter.js';
import { startAdminHttp, type AdminHttpRuntime } from './admin-http.js';
import { createServerLogger, type ServerLogger } from './server-logger.js';
import { createLiveWiring, type LiveWiring } from './live-wiring.js';
import { leaveReasonOf } from './moderation-wiring.js';

/** What the CLI (or a test) passes besides the config. */
export interface RunServerDeps {
  /** pino-style logger; default: JSON lines on stdout. */
  readonly logger?: ServerLogger;
  /** Where the one-time banner goes (default: stdout). */
  readonly print?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Install SIGTERM/SIGINT handlers (default true). */
  readonly handleSignals?: boolean;
  /** Extra admission steps before routing (issue 6's origin and lockout checks). */
  readonly admissionSteps?: readonly AdmissionStep[];
  /** Starts the media side (default: the rtp-mixer engine); tests and embedders may supply their own. */
  readonly startMedia?: (config: BridgeConfig, logger: ServerLogger) => Promise<MediaRuntime>;
  /** Where `pinbridge-audit` lines go (default: stdout). */
  readonly auditLine?: (line: string) => void;
  /** How often due rooms are rotated (default one minute; tests shorten it). */
  readonly rotationCheckMs?: number;
}

/** Live counts for /health and tests. */
export interface ServerCounts {
  readonly calls: number;
  readonly ivr: number;
  readonly rooms: number;
  readonly participants: number;
}

/** A started server. */
export interface RunningServer {
  /** Bound SIP sockets (actual ports when the config asked for 0). */
  readonly sipAddresses: ReadonlyArray<{ readonly transport: string; readonly host: string; readonly port: number }>;
  readonly httpAddress: { readonly host: string; readonly port: number } | undefined;
  readonly store: RoomStore;
  readonly rooms: RoomRegistry;
  /** The abuse policy as wired (issue 6). */
  readonly abuse: AbuseWiring;
  counts(): ServerCounts;
  /** Orderly shutdown; idempotent. */
  close(reason?: string): Promise<void>;
  /** Resolves when the server has shut down. */
  readonly closed: Promise<void>;
}

/** Starts the bridge. Throws (with a clear message) when a resource cannot be opened. */
export async function runServer(config: BridgeConfig, deps: RunServerDeps = {}): Promise<RunningServer> {
  const logger = deps.logger ?? createServerLogger();
  const print = deps.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const key = loadServerKey({ dataDir: config.dataDir, ...(deps.env === undefined ? {} : { env: deps.env }) });
  if (!key.ok) throw key.error;
  const opened = RoomStore.open({ dataDir: config.dataDir, key: key.value });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const dids = config.trunks.flatMap((t) => Object.keys(t.dids));
  const provisioning = provisioningSettings(config.ivr, dids);
  const configRooms = provisionConfigRooms(store, config.rooms, provisioning);
  if (!configRooms.ok) throw configRooms.error;
  const demo = ensureDemoRoom(store, provisioning);

  let media: MediaRuntime | undefined;
  let sip: SipRuntime | undefined;
  let http: AdminHttpRuntime | undefined;
  const sessions = new Map<string, CallSession>();
  const byEndpoint = new Map<string, CallSession>();
  const admitted = new Map<string, AdmissionOutcome>();
  let isClosing = false;
  let ticker: NodeJS.Timeout | undefined;
  let rotationTimer: NodeJS.Timeout | undefined;
  let live: LiveWiring | undefined;

  try {
    media = await (deps.startMedia ?? startMedia)(config, logger);
    const mediaRuntime = media;
    const ivrSettings: IvrSettings = {
      ...DEFAULT_IVR_SETTINGS,
      roomIdLength: config.ivr.roomIdLength,
      firstDigitTimeoutMs: config.ivr.firstDigitTimeoutMs,
      interDigitTimeoutMs: config.ivr.interDigitTimeoutMs,
      triesPerCall: config.ivr.triesPerCall,
      failurePauseMs: config.ivr.failurePauseMs,
      maxIvrMs: config.ivr.ivrMaxMs,
    };
    const table = buildRoutingTable({ meetUser: config.ivr.meetUser, trunks: config.trunks });
    const abuse = createAbuseWiring({ config, store, logger, table, ...(deps.auditLine === undefined ? {} : { writeAuditLine: deps.auditLine }) });
    const ivrCap = new IvrSessionCap(abuse.ivrSessionLimits);
    const steps: AdmissionStep[] = [...(deps.admissionSteps ?? []), ...abuse.admissionSteps, routeStep(table), ...abuse.routedSteps, ivrCap];
    const verify = abuse.verify;
    const pinLengths = (roomId: string) => ({
      pinLength: store.getPinStatus(roomId, 'participant')?.pinLength ?? config.ivr.pinLength,
      hostPinLength: store.getPinStatus(roomId, 'host')?.pinLength ?? config.ivr.hostPinLength,
    });
    live = createLiveWiring({ config, store, audit: abuse.audit, media: mediaRuntime, logger });
    abuse.onSignal(abuseLiveFeed(live.metrics, live.bus));
    const rooms = new RoomRegistry({
      ...live.hooks,
      media: mediaRuntime.control,
      logger,
      settings: (roomId) => {
        const options = store.getRoom(roomId)?.options;
        return { waitForHost: options?.waitForHost ?? true, maxParticipants: options?.maxParticipants ?? 100 };
      },
    });
    live.attach(rooms);

    mediaRuntime.onEvent((event) => {
      const session = byEndpoint.get(event.endpointId);
      if (session === undefined) return;
      switch (event.kind) {
        case 'dtmf':
          session.digit({ digit: event.digit, durationMs: event.durationMs, endedAtMs: Date.now(), source: event.source });
          break;
        case 'playback-done':
          session.playbackDone(event.playbackId);
          break;
        case 'rtp-timeout':
          logger.info({ callId: session.callId }, 'rtp timeout');
          session.hangup('rtp-timeout');
          break;
        case 'endpoint-gone':
          session.hangup('media-lost');
          break;
        default: {
          const never: never = event;
          throw new Error(`unknown media event ${String(never)}`);
        }
      }
    });

    const admit = (facts: InviteFacts): AdmissionOutcome => {
      if (isClosing) return { action: 'reject', step: 'shutdown', status: 503, reason: 'Service Unavailable' };
      const context: AdmissionContext = { ...facts };
      const outcome = runAdmission(steps, context);
      if (outcome.action === 'admit') admitted.set(facts.callId, outcome);
      else logger.info({ callId: facts.callId, step: outcome.step, action: outcome.action, source: facts.sourceAddress }, 'invite refused');
      return outcome;
    };

    sip = await startSip(config, logger, admit, (call, facts) => {
      const outcome = admitted.get(call.callId) ?? admit(facts);
      admitted.delete(call.callId);
      if (outcome.action !== 'admit') {
        if (outcome.action === 'reject') call.sip.reject(outcome.status, outcome.reason);
        return;
      }
      const route = outcome.route;
      ivrCap.acquire(route.caller.sourceKey);
      logger.info({ callId: call.callId, source: facts.sourceAddress, transport: facts.transport, route: route.reason, target: route.target.kind }, 'call started');
      const session = new CallSession({
        call: call.sip,
        route,
        media: mediaRuntime.control,
        negotiate: mediaRuntime.negotiate,
        digitEntry: createDigitEntry(),
        verify,
        pinLengths,
        ivrSettings,
        rooms,
        logger,
        nowMs: () => Date.now(),
        onIvrDone: (s) => ivrCap.release(s.sourceKey),
        onEnded: (s, reason) => {
          sessions.delete(s.callId);
          // The leave reason the SSE stream showed (removed, ended, host-left, caller-bye …); a
          // caller that passed the PIN but never got into the conference (locked, full) is mapped.
          const leave = live?.moderation.takeLeaveReason(s.callId) ?? (reason.startsWith('room-') ? reason.slice('room-'.length) : leaveReasonOf(reason));
          abuse.callEnded(s.callId, leave);
          const endpointId = s.endpointId;
          if (endpointId !== undefined) byEndpoint.delete(endpointId);
        },
      });
      sessions.set(call.callId, session);
      call.onInfo((contentType, body) => {
        const digit = decodeInfoDigit(contentType, body);
        if (digit !== undefined) session.digit({ ...digit, endedAtMs: Date.now(), source: 'info' });
      });
      call.onReinvite((offer, respond, reject) => session.reinvite(offer, respond, reject));
      call.onEnded((reason) => session.remoteEnded(reason));
      session
        .answer()
        .then(() => {
          const endpointId = session.endpointId;
          if (endpointId !== undefined && session.phase !== 'ended') byEndpoint.set(endpointId, session);
        })
        .catch((error: unknown) => {
          logger.error({ callId: call.callId, err: String(error) }, 'answer failed');
          session.hangup('answer-failed');
        });
    }, abuse.screenRequest);

    ticker = setInterval(() => {
      const now = Date.now();
      for (const session of sessions.values()) session.tick(now);
    }, 100);
    ticker.unref();

    const rotation = new ScheduledRotation({ store, dataDir: config.dataDir, settings: provisioning, logger, alert: (alert) => abuse.raiseAlert(alert) });
    const rotateDue = (): void => {
      try {
        rotation.tick(Date.now());
      } catch (error) {
        logger.error({ err: String(error) }, 'scheduled rotation check failed');
      }
    };
    rotateDue();
    rotationTimer = setInterval(rotateDue, deps.rotationCheckMs ?? ROTATION_CHECK_MS);
    rotationTimer.unref();

    const counts = (): ServerCounts => {
      let ivr = 0;
      for (const s of sessions.values()) if (s.phase === 'ivr' || s.phase === 'answering') ivr++;
      const live = rooms.counts();
      return { calls: sessions.size, ivr, rooms: live.rooms, participants: live.participants };
    };
    http = await startAdminHttp({ config, logger, ...(deps.env === undefined ? {} : { env: deps.env }), health: { live: counts, media: () => mediaRuntime.stats() ?? {}, policy: abuse.health }, routes: [live.routes(counts), abuse.adminRoutes] });

    const sipAddresses = sip.addresses;
    const first = sipAddresses.find((a) => a.transport === 'udp') ?? sipAddresses[0];
    for (const outcome of configRooms.value) {
      if (outcome.kind !== 'created' || first === undefined) continue;
      const { room, pins } = outcome.provisioned;
      for (const line of dialBanner({ title: `room "${room.name}" created from the config file`, roomId: room.id, pin: pins.pin, hostPin: pins.hostPin, host: dialHost(first.host), port: first.port, meetUser: config.ivr.meetUser })) print(line);
    }
    if (demo !== undefined && first !== undefined) {
      for (const line of dialBanner({ title: 'demo room created (first start)', roomId: demo.room.id, pin: demo.pins.pin, hostPin: demo.pins.hostPin, host: dialHost(first.host), port: first.port, meetUser: config.ivr.meetUser })) print(line);
    }
    logger.info({ sip: sipAddresses, http: http?.address, rtp: `${config.media.rtpPortMin}-${config.media.rtpPortMax}`, rooms: store.listRooms().length }, 'pinbridge listening');

    let resolveClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      resolveClosed = resolve;
    });
    let closing: Promise<void> | undefined;
    const sipRuntime = sip;
    const httpRuntime = http;
    const close = (reason = 'shutdown'): Promise<void> => {
      if (closing !== undefined) return closing;
      isClosing = true;
      closing = (async () => {
        logger.info({ reason, calls: sessions.size }, 'shutting down');
        if (ticker !== undefined) clearInterval(ticker);
        if (rotationTimer !== undefined) clearInterval(rotationTimer);
        live?.close();
        for (const session of [...sessions.values()]) session.hangup(reason);
        // Let the BYE transactions go out (and most 200 OKs come back) before closing sockets.
        await new Promise((resolve) => setTimeout(resolve, sessions.size > 0 || rooms.counts().participants > 0 ? 300 : 100));
        await sipRuntime.close().catch((error: unknown) => logger.warn({ err: String(error) }, 'sip close failed'));
        await httpRuntime?.close().catch((error: unknown) => logger.warn({ err: String(error) }, 'http close failed'));
        await mediaRuntime.close().catch((error: unknown) => logger.warn({ err: String(error) }, 'media close failed'));
        await abuse.close();
        store.close();
        logger.info({ reason }, 'pinbridge stopped');
        resolveClosed();
      })();
      return closing;
    };
    if (deps.handleSignals ?? true) {
      const onSignal = (signal: NodeJS.Signals) => {
        // Exit 0 once closed; a lingering handle must not keep a stopped server alive.
        void close(signal).then(() => setTimeout(() => process.exit(0), 1000).unref());
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      void closed.then(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      });
    }
    return { sipAddresses, httpAddress: http?.address, store, rooms, abuse, counts, close, closed };
  } catch (error) {
    if (ticker !== undefined) clearInterval(ticker);
    if (rotationTimer !== undefined) clearInterval(rotationTimer);
    live?.close();
    await sip?.close().catch(() => undefined);
    await http?.close().catch(() => undefined);
    await media?.close().catch(() => undefined);
    store.close();
    throw error;
  }
}
