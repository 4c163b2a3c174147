/**
 * Room moderation options from the CLI: `rooms create` and `rooms update` set them,
 * bad values are refused with the flag and the reason (exit 3), and the server's own
 * parser reads back what was stored.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRoomModerationOptions } from '../app/room-moderation-options.js';
import { roomOptionsFromFlags } from './room-option-flags.js';

t.setTimeout(120_000);

const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const main = join(repoRoot, 'packages/bridge/src/cli/main.ts');
const ROOM = '604918273';

function pinbridge(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.PINBRIDGE_SERVER_KEY;
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], { cwd: repoRoot, env, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

t.test('flags to options: only what was given, validated by the server’s parser', async (t) => {
  t.same(roomOptionsFromFlags({}), { ok: true, value: {} }, 'nothing given, nothing set');
  t.same(roomOptionsFromFlags({ recordNames: true, announce: 'name', autoLock: false, endWhenHostLeaves: true, hostGrace: '60s' }), {
    ok: true,
    value: { recordNames: true, autoLock: false, endWhenHostLeaves: true, announce: 'name', hostGraceMs: 60_000 },
  });
  t.same(roomOptionsFromFlags({ announce: 'loud' }), { ok: false, error: '--announce: must be "tone", "name" or "none"' });
  t.same(roomOptionsFromFlags({ hostGrace: 'soon' }), { ok: false, error: '--host-grace: must be a duration such as 60s or 2m' });
  t.match(roomOptionsFromFlags({ hostGrace: '2h' }), { ok: false, error: /^--host-grace: must be an integer number of milliseconds between 0 and 3600000/ });
  t.match(roomOptionsFromFlags({ announce: 'name', recordNames: false }), { ok: false, error: /needs recorded names/ });
});

t.test('rooms create and rooms update set the options; bad values are refused with the reason', async (t) => {
  const data = join(t.testdir(), 'data');
  const created = await pinbridge(['rooms', 'create', '--id', ROOM, '--record-names', '--announce', 'name', '--auto-lock', '--data', data, '--json']);
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, `"${ROOM}"`, 'created, JSON printed');
  const show = async () => (JSON.parse((await pinbridge(['rooms', 'show', ROOM, '--data', data, '--json'])).stdout) as { options: Record<string, unknown> }).options;
  t.match(await show(), { waitForHost: true, recordNames: true, announce: 'name', autoLock: true });

  const updated = await pinbridge(['rooms', 'update', ROOM, '--no-auto-lock', '--auto-record', '--end-when-host-leaves', '--host-grace', '60s', '--max', '20', '--data', data]);
  t.equal(updated.code, 0, updated.stderr);
  t.match(updated.stdout, /hostGraceMs +60000/);
  const options = await show();
  t.match(options, { recordNames: true, announce: 'name', autoLock: false, autoRecord: true, endWhenHostLeaves: true, hostGraceMs: 60_000, maxParticipants: 20 });
  const parsed = parseRoomModerationOptions(options);
  t.same(parsed.problems, [], 'the server reads them without a problem');
  t.match(parsed.value, { recordNames: true, announce: 'name', autoLock: false, autoRecord: true, endWhenHostLeaves: true, hostGraceMs: 60_000 });

  const bad = await pinbridge(['rooms', 'update', ROOM, '--announce', 'loud', '--data', data]);
  t.equal(bad.code, 3);
  t.match(bad.stderr, 'pinbridge: --announce: must be "tone", "name" or "none"');
  const badCreate = await pinbridge(['rooms', 'create', '--host-grace', 'forever', '--data', data]);
  t.equal(badCreate.code, 3);
  t.match(badCreate.stderr, /--host-grace: must be a duration/);
  const nothing = await pinbridge(['rooms', 'update', ROOM, '--data', data]);
  t.equal(nothing.code, 2, 'an update without changes is a usage error');
  t.equal((await pinbridge(['rooms', 'update', '999999999', '--auto-lock', '--data', data])).code, 4, 'unknown room');
  t.match(await show(), { announce: 'name' }, 'refused updates changed nothing');
});
