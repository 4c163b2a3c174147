/**
 * The server's structured logger: pino JSON lines on stdout (PRODUCT.md "Logs"). The call
 * path only ever passes call IDs, room IDs, outcomes and reasons, never digits.
 */
import { pino } from 'pino';
import type { CallLogger } from './ports.js';

/** What the composition root logs through (pino satisfies it). */
export type ServerLogger = CallLogger;

/** A pino logger at `level` (default `info`, or `PINBRIDGE_LOG_LEVEL`). */
export function createServerLogger(level = process.env['PINBRIDGE_LOG_LEVEL'] ?? 'info'): ServerLogger {
  return pino({ level, base: { service: 'pinbridge' } });
}
