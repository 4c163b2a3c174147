// Runs the end-to-end load benchmark in a tiny mode (4 SIPp callers in 2 rooms against the
// real `pinbridge serve`, a 3 s window) and checks its table and summary line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

t.test('load benchmark: 4 callers join, talk, stay up, and the summary says so', async (t) => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--participants', '4', '--size', '2', '--seconds', '3', '--rate', '10', '--smoke'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
  });
  t.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  t.match(last, /^summary: participants=4 held=(yes|no) cpu_us_per_participant_s=\d+ loss_pct=\d+(\.\d+)?$/, 'the exact summary format');
  t.match(last, /held=yes/, `every call joined and stayed up\n${run.stdout.slice(-3000)}`);
  t.match(run.stdout, /participants\s+rooms\s+join_s/, 'prints the step table');
  t.match(run.stdout, /SIPp: 4 successful, 0 failed calls of 4; server exit code 0/, 'SIPp saw every call pass and the server exited cleanly');
  const cpu = Number(/cpu_us_per_participant_s=(\d+)/.exec(last)?.[1]);
  t.ok(cpu > 0, 'the server process used measurable CPU');
  const rtpIn = Number(/^1\s+4\s+2\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\d+)/m.exec(run.stdout)?.[1]);
  t.ok(rtpIn > 4 * 50 * 3 * 0.5, `the bridge received the callers' audio (${rtpIn} packets in the window)`);
});
