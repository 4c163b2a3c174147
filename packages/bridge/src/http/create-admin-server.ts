/**
 * The admin HTTP server (PRODUCT.md "Admin HTTP API"): fastify on 127.0.0.1 by default,
 * bearer-token auth on every route except `GET /health` (and routes registered with
 * `config: { isPublic: true }`), JSON errors `{ error, reason }`. Later issues add their
 * routes with `registerRoutes` before `listen`, and health details with `addHealthDetails`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { BridgeLogger } from '../logging/index.js';

/** Route-level options this server reads from a route's `config`. */
export interface AdminRouteConfig {
  /** Skip the bearer-token check (only `/health` by default). */
  readonly isPublic?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    isPublic?: boolean;
  }
}

/** A plugin that adds routes to the admin server. */
export type AdminRoutes = (app: FastifyInstance) => void | Promise<void>;

/** Options of {@link createAdminServer}. */
export interface AdminServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The bearer token every non-public request must present. */
  readonly token: string;
  readonly logger?: BridgeLogger;
  /** Routes to register at once. */
  readonly routes?: AdminRoutes;
  /** Largest request body; default 64 KiB. */
  readonly bodyLimitBytes?: number;
  /** Clock for `uptimeS`; `Date.now` by default. */
  readonly nowMs?: () => number;
}

/** Where the server listens. */
export interface AdminAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/** A created (not yet listening) admin server. */
export interface AdminServer {
  /** The fastify instance (for `inject` in tests and for plugins). */
  readonly app: FastifyInstance;
  /** Adds routes; call before `listen`. */
  registerRoutes(routes: AdminRoutes): void;
  /** Adds `name: provide()` to the `/health` body; a throwing provider marks health `degraded`. */
  addHealthDetails(name: string, provide: () => unknown): void;
  listen(): Promise<AdminAddress>;
  close(): Promise<void>;
}

/** Sends the JSON error shape every admin route uses. */
export function sendError(reply: FastifyReply, statusCode: number, error: string, reason: string): FastifyReply {
  return reply.code(statusCode).type('application/json').send({ error, reason });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Creates the admin server; see the file comment. */
export function createAdminServer(options: AdminServerOptions): AdminServer {
  const host = options.host ?? '127.0.0.1';
  const nowMs = options.nowMs ?? Date.now;
  const startedMs = nowMs();
  const expected = digest(options.token);
  const healthDetails = new Map<string, () => unknown>();
  // The pino instance is a FastifyBaseLogger; the cast only drops pino's wider generic type.
  const app = Fastify({
    ...(options.logger !== undefined ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    trustProxy: false,
  }) as unknown as FastifyInstance;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.config.isPublic === true) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(header);
    // Compare fixed-length digests in constant time (OWASP), whatever was sent.
    const presented = digest(match?.[1] ?? '');
    if (!(timingSafeEqual(presented, expected) && match !== null)) {
      void reply.header('www-authenticate', 'Bearer realm="pinbridge"');
      await sendError(reply, 401, 'unauthorized', 'a valid bearer token is required');
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (error.validation !== undefined || (status >= 400 && status < 500)) {
      return sendError(reply, status, status === 413 ? 'too-large' : status === 415 ? 'unsupported-media-type' : 'bad-request', error.message);
    }
    request.log.error({ err: error }, 'admin request failed');
    return sendError(reply, 500, 'internal', 'internal error');
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not-found', 'no such route'));

  app.get('/health', { config: { isPublic: true } }, async () => {
    const details: Record<string, unknown> = {};
    let status: 'ok' | 'degraded' = 'ok';
    for (const [name, provide] of healthDetails) {
      try {
        details[name] = provide();
      } catch {
        details[name] = { error: 'unavailable' };
        status = 'degraded';
      }
    }
    return { status, uptimeS: Math.floor((nowMs() - startedMs) / 1000), ...details };
  });

  if (options.routes !== undefined) void app.register(options.routes);

  return {
    app,
    registerRoutes(routes) {
      void app.register(routes);
    },
    addHealthDetails(name, provide) {
      healthDetails.set(name, provide);
    },
    async listen() {
      await app.listen({ host, port: options.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      return { host, port, url: `http://${urlHost}:${port}` };
    },
    async close() {
      await app.close();
    },
  };
}
