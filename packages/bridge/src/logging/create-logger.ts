/**
 * The bridge's logger: pino JSON lines to stdout (PRODUCT.md "Logs"), with redaction of
 * every field that could hold a secret, at the top level and two levels down
 * (SECURITY.md "Logging": no PIN digits anywhere, no tokens).
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** The logger type every bridge component receives. */
export type BridgeLogger = Logger;

/** Log levels, most verbose first. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Field names whose values never reach a log line. */
export const REDACTED_FIELDS: readonly string[] = ['pin', 'hostPin', 'digits', 'secret', 'token', 'authorization', 'password', 'serverKey'];

/** pino redaction paths: each field at the top level, one and two objects deep, and request headers. */
export const REDACT_PATHS: readonly string[] = [
  ...REDACTED_FIELDS,
  ...REDACTED_FIELDS.map((field) => `*.${field}`),
  ...REDACTED_FIELDS.map((field) => `*.*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Default `info`. */
  readonly level?: LogLevel;
  /** Where lines go; stdout by default (tests pass a stream). */
  readonly destination?: DestinationStream;
  /** Bound to every line as `name`. */
  readonly name?: string;
}

/** Creates the JSON-lines logger with redaction and ISO timestamps. */
export function createLogger(options: CreateLoggerOptions = {}): BridgeLogger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name ?? 'pinbridge',
    redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { pid: process.pid },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}
