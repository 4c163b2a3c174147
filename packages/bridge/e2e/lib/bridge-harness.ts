/**
 * Starts the real bridge in-process for an end-to-end test: a temp data folder, SIP on
 * loopback UDP and TCP at a random port, a random RTP range, admin HTTP on an ephemeral
 * port, logs captured in memory (so tests can assert that no digit reaches them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoomWithPins, loadConfig, provisioningSettings, runServer, type RunningServer } from '../../src/index.js';
import type { RunServerDeps } from '../../src/app/index.js';
import { randomPort } from './sipp.js';

/** One captured log record. */
export interface LogRecord {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A started bridge plus helpers. */
export interface BridgeHarness {
  readonly server: RunningServer;
  readonly sipPort: number;
  readonly dataDir: string;
  readonly workDir: string;
  readonly logs: LogRecord[];
  readonly printed: string[];
  /** Every `pinbridge-audit` line the server wrote. */
  readonly auditLines: string[];
  /** Creates a room with the given PINs (validated by the store). */
  createRoom(options: { id: string; pin: string; hostPin: string; waitForHost?: boolean; maxParticipants?: number }): void;
  /** Waits until `predicate` holds (polling), or throws after `timeoutMs`. */
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a bridge; `yaml` adds config on top of the test defaults. */
export async function startBridge(yaml = '', options: { readonly startMedia?: RunServerDeps['startMedia']; readonly rotationCheckMs?: number } = {}): Promise<BridgeHarness> {
  const workDir = mkdtempSync(join(tmpdir(), 'pinbridge-e2e-'));
  const dataDir = join(workDir, 'data');
  const logs: LogRecord[] = [];
  const printed: string[] = [];
  const auditLines: string[] = [];
  const record = (level: LogRecord['level']) => (fields: Record<string, unknown>, message: string) => {
    logs.push({ level, message, fields });
  };
  const logger = { info: record('info'), warn: record('warn'), error: record('error') };
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const sipPort = randomPort(20000, 9000);
    const rtpPortMin = randomPort(50000, 12000);
    const loaded = loadConfig({
      text: yaml,
      cwd: workDir,
      overrides: { dataDir, sipHost: '127.0.0.1', sipPort, rtpPortMin, rtpPortMax: rtpPortMin + 200, httpHost: '127.0.0.1', httpPort: 0 },
    });
    if (!loaded.ok) throw loaded.error;
    const config = { ...loaded.value, media: { ...loaded.value.media, workers: 1, bindAddress: '127.0.0.1' } };
    try {
      const server = await runServer(config, {
        logger,
        print: (line) => printed.push(line),
        handleSignals: false,
        auditLine: (line) => auditLines.push(line),
        ...(options.startMedia === undefined ? {} : { startMedia: options.startMedia }),
        ...(options.rotationCheckMs === undefined ? {} : { rotationCheckMs: options.rotationCheckMs }),
      });
      const settings = provisioningSettings(config.ivr);
      return {
        server,
        sipPort,
        dataDir,
        workDir,
        logs,
        printed,
        auditLines,
        createRoom(options) {
          const created = createRoomWithPins(
            server.store,
            {
              id: options.id,
              pin: options.pin,
              hostPin: options.hostPin,
              source: 'cli',
              options: { waitForHost: options.waitForHost ?? false, maxParticipants: options.maxParticipants ?? 10 },
            },
            settings,
          );
          if (!created.ok) throw created.error;
        },
        async waitFor(what, predicate, timeoutMs = 20_000) {
          const deadline = Date.now() + timeoutMs;
          while (!predicate()) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        },
        async close() {
          await server.close('test-end');
          rmSync(workDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
