import t from 'tap';
import { execFile } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServerKey } from '../pins/index.js';
import { RoomStore } from '../store/index.js';

// Each command is a fresh process through tsx (about a second each); allow for a busy machine.
t.setTimeout(120_000);

// The CLI as an operator runs it: a child process per command, on a temp data folder.
const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const main = join(repoRoot, 'packages/bridge/src/cli/main.ts');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function pinbridge(args: readonly string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.PINBRIDGE_SERVER_KEY;
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], { cwd: repoRoot, env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

function openStore(dataDir: string): RoomStore {
  const key = loadServerKey({ dataDir, env: {} });
  if (!key.ok) throw key.error;
  const store = RoomStore.open({ dataDir, key: key.value });
  if (!store.ok) throw store.error;
  return store.value;
}

t.test('create prints the PINs once; list and show never do', async (t) => {
  const data = join(t.testdir(), 'data');
  const created = await pinbridge(['rooms', 'create', '--name', 'Board', '--data', data]);
  t.equal(created.code, 0, created.stderr);
  const id = /conference ID\s+(\d{9})/.exec(created.stdout)?.[1] ?? '';
  const pin = /\bPIN\s+(\d{8})\b/.exec(created.stdout)?.[1] ?? '';
  const hostPin = /host PIN\s+(\d{10})\b/.exec(created.stdout)?.[1] ?? '';
  t.match(id, /^[1-9]\d{8}$/);
  t.match(pin, /^\d{8}$/);
  t.match(hostPin, /^\d{10}$/);
  t.match(created.stdout, 'shown only this once');
  t.equal(statSync(join(data, 'server.key')).mode & 0o777, 0o600);

  const list = await pinbridge(['rooms', 'list', '--data', data]);
  t.equal(list.code, 0);
  t.match(list.stdout, new RegExp(`${id}\\s+yes\\s+100\\s+set\\s+Board`));
  const show = await pinbridge(['rooms', 'show', id, '--data', data]);
  t.equal(show.code, 0);
  t.match(show.stdout, 'participant PIN   8 digits, active');
  t.match(show.stdout, 'host PIN          10 digits, active');
  const listJson = await pinbridge(['rooms', 'list', '--json', '--data', data]);
  const parsed = JSON.parse(listJson.stdout) as Array<{ id: string; pins: { participant: { length: number } } }>;
  t.equal(parsed[0]?.id, id);
  t.equal(parsed[0]?.pins.participant.length, 8);
  for (const run of [list, show, listJson]) {
    t.notMatch(run.stdout + run.stderr, pin, 'no participant PIN');
    t.notMatch(run.stdout + run.stderr, hostPin, 'no host PIN');
  }
  const store = openStore(data);
  t.teardown(() => store.close());
  t.equal(store.verifyPin(id, 'participant', pin), true, 'the printed PIN opens the room');
  t.equal(store.verifyPin(id, 'host', hostPin), true);
});

t.test('operator-chosen values, JSON output, refusals with reasons and exit codes', async (t) => {
  const data = join(t.testdir(), 'data');
  const weak = await pinbridge(['rooms', 'create', '--id', '583920417', '--pin', '19991231', '--data', data]);
  t.equal(weak.code, 3);
  t.equal(weak.stderr, 'pinbridge: participant PIN refused: rule R7: the PIN reads as a calendar date\n');
  t.notMatch(weak.stdout + weak.stderr, '19991231');
  const good = await pinbridge(['rooms', 'create', '--id', '583920417', '--pin', '61749253', '--host-pin', '8017263945', '--name', 'Sync', '--no-wait-for-host', '--max', '5', '--json', '--data', data]);
  t.equal(good.code, 0, good.stderr);
  const room = JSON.parse(good.stdout) as Record<string, unknown>;
  t.same(room, { id: '583920417', name: 'Sync', options: { waitForHost: false, maxParticipants: 5 }, createdAt: room.createdAt, pin: '61749253', hostPin: '8017263945' });
  const taken = await pinbridge(['rooms', 'create', '--id', '583920417', '--data', data]);
  t.equal(taken.code, 3);
  t.equal(taken.stderr, 'pinbridge: room 583920417 already exists\n');
  const badMax = await pinbridge(['rooms', 'create', '--max', 'many', '--data', data]);
  t.equal(badMax.code, 2);
  t.match(badMax.stderr, "option '--max <n>' argument 'many' is invalid");
  const unknown = await pinbridge(['rooms', 'show', '739104826', '--data', data]);
  t.equal(unknown.code, 4);
  t.equal(unknown.stderr, 'pinbridge: room 739104826 does not exist\n');
  const badId = await pinbridge(['rooms', 'show', '12ab', '--data', data]);
  t.equal(badId.code, 2);
});

t.test('rotate prints new PINs once and works while another process holds the store', async (t) => {
  const data = join(t.testdir(), 'data');
  const created = JSON.parse((await pinbridge(['rooms', 'create', '--json', '--data', data])).stdout) as { id: string; pin: string; hostPin: string };
  const serving = openStore(data); // stands in for a running `serve`
  t.teardown(() => serving.close());
  t.equal(serving.verifyPin(created.id, 'participant', created.pin), true);
  const rotated = await pinbridge(['rooms', 'rotate', created.id, '--json', '--data', data]);
  t.equal(rotated.code, 0, rotated.stderr);
  const fresh = JSON.parse(rotated.stdout) as { pin: string; hostPin: string };
  t.not(fresh.pin, created.pin);
  t.equal(serving.verifyPin(created.id, 'participant', created.pin), false, 'the old PIN is dead at once');
  t.equal(serving.verifyPin(created.id, 'participant', fresh.pin), true);
  t.equal(serving.verifyPin(created.id, 'host', fresh.hostPin), true);
  const kinds = serving.queryAudit({ roomId: created.id }).map((row) => row.kind);
  t.same(kinds, ['pins-rotated', 'room-created']);
  t.notMatch(JSON.stringify(serving.queryAudit()), fresh.pin);
  const text = await pinbridge(['rooms', 'rotate', created.id, '--data', data]);
  t.match(text.stdout, /New PINs set; the old ones no longer work\.\n {2}conference ID {2}\d{9}/);
  const missing = await pinbridge(['rooms', 'rotate', '739104826', '--data', data]);
  t.equal(missing.code, 4);
});

t.test('delete, then the room is gone', async (t) => {
  const data = join(t.testdir(), 'data');
  await pinbridge(['rooms', 'create', '--id', '583920417', '--data', data]);
  const deleted = await pinbridge(['rooms', 'delete', '583920417', '--data', data]);
  t.equal(deleted.code, 0);
  t.equal(deleted.stdout, 'Room 583920417 deleted.\n');
  t.equal((await pinbridge(['rooms', 'show', '583920417', '--data', data])).code, 4);
  t.equal((await pinbridge(['rooms', 'delete', '583920417', '--data', data])).code, 4);
  const empty = await pinbridge(['rooms', 'list', '--data', data]);
  t.equal(empty.stdout, 'No rooms. Create one with `pinbridge rooms create`.\n');
});

t.test('config errors name the field; flags are checked before serve starts', async (t) => {
  const dir = t.testdir();
  const config = join(dir, 'pinbridge.yaml');
  writeFileSync(config, `dataDir: data\nivr:\n  pinLength: abc\n`);
  const bad = await pinbridge(['rooms', 'list', '--config', config]);
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'pinbridge: config: ivr.pinLength: must be an integer between 6 and 12, got "abc"\n');
  const badFlag = await pinbridge(['serve', '--sip-port', 'abc', '--data', join(dir, 'data')]);
  t.equal(badFlag.code, 2);
  t.equal(badFlag.stderr, 'pinbridge: config: --sip-port: must be an integer between 0 and 65535, got "abc"\n');
  writeFileSync(config, `dataDir: data\nivr:\n  pinLength: 9\n  hostPinLength: 11\n`);
  const lengths = JSON.parse((await pinbridge(['rooms', 'create', '--json', '--config', config])).stdout) as { pin: string; hostPin: string };
  t.equal(lengths.pin.length, 9, 'lengths come from the config');
  t.equal(lengths.hostPin.length, 11);
  t.ok(statSync(join(dir, 'data', 'pinbridge.sqlite')).isFile(), 'dataDir resolved against the config file folder');
});

t.test('help and unknown commands', async (t) => {
  const help = await pinbridge(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, 'serve [options]');
  t.match(help.stdout, 'rooms');
  const unknown = await pinbridge(['frobnicate']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, "unknown command 'frobnicate'");
});
