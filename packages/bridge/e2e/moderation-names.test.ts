/**
 * Name recording end to end (issue 7): in a room with `recordNames` and `announce: name`,
 * a guest whose "voice" is a 1 kHz sine says its name after the tone; once the guest has
 * gone silent, the host's `*8` roll call plays that recording back (the host hears 1 kHz
 * again), and the guest's exit is announced with it. The host skips its own name with `#`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadAdminToken } from '../src/index.js';
import { adminRequest } from './lib/admin-client.js';
import { startBridge } from './lib/bridge-harness.js';
import { sleep, startConferencePhone } from './lib/conference-phone.js';

const ROOM = '294716385';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const HOST_HZ = 440;
const NAME_HZ = 1000;

t.test('recorded names in roll call and exit announcements', async (t) => {
  const bridge = await startBridge();
  t.teardown(() => bridge.close());
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });
  bridge.server.store.updateRoom(ROOM, { options: { recordNames: true, announce: 'name' } });
  const host = await startConferencePhone({ name: 'host', workDir: bridge.workDir, toneHz: HOST_HZ });
  // Dana "talks" for her first 11 s only: long enough to say her name, silent afterwards.
  const dana = await startConferencePhone({ name: 'dana', workDir: bridge.workDir, toneHz: NAME_HZ, toneSeconds: 11 });
  t.teardown(async () => {
    await host.stop();
    await dana.stop();
  });

  await host.dial(ROOM, bridge.sipPort);
  await host.waitForLog('Call established');
  await sleep(800);
  await host.keys(`*${HOST_PIN}`, 120);
  await sleep(1500);
  await host.keys('#');
  await bridge.waitFor('the host skipped its name and joined', () => bridge.server.counts().participants === 1, 15_000);

  await dana.dial(ROOM, bridge.sipPort);
  await dana.waitForLog('Call established');
  const danaTalksUntil = Date.now() + 11_000;
  await sleep(800);
  await dana.keys(PIN, 120);
  await bridge.waitFor('dana recorded her name and joined', () => bridge.server.counts().participants === 2, 20_000);
  t.ok(bridge.logs.some((l) => l.message === 'name recorded'), 'a name was recorded');
  t.same(readdirSync(join(bridge.dataDir, 'names')), [], 'the temporary recording is deleted at once');

  const token = loadAdminToken({ dataDir: bridge.dataDir });
  if (!token.ok) throw token.error;
  const roster = (await adminRequest({ port: bridge.server.httpAddress?.port ?? 0, token: token.value.token, method: 'GET', path: `/rooms/${ROOM}/roster` })).json as {
    participants: Array<{ role: string; hasRecordedName: boolean }>;
  };
  t.same(roster.participants.map((p) => [p.role, p.hasRecordedName]), [['host', false], ['guest', true]], 'the roster flags the recorded name');

  // Past her tone and past the "<name> has joined" announcement.
  await sleep(Math.max(4000, danaTalksUntil + 2000 - Date.now()));
  const quietFrom = host.mark();
  await sleep(1500);
  const quiet = host.toneBetween(NAME_HZ, quietFrom, host.mark());
  t.ok(quiet < 0.02, `dana no longer sends her tone (1 kHz share ${quiet.toFixed(3)})`);

  const rollFrom = host.mark();
  await host.keys('*8');
  await sleep(5000);
  const heard = host.toneBetween(NAME_HZ, rollFrom, host.mark());
  t.ok(heard > 0.05, `the roll call plays dana's recorded name (1 kHz share ${heard.toFixed(3)})`);

  const exitFrom = host.mark();
  await dana.hangup();
  await bridge.waitFor('dana left', () => bridge.server.counts().participants === 1, 10_000);
  await sleep(4000);
  const exit = host.toneBetween(NAME_HZ, exitFrom, host.mark());
  t.ok(exit > 0.05, `her exit is announced with her name (1 kHz share ${exit.toFixed(3)})`);
  await host.hangup();
  await bridge.waitFor('all calls ended', () => bridge.server.counts().calls === 0);
});
