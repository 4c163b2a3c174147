/**
 * The server's structured logger: the logging module's pino JSON lines (with secret
 * redaction) on stdout (PRODUCT.md "Logs"). The call path only ever passes call IDs, room
 * IDs, outcomes and reasons, never digits.
 */
import { createLogger, type LogLevel } from '../logging/index.js';
import type { CallLogger } from './ports.js';

/** What the composition root logs through (pino satisfies it). */
export type ServerLogger = CallLogger;

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The logger at `PINBRIDGE_LOG_LEVEL` (default `info`). */
export function createServerLogger(env: NodeJS.ProcessEnv = process.env): ServerLogger {
  const wanted = env['PINBRIDGE_LOG_LEVEL'];
  const level = LEVELS.find((l) => l === wanted) ?? 'info';
  return createLogger({ level });
}
