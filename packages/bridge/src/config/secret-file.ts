/**
 * Secrets kept as files in the data folder (the PIN server key, the admin token): created on
 * first start with mode 0600 inside a 0700 folder, refused when group or others can read
 * them. SECURITY.md "Storage and compare": the server key never lives in the database or the
 * config file.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BridgeError, err, ok, type Result } from './bridge-error.js';

/** Why a secret file could not be read or created. */
export type SecretFileErrorCode = 'unreadable' | 'insecure-mode' | 'bad-content';

/** A secret file problem; the message names the file, never its content. */
export class SecretFileError extends BridgeError<SecretFileErrorCode> {
  override readonly name = 'SecretFileError';
  constructor(
    code: SecretFileErrorCode,
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${path}: ${detail}`, options);
  }
}

/** Result of {@link readOrCreateSecretFile}: the bytes and whether this call created them. */
export interface SecretFileContent {
  readonly bytes: Buffer;
  readonly created: boolean;
}

/**
 * Reads the secret at `path`, or creates it with `create()` and mode 0600 when it does not
 * exist. The new file is written under a temporary name and hard-linked into place, so two
 * processes starting at once agree on one complete secret.
 */
export function readOrCreateSecretFile(path: string, create: () => Buffer): Result<SecretFileContent, SecretFileError> {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (cause) {
    return err(new SecretFileError('unreadable', path, 'cannot create its folder', { cause }));
  }
  if (existsSync(path)) return readExisting(path);
  const bytes = create();
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
    // The umask could have narrowed the mode but never widened it; make it exact anyway.
    chmodSync(temporary, 0o600);
    linkSync(temporary, path);
  } catch (cause) {
    if (isErrno(cause, 'EEXIST')) return readExisting(path);
    return err(new SecretFileError('unreadable', path, 'cannot create the file', { cause }));
  } finally {
    rmSync(temporary, { force: true });
  }
  return ok({ bytes, created: true });
}

function readExisting(path: string): Result<SecretFileContent, SecretFileError> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    return err(new SecretFileError('unreadable', path, 'cannot open the file', { cause }));
  }
  try {
    const mode = fstatSync(fd).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      return err(new SecretFileError('insecure-mode', path, `mode is 0${mode.toString(8)}, group or others can read it; run chmod 600`));
    }
    return ok({ bytes: readFileSync(fd), created: false });
  } catch (cause) {
    return err(new SecretFileError('unreadable', path, 'cannot read the file', { cause }));
  } finally {
    closeSync(fd);
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}
