/**
 * What the CLI reads and writes, injected so commands run in tests without a process:
 * output streams, environment, working directory. Exit codes are part of the CLI's
 * contract (README "CLI").
 */

/** The CLI's outside world. */
export interface CliIo {
  /** Writes to standard output (text includes its own newlines). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Exit codes of `pinbridge`. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** An unexpected failure (a bug, or the server stopped with an error). */
  failure: 1,
  /** Bad command line or invalid config file. */
  usage: 2,
  /** The request was refused: weak PIN, room ID taken, bad value. */
  refused: 3,
  /** The room does not exist. */
  notFound: 4,
  /** The data folder, its server key or its database cannot be used. */
  data: 5,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown inside a command to end it with a message on stderr and an exit code. */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** The real process's IO. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}
