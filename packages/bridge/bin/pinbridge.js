#!/usr/bin/env node
// The `pinbridge` command. A committed stub rather than dist/cli/main.js itself, so that
// `npm install` links the command before the first build has produced dist/.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('pinbridge: not built yet; run `npm run build` (or `npm start`) in the repository first\n');
  process.exitCode = 1;
}
