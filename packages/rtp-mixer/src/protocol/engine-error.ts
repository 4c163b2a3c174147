import type { CommandFailureCode } from './protocol.js';

/** Why an engine request failed. */
export type EngineErrorCode = CommandFailureCode | 'engine-closed' | 'worker-died' | 'request-timeout';

/**
 * The engine's error class: every rejection of a {@link MediaEngine} request is one of these
 * (or a subclass), so callers switch on `code`.
 */
export class EngineError extends Error {
  override readonly name: string = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }
}

/** The engine was closed, or the worker serving the request exited, before it answered. */
export class EngineClosedError extends EngineError {
  override readonly name: string = 'EngineClosedError';
  constructor(code: 'engine-closed' | 'worker-died', detail: string, options?: { cause?: unknown }) {
    super(code, detail, options);
  }
}
