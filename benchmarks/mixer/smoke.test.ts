// Runs the mixer benchmark in smoke mode (networked and --no-network) and checks the output format.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const SUMMARY = /^summary: participants=\d+ codec=(pcmu|pcma|opus|mixed) held=(yes|no) tick_late_p99_ms=\d+\.\d+ loss_pct=\d+\.\d+ cpu_us_per_participant_s=\d+(\.\d+)?$/;

for (const mode of [[], ['--connect-latched'], ['--no-network']]) {
  t.test(`mixer benchmark ${mode.join(' ') || 'networked'} runs in smoke mode and ends with the summary line`, async (t) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--smoke', ...mode], { encoding: 'utf8', timeout: 120_000 });
    t.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    t.match(lines[lines.length - 1] ?? '', SUMMARY);
    t.match(run.stdout, /largest load held in real time: \d+ participants/);
    t.match(run.stdout, /wrote .*\.csv and .*\.svg/);
    if (mode[0] !== '--no-network') {
      // Mixes really came back to the phones (lenient: a loaded CI machine may lose some).
      const pps = /in\/out (\d+\.\d+)\/(\d+\.\d+) pps per participant/.exec(run.stdout);
      t.ok(pps !== null && Number(pps[1]) > 10 && Number(pps[2]) > 10, `packets flowed both ways (${pps?.[0] ?? 'no step line'})`);
    }
  });
}
