#!/usr/bin/env node
// Runs every tap test file under the given folders (or the given files) (default: all packages and benchmarks)
// and ends with the one summary line CI reads: "N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const folders = process.argv.slice(2);
const roots = (folders.length > 0 ? folders : ['packages', 'benchmarks']).map((f) => resolve(root, f));

function findTests(dir, found) {
  if (!statSync(dir).isDirectory()) {
    found.push(relative(root, dir));
    return found;
  }
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, found);
    else if (name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

const files = roots.flatMap((dir) => findTests(dir, [])).sort();
if (files.length === 0) {
  process.stdout.write('0 passed, 0 failed\n');
  process.exit(0);
}

const tap = spawn(process.execPath, [join(root, 'node_modules/tap/dist/esm/run.mjs'), '--reporter=tap', ...files], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let passed = 0;
let failed = 0;
let pending = '';
// tap ends with "# { total: N, pass: N, fail: N }" over all assertions; echo it in CI's form.
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) countLine(line);
});
function countLine(line) {
  const summary = /^# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/.exec(line);
  if (summary) {
    passed = Number(summary[2]);
    failed = Number(summary[3] ?? 0);
  }
}
tap.on('close', (code) => {
  if (pending) countLine(pending);
  if (code !== 0 && failed === 0) failed = 1;
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(code === 0 ? 0 : 1);
});
