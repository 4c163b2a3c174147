/**
 * Config validation errors: each names the field path and the offending value (redacted for
 * secret-looking fields), e.g. `config: ivr.pinLength: must be an integer between 6 and 12, got "abc"`.
 */
import { BridgeError } from './bridge-error.js';

/** Why a config could not be loaded. */
export type ConfigErrorCode = 'file-unreadable' | 'yaml-syntax' | 'invalid';

/** One problem in the config, located by its field path (`ivr.pinLength`, `trunks[0].cidrs[1]`). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** A config that could not be loaded; `issues` lists every problem found, the message the first. */
export class ConfigError extends BridgeError<ConfigErrorCode> {
  override readonly name = 'ConfigError';
  constructor(
    code: ConfigErrorCode,
    readonly issues: readonly ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super(code, issues.map((issue) => `config: ${issue.path}: ${issue.message}`).join('\n'), options);
  }
}

/** Field names whose values are never echoed (matched on the last path segment, any case). */
const SECRET_FIELD = /(?:^|[._-])(pin|hostpin|host-pin|secret|token|password|key)$/i;

/** True when the value at `path` must be redacted from messages. */
export function isSecretPath(path: string): boolean {
  const last = path.replace(/\[\d+\]$/, '').split('.').pop() ?? '';
  return SECRET_FIELD.test(last) || /pin$/i.test(last);
}

/**
 * Renders a value for an error message: JSON-ish, at most 60 characters, control characters
 * escaped; `[REDACTED]` for secret fields.
 */
export function describeValue(path: string, value: unknown): string {
  if (isSecretPath(path)) return '[REDACTED]';
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (Array.isArray(value)) text = 'a list';
  else if (typeof value === 'object') text = 'a mapping';
  else text = typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
