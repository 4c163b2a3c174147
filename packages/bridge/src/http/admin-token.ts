/**
 * The admin API's bearer token: from `PINBRIDGE_ADMIN_TOKEN`, or `<dataDir>/admin.token`
 * (created on first start: 32 random bytes, base64url, mode 0600). Never in the config file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BridgeError, err, ok, type Result } from '../config/bridge-error.js';
import { readOrCreateSecretFile, type SecretFileErrorCode } from '../config/index.js';

/** The environment variable that overrides the token file. */
export const ADMIN_TOKEN_ENV = 'PINBRIDGE_ADMIN_TOKEN';
/** The token file's name inside the data folder. */
export const ADMIN_TOKEN_FILE = 'admin.token';
/** Shortest token accepted from the environment or a file. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;

/** Why the token could not be loaded. */
export type AdminTokenErrorCode = 'bad-env-token' | SecretFileErrorCode;

/** A token loading problem; never carries the token. */
export class AdminTokenError extends BridgeError<AdminTokenErrorCode> {
  override readonly name = 'AdminTokenError';
}

/** A loaded token and where it came from (the path is worth printing; the token is not). */
export interface AdminToken {
  readonly token: string;
  readonly source: 'env' | 'file' | 'file-created';
  readonly path: string | undefined;
}

/** Loads or creates the admin token (see the file comment). */
export function loadAdminToken(options: { readonly dataDir: string; readonly env?: NodeJS.ProcessEnv }): Result<AdminToken, AdminTokenError> {
  const fromEnv = (options.env ?? process.env)[ADMIN_TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const token = fromEnv.trim();
    if (!isUsableToken(token)) {
      return err(new AdminTokenError('bad-env-token', `${ADMIN_TOKEN_ENV} must be at least ${ADMIN_TOKEN_MIN_LENGTH} visible ASCII characters`));
    }
    return ok({ token, source: 'env', path: undefined });
  }
  const path = join(options.dataDir, ADMIN_TOKEN_FILE);
  const file = readOrCreateSecretFile(path, () => Buffer.from(`${randomBytes(32).toString('base64url')}\n`, 'utf8'));
  if (!file.ok) return err(new AdminTokenError(file.error.code, file.error.message, { cause: file.error }));
  const token = file.value.bytes.toString('utf8').trim();
  if (!isUsableToken(token)) {
    return err(new AdminTokenError('bad-content', `${path}: must hold at least ${ADMIN_TOKEN_MIN_LENGTH} visible ASCII characters`));
  }
  return ok({ token, source: file.value.created ? 'file-created' : 'file', path });
}

function isUsableToken(token: string): boolean {
  return token.length >= ADMIN_TOKEN_MIN_LENGTH && /^[\x21-\x7e]+$/.test(token);
}
