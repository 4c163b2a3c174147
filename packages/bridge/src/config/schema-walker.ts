/**
 * A tiny hand-written schema walker for the config file: each reader checks one value,
 * records an issue naming the field path when it is wrong, and returns the parsed value or
 * `undefined`. Walking on after an issue lets one run report every problem.
 */
import { describeValue, type ConfigIssue } from './config-error.js';

/** Collects issues while a config is walked. */
export class IssueSink {
  readonly issues: ConfigIssue[] = [];

  /** Records "`path`: `expectation`, got `value`". */
  invalid(path: string, expectation: string, value: unknown): undefined {
    this.issues.push({ path, message: `${expectation}, got ${describeValue(path, value)}` });
    return undefined;
  }

  /** Records a message without the value. */
  add(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }
}

/** Joins a parent path and a key (`ivr` + `pinLength` → `ivr.pinLength`). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** A plain mapping with only the allowed keys; unknown keys are issues (typos must not pass silently). */
export function readMapping(
  value: unknown,
  path: string,
  sink: IssueSink,
  allowedKeys: readonly string[] | 'any',
): Readonly<Record<string, unknown>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return sink.invalid(path === '' ? '(top level)' : path, 'must be a mapping', value);
  }
  const record = value as Record<string, unknown>;
  if (allowedKeys !== 'any') {
    for (const key of Object.keys(record)) {
      if (!allowedKeys.includes(key)) {
        sink.add(childPath(path, key), `unknown field (allowed here: ${allowedKeys.join(', ')})`);
      }
    }
  }
  return record;
}

/** An integer in [min, max]. Numeric strings are accepted (CLI flags arrive as text). */
export function readInteger(value: unknown, path: string, sink: IssueSink, min: number, max: number): number | undefined {
  const number = typeof value === 'string' && /^-?[0-9]+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    return sink.invalid(path, `must be an integer between ${min} and ${max}`, value);
  }
  return number;
}

/** A boolean. */
export function readBoolean(value: unknown, path: string, sink: IssueSink): boolean | undefined {
  if (typeof value !== 'boolean') return sink.invalid(path, 'must be true or false', value);
  return value;
}

/** A string matching `pattern`; `expectation` says what was wanted. */
export function readString(value: unknown, path: string, sink: IssueSink, pattern: RegExp, expectation: string): string | undefined {
  if (typeof value !== 'string' || !pattern.test(value)) return sink.invalid(path, expectation, value);
  return value;
}

/** A list whose items each go through `readItem`; `undefined` when the list itself is wrong. */
export function readList<T>(
  value: unknown,
  path: string,
  sink: IssueSink,
  readItem: (item: unknown, itemPath: string) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) return sink.invalid(path, 'must be a list', value);
  const items: T[] = [];
  value.forEach((item: unknown, index) => {
    const parsed = readItem(item, childPath(path, index));
    if (parsed !== undefined) items.push(parsed);
  });
  return items;
}

/** `value` read with `read` when present, else `fallback`. */
export function withDefault<T>(value: unknown, fallback: T, read: (value: unknown) => T | undefined): T {
  if (value === undefined) return fallback;
  return read(value) ?? fallback;
}
