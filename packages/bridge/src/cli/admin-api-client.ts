/**
 * A small HTTP client for the running server's admin API, used by the live `rooms`
 * commands. The URL comes from `--url`, else the config's `http.host`/`http.port` (a
 * wildcard listen address is reached on loopback); the bearer token from
 * `PINBRIDGE_ADMIN_TOKEN`, else `<dataDir>/admin.token`, read only (the CLI never creates
 * it: only `serve` does). Every way a request can fail ends the command with a clear
 * message and exit code; the token never appears in a message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN_ENV, ADMIN_TOKEN_FILE } from '../http/index.js';
import { CliExit, EXIT, type CliIo, type ExitCode } from './cli-io.js';
import { loadCliConfig, type DataFlags } from './open-data.js';

/** Flags of the commands that talk to the server. */
export interface ServerFlags extends DataFlags {
  /** Base URL of the admin API, e.g. `http://127.0.0.1:8089`. */
  readonly url?: string;
}

/** A connected client. */
export interface AdminApiClient {
  readonly baseUrl: string;
  /** Sends a request; returns the parsed JSON body of a 2xx answer, else ends the command. */
  request(method: 'GET' | 'POST', path: string, body?: object): Promise<unknown>;
}

/** How long one request may take before the command gives up. */
const REQUEST_TIMEOUT_MS = 10_000;

function readToken(io: CliIo, dataDir: string): string {
  const fromEnv = io.env[ADMIN_TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new CliExit(EXIT.data, `cannot read the admin token ${path}: start the server once with \`pinbridge serve\` (it creates the token), or set ${ADMIN_TOKEN_ENV}`);
  }
}

function baseUrlFrom(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function exitForStatus(status: number): ExitCode {
  if (status === 404) return EXIT.notFound;
  if (status >= 400 && status < 500) return EXIT.refused;
  return EXIT.failure;
}

/** Builds the client from the flags and the config (see the file comment). */
export function adminApiClient(io: CliIo, flags: ServerFlags): AdminApiClient {
  const config = loadCliConfig(io, flags);
  const token = readToken(io, config.dataDir);
  const baseUrl = (flags.url ?? baseUrlFrom(config.http.host, config.http.port)).replace(/\/+$/, '');
  return {
    baseUrl,
    async request(method, path, body) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        throw new CliExit(EXIT.failure, `cannot reach the pinbridge server at ${baseUrl} (${cause}): is \`pinbridge serve\` running, and are --url or http.host/http.port right?`);
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new CliExit(EXIT.failure, `${baseUrl} answered ${response.status} with a body that is not JSON: is it a pinbridge server?`);
      }
      if (response.ok) return parsed;
      if (response.status === 401) throw new CliExit(EXIT.refused, `the server refused the admin token (is ${ADMIN_TOKEN_FILE} from the same data folder as the server's?)`);
      const reason = typeof parsed === 'object' && parsed !== null && 'reason' in parsed ? String(parsed.reason) : `HTTP ${response.status}`;
      throw new CliExit(exitForStatus(response.status), reason);
    },
  };
}
