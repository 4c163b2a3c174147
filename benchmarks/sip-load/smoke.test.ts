// Runs the sip-load benchmark in smoke mode (SIPp against the example UAS) and checks its output.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

t.test('sip-load benchmark runs in smoke mode and ends with the summary line', async (t) => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--smoke'], { encoding: 'utf8', timeout: 120_000 });
  t.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  t.match(last, /^summary: max_cps=\d+ failed=\d+ cpu_us_per_call=\d+(\.\d+)?$/);
  t.match(run.stdout, /target_cps\s+achieved_cps/, 'prints the per-rate table');
  t.match(run.stdout, /SIPp shares this \d+-core machine/, 'says SIPp shares the machine');
  const max = Number(/max_cps=(\d+)/.exec(last)?.[1]);
  t.ok(max >= 100, 'the smoke rates (100 and 200 calls/s) pass with 0 failures');
});
