import t from 'tap';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleFake } from '../admin-api/live-operations-fake.js';
import { registerLiveRoutes } from '../admin-api/index.js';
import { createAdminServer } from '../http/index.js';
import { runCli } from './build-program.js';
import type { CliIo } from './cli-io.js';

const TOKEN = 'cli-live-token-0123456789abcdef';
const ROOM = '583920417';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A real admin server with the live routes over a fake bridge, and a data folder holding its token. */
async function started(t: { teardown(fn: () => unknown): void; testdir(): string }) {
  const fake = sampleFake();
  const server = createAdminServer({ port: 0, token: TOKEN });
  registerLiveRoutes(server, fake);
  t.teardown(() => server.close());
  const address = await server.listen();
  const dir = t.testdir();
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'admin.token'), `${TOKEN}\n`, { mode: 0o600 });
  const flags = ['--data', data, '--url', address.url];
  return { fake, address, dir, data, flags };
}

t.test('rooms roster prints a table with redacted caller IDs, JSON with --json, full with --full', async (t) => {
  const { dir, flags } = await started(t);
  const table = await run(['rooms', 'roster', ROOM, ...flags], dir);
  t.equal(table.code, 0, table.stderr);
  const lines = table.stdout.split('\n');
  t.equal(lines[0], `Room ${ROOM}: 3 in the conference.`);
  t.match(lines[1], /^CALL\s+ROLE\s+NAME\s+CALLER\s+MUTED\s+HAND\s+TALKING\s+JOINED\s+CODEC\s+LOSS\s+JITTER$/);
  t.match(lines[2], /^c-host\s+host\s+Hannah\s+\*\*\*6789\s+no\s+-\s+yes\s+2026-11-23T00:40:00.000Z\s+opus\s+0%\s+3 ms$/);
  t.match(lines[3], /^c-g1\s+guest\s+\(recorded name\)\s+\*\*\*\s+yes\s+1\s+no\s+/);
  t.match(lines[4], /^c-g2\s+guest\s+-\s+anonymous\s+no\s+-\s+no\s+/);
  t.notMatch(table.stdout, '30123456789');
  const json = await run(['rooms', 'roster', ROOM, '--json', '--full', ...flags], dir);
  t.equal(json.code, 0);
  const parsed = JSON.parse(json.stdout) as { roomId: string; participants: Array<{ callId: string; callerId: string | null }> };
  t.equal(parsed.roomId, ROOM);
  t.same(parsed.participants.map((p) => p.callerId), ['+4930123456789', 'sip:alice@example.com', null]);
});

t.test('rooms mute, mute --off, kick, kick --ban and end reach the bridge', async (t) => {
  const { fake, dir, flags } = await started(t);
  const mute = await run(['rooms', 'mute', ROOM, 'c-g2', ...flags], dir);
  t.same([mute.code, mute.stdout], [0, `Call c-g2 in room ${ROOM} muted.\n`]);
  const unmute = await run(['rooms', 'mute', ROOM, 'c-g2', '--off', '--json', ...flags], dir);
  t.same(JSON.parse(unmute.stdout), { roomId: ROOM, callId: 'c-g2', muted: false });
  const kick = await run(['rooms', 'kick', ROOM, 'c-g2', ...flags], dir);
  t.same([kick.code, kick.stdout], [0, `Call c-g2 removed from room ${ROOM}.\n`]);
  const ban = await run(['rooms', 'kick', ROOM, 'c-g1', '--ban', ...flags], dir);
  t.same([ban.code, ban.stdout], [0, `Call c-g1 removed from room ${ROOM} and banned from this meeting.\n`]);
  const end = await run(['rooms', 'end', ROOM, ...flags], dir);
  t.same([end.code, end.stdout], [0, `Conference ${ROOM} ended; everyone was disconnected.\n`]);
  t.same(fake.calls, [`mute ${ROOM} c-g2 true`, `mute ${ROOM} c-g2 false`, `kick ${ROOM} c-g2 ban=false`, `kick ${ROOM} c-g1 ban=true`, `end ${ROOM}`]);
});

t.test('unknown rooms and calls exit 4 with the server reason; bad arguments exit 2', async (t) => {
  const { dir, flags } = await started(t);
  const room = await run(['rooms', 'end', '111222333', ...flags], dir);
  t.same([room.code, room.stderr], [4, 'pinbridge: no live conference 111222333\n']);
  const call = await run(['rooms', 'mute', ROOM, 'c-nobody', ...flags], dir);
  t.same([call.code, call.stderr], [4, `pinbridge: no call c-nobody in room ${ROOM}\n`]);
  const badId = await run(['rooms', 'roster', '12', ...flags], dir);
  t.equal(badId.code, 2);
  t.match(badId.stderr, 'a conference ID is 8-12 digits');
});

t.test('a wrong token exits 3 without printing the token', async (t) => {
  const { dir, flags } = await started(t);
  const wrong = await run(['rooms', 'roster', ROOM, ...flags], dir, { PINBRIDGE_ADMIN_TOKEN: 'not-the-right-token-at-all' });
  t.equal(wrong.code, 3);
  t.match(wrong.stderr, 'the server refused the admin token');
  t.notMatch(wrong.stderr, 'not-the-right-token');
});

t.test('clear errors when the server is not running or the token is missing', async (t) => {
  const { dir, data, address } = await started(t);
  // Find a port nobody listens on: a server that was started and closed again.
  const gone = createAdminServer({ port: 0, token: TOKEN });
  const goneAddress = await gone.listen();
  await gone.close();
  const down = await run(['rooms', 'roster', ROOM, '--data', data, '--url', goneAddress.url], dir);
  t.equal(down.code, 1);
  t.match(down.stderr, `pinbridge: cannot reach the pinbridge server at ${goneAddress.url}`);
  t.match(down.stderr, 'is `pinbridge serve` running');
  const config = join(dir, 'pinbridge.yaml');
  writeFileSync(config, `dataDir: ${data}\nhttp:\n  host: 127.0.0.1\n  port: ${address.port}\n`);
  const viaConfig = await run(['rooms', 'roster', ROOM, '--config', config, '--json'], dir);
  t.equal(viaConfig.code, 0, `host and port come from the config: ${viaConfig.stderr}`);
  const noToken = await run(['rooms', 'roster', ROOM, '--data', join(dir, 'empty'), '--url', address.url], dir);
  t.equal(noToken.code, 5);
  t.match(noToken.stderr, /cannot read the admin token .*admin\.token: start the server once/);
});
