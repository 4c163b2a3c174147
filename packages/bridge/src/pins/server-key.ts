/**
 * The server key under which PINs are hashed (SECURITY.md "Storage and compare"): 32 random
 * bytes kept outside the database and the config file, either in the environment
 * (`PINBRIDGE_SERVER_KEY`, hex or base64) or in `<dataDir>/server.key` (mode 0600, created
 * on first start). Stealing the SQLite file alone then yields nothing to brute-force offline.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { BridgeError, err, ok, type Result } from '../config/bridge-error.js';
import { readOrCreateSecretFile, type SecretFileErrorCode } from '../config/secret-file.js';

/** The environment variable that overrides the key file. */
export const SERVER_KEY_ENV = 'PINBRIDGE_SERVER_KEY';
/** The key file's name inside the data folder. */
export const SERVER_KEY_FILE = 'server.key';
/** Bytes of a generated key; a supplied key must have at least this many. */
export const SERVER_KEY_BYTES = 32;

/** Why the server key could not be loaded. */
export type ServerKeyErrorCode = 'bad-env-key' | SecretFileErrorCode;

/** A key loading problem; names the variable or file, never the key. */
export class ServerKeyError extends BridgeError<ServerKeyErrorCode> {
  override readonly name = 'ServerKeyError';
}

/** Where the key came from, for the startup log line. */
export type ServerKeySource = 'env' | 'file-created' | 'file';

/** An HMAC key that never prints itself (`toJSON`, `toString` and `inspect` are redacted). */
export class ServerKey {
  readonly #bytes: Buffer;

  private constructor(bytes: Buffer, readonly source: ServerKeySource) {
    this.#bytes = Buffer.from(bytes);
  }

  /** Wraps raw key bytes (at least 32). Throws on a short key: a programmer error. */
  static fromBytes(bytes: Uint8Array, source: ServerKeySource = 'env'): ServerKey {
    if (bytes.length < SERVER_KEY_BYTES) throw new ServerKeyError('bad-content', `a server key needs at least ${SERVER_KEY_BYTES} bytes`);
    return new ServerKey(Buffer.from(bytes), source);
  }

  /** HMAC-SHA-256 of `data` under this key. */
  hmac(data: Uint8Array): Buffer {
    return createHmac('sha256', this.#bytes).update(data).digest();
  }

  /** JSON serialisation never includes the key. */
  toJSON(): string {
    return '[REDACTED]';
  }

  /** String conversion never includes the key. */
  toString(): string {
    return '[ServerKey REDACTED]';
  }

  /** `util.inspect` (console, pino's fallback) never includes the key. */
  [inspect.custom](): string {
    return '[ServerKey REDACTED]';
  }
}

/** Where to look for the key. */
export interface LoadServerKeyOptions {
  /** The data folder holding `server.key`. */
  readonly dataDir: string;
  /** The environment; `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Loads the server key: from `PINBRIDGE_SERVER_KEY` when set (64+ hex digits, or base64 of
 * 32+ bytes), else from `<dataDir>/server.key`, creating it (32 random bytes, mode 0600)
 * on first start. A key file that group or others can read is refused.
 */
export function loadServerKey(options: LoadServerKeyOptions): Result<ServerKey, ServerKeyError> {
  const fromEnv = (options.env ?? process.env)[SERVER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const bytes = decodeKeyText(fromEnv.trim());
    if (bytes === undefined) {
      return err(new ServerKeyError('bad-env-key', `${SERVER_KEY_ENV} must be at least ${SERVER_KEY_BYTES} bytes as hex or base64`));
    }
    return ok(ServerKey.fromBytes(bytes, 'env'));
  }
  const path = join(options.dataDir, SERVER_KEY_FILE);
  const file = readOrCreateSecretFile(path, () => randomBytes(SERVER_KEY_BYTES));
  if (!file.ok) return err(new ServerKeyError(file.error.code, file.error.message, { cause: file.error }));
  if (file.value.bytes.length < SERVER_KEY_BYTES) {
    return err(new ServerKeyError('bad-content', `${path}: holds ${file.value.bytes.length} bytes, needs ${SERVER_KEY_BYTES}`));
  }
  return ok(ServerKey.fromBytes(file.value.bytes, file.value.created ? 'file-created' : 'file'));
}

function decodeKeyText(text: string): Buffer | undefined {
  if (/^(?:[0-9a-fA-F]{2})+$/.test(text)) {
    const bytes = Buffer.from(text, 'hex');
    return bytes.length >= SERVER_KEY_BYTES ? bytes : undefined;
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    return bytes.length >= SERVER_KEY_BYTES ? bytes : undefined;
  }
  return undefined;
}
