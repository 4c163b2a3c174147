#!/usr/bin/env node
/** The `pinbridge` executable (package.json `bin`). */
import { runCli } from './build-program.js';
import { processIo } from './cli-io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
