/**
 * Scheduled PIN rotation in the running bridge (issue 6 "Rotation … on a schedule per room
 * … takes effect at once for new callers; connected callers stay"): a baresip guest is in
 * the room when its rotation comes due; it stays. A second phone with the old PIN is not
 * let in; with the new PIN from `rooms pending-pins` it is. The new PINs appear in no log,
 * audit line or alert, only in the 0600 file the CLI prints once.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../src/index.js';
import { pendingPinsDir } from '../src/app/pending-pins.js';
import { startBridge, type BridgeHarness } from './lib/bridge-harness.js';
import { sleep, startConferencePhone, type ConferencePhone } from './lib/conference-phone.js';

const ROOM = '526093184';
const PIN = '81736450';
const HOST_PIN = '3928174065';

async function join_(bridge: BridgeHarness, phone: ConferencePhone, digits: string): Promise<void> {
  const established = phone.logCount('Call established');
  await phone.dial(ROOM, bridge.sipPort);
  await phone.waitForLog('Call established', { count: established + 1 });
  await sleep(800);
  await phone.keys(digits, 120);
}

t.test('a due room is rotated while a caller is in it; new callers need the new PIN', async (t) => {
  const bridge = await startBridge('', { rotationCheckMs: 200 });
  t.teardown(() => bridge.close());
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });
  const first = await startConferencePhone({ name: 'first', workDir: bridge.workDir, toneHz: 440 });
  const second = await startConferencePhone({ name: 'second', workDir: bridge.workDir, toneHz: 660 });
  t.teardown(async () => {
    await first.stop();
    await second.stop();
  });
  await join_(bridge, first, PIN);
  await bridge.waitFor('the first guest joined', () => bridge.server.counts().participants === 1);

  // A 1 s interval (the CLI allows 1 h at least; the stored option is what the server reads).
  bridge.server.store.updateRoom(ROOM, { options: { rotationIntervalMs: 1000 } });
  const file = join(pendingPinsDir(bridge.dataDir), `${ROOM}.json`);
  await bridge.waitFor('the rotation', () => bridge.logs.some((l) => l.message === 'pins rotated on schedule'), 10_000);
  bridge.server.store.updateRoom(ROOM, { options: { rotationIntervalMs: null } });
  t.equal(statSync(file).mode & 0o777, 0o600, 'the new PINs wait in a 0600 file');
  await sleep(1000);
  t.equal(bridge.server.counts().participants, 1, 'the connected caller stays');

  await join_(bridge, second, PIN);
  await bridge.waitFor('the old PIN refused', () => bridge.auditLines.some((l) => l.includes('"event":"attempt"') && l.includes('"outcome":"failure"')), 15_000);
  t.equal(bridge.server.counts().participants, 1, 'the old PIN lets nobody new in');
  await second.hangup();

  let out = '';
  const code = await runCli(['rooms', 'pending-pins', ROOM, '--data', bridge.dataDir], { stdout: (s) => (out += s), stderr: (s) => (out += s), env: {}, cwd: bridge.workDir });
  t.equal(code, 0, out);
  const pins = /PIN {12}(\d{8})\n {2}host PIN {7}(\d{10})/.exec(out);
  t.ok(pins, out);
  const newPin = pins?.[1] ?? '';
  await sleep(1000);
  await join_(bridge, second, newPin);
  await bridge.waitFor('the new PIN admits the second guest', () => bridge.server.counts().participants === 2, 15_000);
  t.pass('the new PIN works at once');

  const seen = [...bridge.auditLines, ...bridge.logs.map((l) => `${l.message} ${JSON.stringify(l.fields)}`), ...bridge.printed].join('\n');
  for (const secret of [newPin, pins?.[2] ?? '']) {
    for (let i = 0; i + 6 <= secret.length; i++) t.notOk(seen.includes(secret.slice(i, i + 6)), `no window ${i} of a new PIN in logs or audit lines`);
  }
  t.ok(bridge.auditLines.some((l) => l.includes('"cause":"pins-rotated"') && l.includes(`"roomId":"${ROOM}"`)), 'the rotation alert is an audit line');
});
