export { REDACTED_FIELDS, REDACT_PATHS, createLogger } from './create-logger.js';
export type { BridgeLogger, CreateLoggerOptions, LogLevel } from './create-logger.js';
export { DEFAULT_LOG_FIELD_LENGTH, escapeForLog } from './escape-for-log.js';
