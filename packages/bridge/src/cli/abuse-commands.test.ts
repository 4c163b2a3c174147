import t from 'tap';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScheduledRotation } from '../app/scheduled-rotation.js';
import { loadServerKey } from '../pins/index.js';
import { RoomStore } from '../store/index.js';

// Each command is a fresh process through tsx (about a second each); allow for a busy machine.
t.setTimeout(120_000);

const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const main = join(repoRoot, 'packages/bridge/src/cli/main.ts');
const ROOM = '604918273';
const PIN = '28461937';

function pinbridge(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.PINBRIDGE_SERVER_KEY;
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], { cwd: repoRoot, env, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

t.test('block, one-time PINs, room lock, audit and report from the CLI', async (t) => {
  const data = join(t.testdir(), 'data');
  const created = await pinbridge(['rooms', 'create', '--id', ROOM, '--pin', PIN, '--host-pin', '7305196284', '--data', data]);
  t.equal(created.code, 0, created.stderr);

  const blocked = await pinbridge(['block', 'add', '203.0.113.0/24', '--expires', '2h', '--reason', 'scanner', '--data', data, '--json']);
  t.equal(blocked.code, 0, blocked.stderr);
  t.match(JSON.parse(blocked.stdout), { kind: 'cidr', value: '203.0.113.0/24', reason: 'scanner' });
  const bad = await pinbridge(['block', 'add', 'not-an-address', '--data', data]);
  t.equal(bad.code, 3, 'a bad value is refused');
  t.match(bad.stderr, /value must be an IP address, a CIDR range/);
  const list = await pinbridge(['block', 'list', '--data', data]);
  t.match(list.stdout, /1\tcidr\t203\.0\.113\.0\/24\t\d{4}-/);
  t.equal((await pinbridge(['block', 'remove', '1', '--data', data])).code, 0);
  t.equal((await pinbridge(['block', 'remove', '1', '--data', data])).code, 4, 'removing twice: not found');

  const minted = await pinbridge(['pins', 'one-time', 'mint', ROOM, '--start', '0s', '--end', '1h', '--name', 'Ada', '--data', data]);
  t.equal(minted.code, 0, minted.stderr);
  const oneTime = /One-time PIN (\d{8}) \(id (\d+)\)/.exec(minted.stdout);
  t.ok(oneTime, minted.stdout);
  const listed = await pinbridge(['pins', 'one-time', 'list', ROOM, '--data', data]);
  t.match(listed.stdout, /\tactive\t0\/1\t/);
  t.notOk(listed.stdout.includes(oneTime?.[1] ?? 'none'), 'the list never shows the PIN');
  t.equal((await pinbridge(['pins', 'one-time', 'revoke', oneTime?.[2] ?? '0', '--data', data])).code, 0);
  const badMint = await pinbridge(['pins', 'one-time', 'mint', ROOM, '--start', 'soon', '--end', '1h', '--data', data]);
  t.equal(badMint.code, 3);
  t.match(badMint.stderr, /start must be an ISO time/);

  t.equal((await pinbridge(['rooms', 'lock', ROOM, '--data', data])).code, 0);
  const show = await pinbridge(['rooms', 'show', ROOM, '--data', data, '--json']);
  t.match(show.stdout, /"entryLocked": true/);
  t.equal((await pinbridge(['rooms', 'unlock', ROOM, '--data', data])).code, 0);
  t.equal((await pinbridge(['rooms', 'lock', '111111111', '--data', data])).code, 4);
  t.equal((await pinbridge(['rooms', 'schedule', ROOM, '--window', '2026-12-24T10:00:00Z,2026-12-24T11:00:00Z', '--data', data])).code, 0);

  const audit = await pinbridge(['audit', '--from', '1h', '--data', data, '--json']);
  t.equal(audit.code, 0, audit.stderr);
  const kinds = (JSON.parse(audit.stdout) as Array<{ kind: string }>).map((r) => r.kind);
  for (const kind of ['block-added', 'block-removed', 'one-time-pin-created', 'one-time-pin-revoked', 'moderation', 'room-updated']) t.ok(kinds.includes(kind), `audited: ${kind}`);
  t.notOk(audit.stdout.includes(oneTime?.[1] ?? 'none') || audit.stdout.includes(PIN), 'no PIN in the audit trail');
  t.equal((await pinbridge(['audit', '--from', 'whenever', '--data', data])).code, 3);
  const report = await pinbridge(['report', '--from', '1d', '--data', data]);
  t.equal(report.code, 0, report.stderr);
  t.match(report.stdout, /Failures .* 0\nBy source:\n {2}\(none\)/);
});

t.test('serve refuses a bad policy section before starting anything (exit 2, the field named)', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'policy:\n  source:\n    failuresBeforeLock: 0\n');
  const bad = await pinbridge(['serve', '--config', file, '--data', join(dir, 'data')]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /config: policy\.source\.failuresBeforeLock: must be positive/);
  writeFileSync(file, 'ivr:\n  pinLength: 6\n');
  const weak = await pinbridge(['serve', '--config', file, '--data', join(dir, 'data')]);
  t.equal(weak.code, 2, '6-digit PINs with the default global budget are refused');
  t.match(weak.stderr, /policy\.global\.failuresPerHour: .*safe bound/);
});

t.test('scheduled rotation: rooms schedule-rotation, then rooms pending-pins prints the rotated PINs once', async (t) => {
  const data = join(t.testdir(), 'data');
  t.equal((await pinbridge(['rooms', 'create', '--id', ROOM, '--pin', PIN, '--host-pin', '7305196284', '--data', data])).code, 0);
  const scheduled = await pinbridge(['rooms', 'schedule-rotation', ROOM, '--every', '30d', '--data', data]);
  t.equal(scheduled.code, 0, scheduled.stderr);
  t.match(scheduled.stdout, `Room ${ROOM}: new PINs every 30d.`);
  t.match((await pinbridge(['rooms', 'show', ROOM, '--data', data, '--json'])).stdout, /"rotationIntervalMs": 2592000000/);
  const bad = await pinbridge(['rooms', 'schedule-rotation', ROOM, '--every', 'monthly', '--data', data]);
  t.equal(bad.code, 3, 'a bad interval is refused');
  t.match(bad.stderr, /every must be a duration such as 30d/);
  const none = await pinbridge(['rooms', 'pending-pins', ROOM, '--data', data]);
  t.equal(none.code, 4, 'nothing pending yet');
  t.match(none.stderr, /no pending PINs/);

  // What the running server's timer does 30 days later, on the same data folder.
  const key = loadServerKey({ dataDir: data });
  if (!key.ok) throw key.error;
  const store = RoomStore.open({ dataDir: data, key: key.value });
  if (!store.ok) throw store.error;
  const rotation = new ScheduledRotation({ store: store.value, dataDir: data, settings: { roomIdLength: 9, pinLength: 8, hostPinLength: 10 }, logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, alert: () => undefined });
  t.same(rotation.tick(Date.now() + 31 * 86_400_000), [ROOM]);
  store.value.close();

  const first = await pinbridge(['rooms', 'pending-pins', ROOM, '--data', data]);
  t.equal(first.code, 0, first.stderr);
  const pins = /PIN {12}(\d{8})\n {2}host PIN {7}(\d{10})/.exec(first.stdout);
  t.ok(pins, first.stdout);
  t.not(pins?.[1], PIN, 'a new participant PIN');
  const second = await pinbridge(['rooms', 'pending-pins', ROOM, '--data', data]);
  t.equal(second.code, 4, 'printed once: the file is gone');
  t.notOk(second.stdout.includes(pins?.[1] ?? 'x') || second.stderr.includes(pins?.[1] ?? 'x'), 'never repeated');
  const audit = await pinbridge(['audit', '--data', data, '--json']);
  t.notOk(audit.stdout.includes(pins?.[1] ?? 'x') || audit.stdout.includes(pins?.[2] ?? 'x'), 'no new PIN in the audit trail');
  t.match(audit.stdout, /"outcome": "rotation-scheduled"/);
  t.equal((await pinbridge(['rooms', 'schedule-rotation', ROOM, '--every', 'off', '--data', data])).code, 0);
});
