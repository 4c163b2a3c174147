/**
 * `pinbridge serve`: parses the flags, loads and validates the config (flags override the
 * file), creates the logger and hands over to the call path's `runServer`, which owns the
 * sockets, prints the first-start banner and handles SIGTERM/SIGINT.
 */
import { Command } from 'commander';
import { parseAbuseSettings } from '../app/abuse-settings.js';
import { configWarnings } from '../config/index.js';
import { createLogger, type BridgeLogger, type LogLevel } from '../logging/index.js';
import { CliExit, EXIT, type CliIo } from './cli-io.js';
import { loadCliConfig } from './open-data.js';

interface ServeFlags {
  readonly config?: string;
  readonly data?: string;
  readonly sipHost?: string;
  readonly sipPort?: string;
  readonly rtpMin?: string;
  readonly rtpMax?: string;
  readonly httpPort?: string;
}

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The logger `serve` uses: JSON lines on stdout at `PINBRIDGE_LOG_LEVEL` (default info). */
export function serveLogger(env: NodeJS.ProcessEnv): BridgeLogger {
  const wanted = env['PINBRIDGE_LOG_LEVEL'];
  return createLogger({ level: LOG_LEVELS.find((level) => level === wanted) ?? 'info' });
}

/** Builds the `serve` command. */
export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description('run the bridge: SIP on UDP and TCP, RTP, the admin HTTP API')
    .option('-c, --config <file>', 'YAML config file (defaults apply without one)')
    .option('-d, --data <dir>', 'data folder (default ./data)')
    .option('--sip-host <address>', 'SIP listen address for UDP and TCP')
    .option('--sip-port <port>', 'SIP listen port for UDP and TCP')
    .option('--rtp-min <port>', 'lowest RTP port')
    .option('--rtp-max <port>', 'highest RTP port')
    .option('--http-port <port>', 'admin HTTP port')
    .action(async (flags: ServeFlags) => {
      const config = loadCliConfig(io, flags, {
        sipHost: flags.sipHost,
        sipPort: flags.sipPort,
        rtpPortMin: flags.rtpMin,
        rtpPortMax: flags.rtpMax,
        httpPort: flags.httpPort,
      });
      // The policy section is checked before any socket or worker starts (exit 2, like any bad config).
      const policy = parseAbuseSettings(config);
      if (!policy.ok) throw new CliExit(EXIT.usage, `config: ${policy.error.message}`);
      const logger = serveLogger(io.env);
      for (const warning of configWarnings(config)) logger.warn({ warning }, 'config warning');
      try {
        // Loaded on demand: the rooms commands should not pay for the SIP and media stack.
        const { runServer } = await import('../app/index.js');
        await runServer(config, { logger });
      } catch (cause) {
        logger.fatal({ err: cause }, 'the server could not start');
        throw new CliExit(EXIT.failure, `serve: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
    });
}
