// Runs the dtmf benchmark in smoke mode and checks its output and summary-line format.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

t.test('dtmf benchmark runs in smoke mode and ends with the summary line', async (t) => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--smoke'], { encoding: 'utf8', timeout: 120_000 });
  t.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  t.match(last, /^summary: detection_pct=\d+\.\d talkoff_hits=\d+ inband_us_per_frame=\d+\.\d{2} rfc4733_us_per_packet=\d+\.\d{2}$/);
  for (const row of ['speech (espeak-ng', 'music-like', 'in-band, tone frame', 'RFC 4733 decoder, per packet']) t.match(run.stdout, row, `output has ${row}`);
});
