export { buildProgram, runCli } from './build-program.js';
export { CliExit, EXIT, processIo } from './cli-io.js';
export type { CliIo, ExitCode } from './cli-io.js';
export { serveLogger } from './serve-command.js';
