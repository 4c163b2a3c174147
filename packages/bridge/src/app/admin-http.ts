/**
 * The admin HTTP listener as the call path needs it: `GET /health` with live counts, on
 * 127.0.0.1 by default. The full admin API (rooms, blocks, audit, /metrics) mounts here
 * from the http module when it lands.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BridgeConfig } from '../config/index.js';
import type { CallLogger } from './ports.js';

/** A started admin listener. */
export interface AdminHttpRuntime {
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/** Starts the listener, or returns undefined when `http.enabled` is false. */
export async function startAdminHttp(config: BridgeConfig, logger: CallLogger, counts: () => Record<string, number> | object): Promise<AdminHttpRuntime | undefined> {
  if (!config.http.enabled) return undefined;
  const startedAt = Date.now();
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && (request.url === '/health' || request.url === '/health/')) {
      const body = JSON.stringify({ status: 'ok', uptimeS: Math.round((Date.now() - startedAt) / 1000), ...counts() });
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(body);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const info = server.address() as AddressInfo;
  logger.info({ host: info.address, port: info.port }, 'admin http listening');
  return {
    address: { host: info.address, port: info.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
