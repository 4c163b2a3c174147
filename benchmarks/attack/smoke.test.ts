// Runs the attack benchmark in smoke mode and checks its table and summary-line format.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

t.test('attack benchmark runs in smoke mode and ends with the summary line', async (t) => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--smoke'], { encoding: 'utf8', timeout: 120_000 });
  t.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  t.match(last, /^summary: worst_p30d_pct=\d+\.\d{4} legit_joined=(yes|no)$/);
  for (const row of ['one caller (PSTN)', 'withheld caller ID', '1,000 caller IDs', '100,000 caller IDs (trunk)', 'many source IPs (SIP)']) t.match(run.stdout, row, `table has ${row}`);
});
