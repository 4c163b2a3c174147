/**
 * Starts the admin HTTP server (the http module's fastify factory: bearer token on every
 * route but `GET /health`, 127.0.0.1 by default) with the call path's live counts in
 * `/health` as `live` (calls, ivr, rooms, participants) and the media engine's figures as
 * `media` when it reports them.
 */
import type { BridgeConfig } from '../config/index.js';
import { createAdminServer, loadAdminToken, type AdminRoutes } from '../http/index.js';
import type { CallLogger } from './ports.js';

/** A started admin listener. */
export interface AdminHttpRuntime {
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/** Starts the listener, or returns undefined when `http.enabled` is false. */
export async function startAdminHttp(options: {
  readonly config: BridgeConfig;
  readonly logger: CallLogger;
  readonly env?: NodeJS.ProcessEnv;
  readonly health: Readonly<Record<string, () => unknown>>;
  /** Route plugins (several features each bring theirs: live operations, policy). */
  readonly routes?: AdminRoutes | readonly AdminRoutes[];
}): Promise<AdminHttpRuntime | undefined> {
  const { config } = options;
  if (!config.http.enabled) return undefined;
  const token = loadAdminToken({ dataDir: config.dataDir, ...(options.env === undefined ? {} : { env: options.env }) });
  if (!token.ok) throw token.error;
  const server = createAdminServer({ host: config.http.host, port: config.http.port, token: token.value.token });
  const routes = options.routes === undefined ? [] : Array.isArray(options.routes) ? options.routes : [options.routes];
  for (const plugin of routes as readonly AdminRoutes[]) server.registerRoutes(plugin);
  for (const [name, provide] of Object.entries(options.health)) server.addHealthDetails(name, provide);
  const address = await server.listen();
  options.logger.info({ url: address.url }, 'admin http listening');
  return { address: { host: address.host, port: address.port }, close: () => server.close() };
}
