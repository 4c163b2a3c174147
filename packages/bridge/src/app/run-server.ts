/**
 * STUB (issue #5, foundation helper): the call-path helper replaces this file with the real
 * composition root. It exists only so `pinbridge serve` compiles before that lands.
 */
import type { BridgeConfig } from '../config/index.js';
import type { BridgeLogger } from '../logging/index.js';

/** What `runServer` needs besides the config. */
export interface RunServerDeps {
  readonly logger: BridgeLogger;
}

/** A started server. */
export interface RunningServer {
  /** Stops accepting calls, ends every call, flushes the store. */
  close(): Promise<void>;
}

/** Starts the bridge. Not implemented in this stub. */
export async function runServer(_config: BridgeConfig, _deps: RunServerDeps): Promise<RunningServer> {
  throw new Error('runServer is not implemented yet');
}
