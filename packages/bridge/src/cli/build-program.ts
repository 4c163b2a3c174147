/**
 * The `pinbridge` command tree (commander 14) over injected IO, and `runCli`, which parses
 * argv and turns every way a command can end into an exit code (see {@link EXIT}).
 */
import { Command, CommanderError } from 'commander';
import { CliExit, EXIT, type CliIo, type ExitCode } from './cli-io.js';
import { addAbuseRoomCommands, auditCommand, blockCommand, locksCommand, pinsCommand, reportCommand } from './abuse-commands.js';
import { addLiveRoomCommands } from './live-rooms-commands.js';
import { roomsCommand } from './rooms-commands.js';
import { serveCommand } from './serve-command.js';

/** Builds the program; commands write through `io` and end by throwing `CliExit`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('pinbridge')
    .description('pinbridge: a dial-in SIP conference bridge with PIN-protected rooms')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  program.addCommand(serveCommand(io));
  program.addCommand(addAbuseRoomCommands(addLiveRoomCommands(roomsCommand(io), io), io));
  for (const command of [pinsCommand(io), blockCommand(io), auditCommand(io), reportCommand(io), locksCommand(io)]) program.addCommand(command);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
      for (const leaf of sub.commands) leaf.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    }
  }
  return program;
}

/**
 * Runs `pinbridge` with `argv` (without the node and script entries) and returns the exit
 * code. Usage errors are 2; `CliExit` carries its own code; anything else is 1.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliExit) {
      io.stderr(`pinbridge: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // Help and version end through exitOverride too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`pinbridge: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
