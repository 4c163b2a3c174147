// Runs the sip-parser benchmark in smoke mode and checks its output format.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

t.test('sip-parser benchmark runs in smoke mode and ends with the summary line', async (t) => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--smoke'], { encoding: 'utf8', timeout: 120_000 });
  t.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  t.match(last, /^summary: pinbridge_msgs_per_s=\d+ peer=(sip|sip\.js) peer_msgs_per_s=\d+ ratio=\d+\.\d{2}$/);
  for (const kind of ['INVITE trunk', 'INVITE softphone', '100 Trying', '180 Ringing', '200 OK', 'ACK', 'INFO dtmf-relay', 'BYE', 'whole corpus']) {
    t.match(run.stdout, kind, `table has a row for ${kind}`);
  }
});
