/**
 * The admin API's live actions and the CLI mirrors against the running bridge with real
 * softphones (issue 7 "Live operations"): mute and unmute a talking guest (its tone leaves
 * and comes back in the host's audio), floor with no raised hand (409), recording start/stop
 * (the file is named in the answer and exists), lock, kick with ban (the caller is hung up
 * and cannot rejoin), end (everyone is hung up); `pinbridge rooms roster|mute|kick|end`
 * through `runCli` against the same server.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadAdminToken, runCli } from '../src/index.js';
import { adminRequest, openEventStream } from './lib/admin-client.js';
import { startBridge, type BridgeHarness } from './lib/bridge-harness.js';
import { sleep, startConferencePhone, type ConferencePhone } from './lib/conference-phone.js';

const ROOM = '318405762';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const GUEST_HZ = 1000;

async function join_(bridge: BridgeHarness, phone: ConferencePhone, digits: string): Promise<void> {
  const established = phone.logCount('Call established');
  await phone.dial(ROOM, bridge.sipPort);
  await phone.waitForLog('Call established', { count: established + 1 });
  await sleep(800);
  await phone.keys(digits, 120);
}

async function heard(listener: ConferencePhone, hz: number, ms = 2000): Promise<number> {
  const from = listener.mark();
  await sleep(ms);
  return listener.toneBetween(hz, from, listener.mark());
}

t.test('admin API actions and CLI mirrors on live calls', async (t) => {
  const bridge = await startBridge();
  t.teardown(() => bridge.close());
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });
  const token = loadAdminToken({ dataDir: bridge.dataDir });
  if (!token.ok) throw token.error;
  const port = bridge.server.httpAddress?.port ?? 0;
  const url = `http://127.0.0.1:${port}`;
  const api = (method: string, path: string, body?: unknown) =>
    adminRequest({ port, token: token.value.token, method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['rooms', ...args, '--data', bridge.dataDir, '--url', url], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: bridge.workDir });
    return { code, stdout, stderr };
  };
  const stream = await openEventStream({ port, token: token.value.token, path: '/events' });
  t.teardown(() => stream.close());

  const host = await startConferencePhone({ name: 'host', workDir: bridge.workDir, toneHz: 440 });
  const guest = await startConferencePhone({ name: 'erin', workDir: bridge.workDir, toneHz: GUEST_HZ });
  t.teardown(async () => {
    await host.stop();
    await guest.stop();
  });
  await join_(bridge, host, `*${HOST_PIN}`);
  await bridge.waitFor('host in', () => bridge.server.counts().participants === 1);
  await join_(bridge, guest, PIN);
  await bridge.waitFor('guest in', () => bridge.server.counts().participants === 2);
  await sleep(3500);
  t.ok((await heard(host, GUEST_HZ)) > 0.1, 'the host hears the guest');

  const roster = await cli('roster', ROOM, '--full', '--json');
  t.equal(roster.code, 0, roster.stderr);
  const entries = (JSON.parse(roster.stdout) as { participants: Array<{ callId: string; callerId: string; role: string }> }).participants;
  const guestId = entries.find((e) => e.callerId === 'erin')?.callId ?? '';
  t.ok(guestId !== '', 'the CLI roster lists the guest with its full caller ID');
  const table = await cli('roster', ROOM);
  t.match(table.stdout, /Room 318405762: 2 in the conference\.\n.*CALL.*ROLE/s, 'the table form');

  const muted = await cli('mute', ROOM, guestId);
  t.equal(muted.code, 0, muted.stderr);
  await sleep(2500);
  t.ok((await heard(host, GUEST_HZ)) < 0.02, 'after `rooms mute` the guest is out of the mix');
  const unmuted = await api('POST', `/rooms/${ROOM}/participants/${guestId}/mute`, { muted: false });
  t.match(unmuted, { status: 200, json: { roomId: ROOM, callId: guestId, muted: false } });
  await sleep(2500);
  t.ok((await heard(host, GUEST_HZ)) > 0.1, 'unmuted over the API, it is heard again');

  t.match(await api('POST', `/rooms/${ROOM}/floor`), { status: 409, json: { error: 'no-raised-hand' } }, 'no raised hand: 409');
  t.match(await api('POST', `/rooms/${ROOM}/participants/nope/mute`, { muted: true }), { status: 404, json: { error: 'unknown-call' } });

  const started = await api('POST', `/rooms/${ROOM}/recording`, { recording: true });
  t.match(started, { status: 200, json: { roomId: ROOM, recording: true, file: /^318405762-\d{8}T\d{6}Z\.wav$/ } }, 'recording started, file named');
  await sleep(2000);
  t.match(await api('POST', `/rooms/${ROOM}/recording`, { recording: false }), { status: 200, json: { recording: false } });
  await bridge.waitFor('recording stopped', () => stream.events.some((e) => e.event === 'recording' && e.data['isRecording'] === false), 5000);
  const file = (started.json as { file: string }).file;
  t.ok(existsSync(join(bridge.dataDir, 'recordings', file)), 'the WAV is in the recordings folder');

  t.match(await api('POST', `/rooms/${ROOM}/lock`, { locked: true }), { status: 200, json: { locked: true } });
  t.match((await api('GET', '/rooms')).json, { rooms: [{ roomId: ROOM, locked: true, recording: false, participantCount: 2 }] });
  t.match(await api('POST', `/rooms/${ROOM}/lock`, { locked: false }), { status: 200, json: { locked: false } });

  const kicked = await cli('kick', ROOM, guestId, '--ban');
  t.equal(kicked.code, 0, kicked.stderr);
  await guest.waitForLog('terminated', { timeoutMs: 10_000 });
  await bridge.waitFor('guest removed', () => bridge.server.counts().participants === 1);
  await join_(bridge, guest, PIN);
  await guest.waitForLog('terminated', { count: 2, timeoutMs: 20_000 });
  t.equal(bridge.server.counts().participants, 1, 'the banned guest cannot rejoin');

  const ended = await cli('end', ROOM);
  t.equal(ended.code, 0, ended.stderr);
  await host.waitForLog('terminated', { timeoutMs: 10_000 });
  await bridge.waitFor('everyone gone', () => bridge.server.counts().calls === 0);
  t.equal((await cli('end', ROOM)).code, 4, 'no live conference any more: exit 4');
  t.ok(stream.events.some((e) => e.event === 'ended' && e.data['reason'] === 'operator'), 'the stream saw the operator end it');
  const audit = bridge.server.store.queryAudit({ kind: 'moderation' }).map((r) => r.outcome);
  for (const action of ['mute', 'unmute', 'recording-start', 'lock', 'kick-ban', 'end']) t.ok(audit.includes(action), `operator ${action} audited`);
  // The same trail as the abuse policy's: each row is also a `pinbridge-audit` line, and the
  // kicked guest's leave row says why it left.
  const lines = bridge.auditLines.filter((l) => l.includes('"event":"moderation"') && l.includes('"actor":"admin-api"'));
  for (const action of ['mute', 'unmute', 'lock', 'kick-ban', 'end']) t.ok(lines.some((l) => l.includes(`"action":"${action}"`)), `operator ${action} is an audit line`);
  t.ok(bridge.auditLines.some((l) => l.includes('"event":"leave"') && l.includes('"reason":"removed"')), 'the kicked guest left as removed');
  t.ok(bridge.auditLines.some((l) => l.includes('"event":"leave"') && l.includes('"reason":"operator"')), 'the host left as the operator ended it (the reason the stream showed)');
});
