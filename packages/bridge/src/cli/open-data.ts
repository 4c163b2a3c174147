/**
 * Opens what the operator commands work on: the config (optional file plus `--data`), the
 * server key and the store in the data folder, the same ones `serve` uses, also while it
 * runs (SQLite WAL).
 */
import { configWarnings, loadConfig, type BridgeConfig } from '../config/index.js';
import { loadServerKey } from '../pins/index.js';
import { RoomStore, provisioningSettings, type ProvisioningSettings } from '../store/index.js';
import { CliExit, EXIT, type CliIo } from './cli-io.js';

/** The flags every data command accepts. */
export interface DataFlags {
  readonly config?: string;
  readonly data?: string;
}

/** An open data folder; call `close()` when done. */
export interface OpenData {
  readonly config: BridgeConfig;
  readonly store: RoomStore;
  readonly settings: ProvisioningSettings;
  close(): void;
}

/** Loads the config or ends the command with exit code 2 and the config's message. */
export function loadCliConfig(io: CliIo, flags: DataFlags, overrides: Record<string, string | undefined> = {}): BridgeConfig {
  const cleaned = Object.fromEntries(Object.entries({ dataDir: flags.data, ...overrides }).filter(([, v]) => v !== undefined));
  const loaded = loadConfig({ ...(flags.config !== undefined ? { file: flags.config } : {}), overrides: cleaned, cwd: io.cwd });
  if (!loaded.ok) throw new CliExit(EXIT.usage, loaded.error.message);
  return loaded.value;
}

/** Opens config, key and store; ends the command with exit code 2 or 5 on failure. */
export function openData(io: CliIo, flags: DataFlags): OpenData {
  const config = loadCliConfig(io, flags);
  for (const warning of configWarnings(config)) io.stderr(`warning: ${warning}\n`);
  const key = loadServerKey({ dataDir: config.dataDir, env: io.env });
  if (!key.ok) throw new CliExit(EXIT.data, `server key: ${key.error.message}`);
  const store = RoomStore.open({ dataDir: config.dataDir, key: key.value });
  if (!store.ok) throw new CliExit(EXIT.data, store.error.message);
  const dids = config.trunks.flatMap((trunk) => Object.keys(trunk.dids));
  return {
    config,
    store: store.value,
    settings: provisioningSettings(config.ivr, dids),
    close: () => store.value.close(),
  };
}
