/**
 * Host moderation end to end (issue 7): the real bridge in-process, baresip softphones on
 * loopback sending sines and RFC 4733 keys, and Goertzel probes on what each phone received.
 *
 * One meeting: two guests wait on hold music, the host joins; `*7` locks (a guest is
 * refused, a second host gets in); `*6` self-mute; `*5` mutes a talking guest; `*9` + `*1`
 * gives it the floor back; `*2` records a WAV holding both talkers; `*3` removes the last
 * guest, who cannot rejoin; `##` disconnects everyone. Then automatic host hangup with and
 * without grace, and the admin API over the same server: roster, SSE stream of the real
 * calls, bad input, auth. The roster JSON and the event stream are written to
 * `$TMPDIR/pinbridge-moderation-e2e/` and printed as test comments.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadAdminToken } from '../src/index.js';
import { adminRequest, openEventStream, type EventStreamReader } from './lib/admin-client.js';
import { readWav, tonePower } from './lib/audio.js';
import { startBridge, type BridgeHarness } from './lib/bridge-harness.js';
import { sleep, startConferencePhone, type ConferencePhone } from './lib/conference-phone.js';

const ROOM = '318405762';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const HANGUP_ROOM = '862047153';
const GRACE_ROOM = '736159204';
/** Sines each phone sends: away from the DTMF rows/columns and from each other's harmonics. */
const HZ = { host: 440, alice: 1000, bob: 1850, carol: 600, host2: 2300 } as const;
const PRESENT = 0.1;
const ABSENT = 0.02;
const REPORT_DIR = join(tmpdir(), 'pinbridge-moderation-e2e');

interface Call {
  readonly phone: ConferencePhone;
}

/** Dials the room and types the PIN (`*` + host PIN for hosts) once the PIN prompt plays. */
async function joinRoom(bridge: BridgeHarness, phone: ConferencePhone, room: string, role: 'guest' | 'host'): Promise<Call> {
  const established = phone.logCount('Call established');
  await phone.dial(room, bridge.sipPort);
  await phone.waitForLog('Call established', { count: established + 1 });
  await sleep(800);
  await phone.keys(role === 'host' ? `*${HOST_PIN}` : PIN, 120);
  return { phone };
}

/** Measures what `listener` hears over `ms` from now. */
async function listen(listener: ConferencePhone, ms: number): Promise<{ readonly tone: (hz: number) => number; readonly level: number }> {
  const from = listener.mark();
  await sleep(ms);
  const to = listener.mark();
  return { tone: (hz) => listener.toneBetween(hz, from, to), level: listener.levelBetween(from, to) };
}

/** The largest share of `hz` in any 100 ms block between two marks (short tones). */
function peakTone(phone: ConferencePhone, hz: number, from: number, to: number): number {
  let peak = 0;
  for (let at = from; at + 800 <= to; at += 400) peak = Math.max(peak, phone.toneBetween(hz, at, at + 800));
  return peak;
}

function participants(bridge: BridgeHarness): number {
  return bridge.server.counts().participants;
}

t.test('host moderation with real softphones', async (t) => {
  const bridge = await startBridge();
  t.teardown(() => bridge.close());
  mkdirSync(REPORT_DIR, { recursive: true });
  for (const id of [ROOM, HANGUP_ROOM, GRACE_ROOM]) bridge.createRoom({ id, pin: PIN, hostPin: HOST_PIN, waitForHost: true });
  bridge.server.store.updateRoom(HANGUP_ROOM, { options: { endWhenHostLeaves: true, autoLock: true, autoRecord: true } });
  bridge.server.store.updateRoom(GRACE_ROOM, { options: { endWhenHostLeaves: true, hostGraceMs: 4000 } });
  const token = loadAdminToken({ dataDir: bridge.dataDir });
  if (!token.ok) throw token.error;
  const port = bridge.server.httpAddress?.port ?? 0;
  const api = (method: string, path: string, body?: unknown) =>
    adminRequest({ port, token: token.value.token, method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const stream: EventStreamReader = await openEventStream({ port, token: token.value.token, path: `/events?roomId=${ROOM}` });
  t.teardown(() => stream.close());

  const phones = {
    host: await startConferencePhone({ name: 'host', workDir: bridge.workDir, toneHz: HZ.host }),
    alice: await startConferencePhone({ name: 'alice', workDir: bridge.workDir, toneHz: HZ.alice }),
    bob: await startConferencePhone({ name: 'bob', workDir: bridge.workDir, toneHz: HZ.bob }),
    carol: await startConferencePhone({ name: 'carol', workDir: bridge.workDir, toneHz: HZ.carol }),
    host2: await startConferencePhone({ name: 'host2', workDir: bridge.workDir, toneHz: HZ.host2 }),
  };
  t.teardown(async () => {
    for (const phone of Object.values(phones)) await phone.stop();
  });
  const { host, alice, bob, carol, host2 } = phones;
  const callIdOf = async (name: string): Promise<string> => {
    const roster = (await api('GET', `/rooms/${ROOM}/roster?full=1`)).json as { participants: Array<{ callId: string; callerId: string | null }> };
    const entry = roster.participants.find((p) => p.callerId === name);
    if (entry === undefined) throw new Error(`${name} is not in the roster`);
    return entry.callId;
  };

  await t.test('guests hear hold music until the host joins; then everyone hears the others', async (t) => {
    // One after the other: `*3` removes the guest who joined last (bob).
    await joinRoom(bridge, alice, ROOM, 'guest');
    await bridge.waitFor('alice holding', () => participants(bridge) === 1);
    await joinRoom(bridge, bob, ROOM, 'guest');
    await bridge.waitFor('two guests holding', () => participants(bridge) === 2);
    await sleep(3000);
    const holding = await listen(alice, 2000);
    t.ok(holding.level > 300, `alice hears hold music (RMS ${holding.level.toFixed(0)})`);
    t.ok(holding.tone(HZ.bob) < ABSENT, 'holding guests do not hear each other');
    await joinRoom(bridge, host, ROOM, 'host');
    await bridge.waitFor('the host joins', () => participants(bridge) === 3);
    await sleep(4000);
    const [atHost, atAlice] = await Promise.all([listen(host, 2500), listen(alice, 2500)]);
    t.ok(atHost.tone(HZ.alice) > PRESENT && atHost.tone(HZ.bob) > PRESENT, 'the host hears both guests');
    t.ok(atAlice.tone(HZ.host) > PRESENT && atAlice.tone(HZ.bob) > PRESENT, 'a guest hears the host and the other guest');
    t.ok(atHost.tone(HZ.host) < ABSENT, 'nobody hears itself');
  });

  await t.test('roster of the live call', async (t) => {
    const answer = await api('GET', `/rooms/${ROOM}/roster`);
    t.equal(answer.status, 200);
    const roster = answer.json as { roomId: string; participants: Array<Record<string, unknown>> };
    t.equal(roster.participants.length, 3);
    t.same(roster.participants.map((p) => p['role']).sort(), ['guest', 'guest', 'host']);
    t.ok(roster.participants.every((p) => p['codec'] === 'PCMU' && p['callerId'] === '***'), 'caller IDs redacted (SIP users without digits show ***)');
    t.ok(roster.participants.some((p) => p['isTalking'] === true), 'the engine reports talkers');
    writeFileSync(join(REPORT_DIR, 'roster.json'), JSON.stringify(roster, null, 2) + '\n');
    t.comment(`roster JSON of the live call:\n${JSON.stringify(roster, null, 2)}`);
    const rooms = (await api('GET', '/rooms')).json as { rooms: Array<Record<string, unknown>> };
    t.match(rooms.rooms, [{ roomId: ROOM, participantCount: 3, hasHost: true, locked: false, state: 'active' }]);
  });

  await t.test('*7 locks: a new guest is refused, a new host gets in; *7 again unlocks', async (t) => {
    await host.keys('*7');
    await bridge.waitFor('locked', () => bridge.server.rooms.room(ROOM)?.moderator.locked === true, 5000);
    await joinRoom(bridge, carol, ROOM, 'guest');
    await carol.waitForLog('terminated', { timeoutMs: 20_000 });
    t.equal(participants(bridge), 3, 'the locked room refused the guest');
    t.ok(bridge.logs.some((l) => l.message === 'participant refused'), 'logged as refused');
    await joinRoom(bridge, host2, ROOM, 'host');
    await bridge.waitFor('the second host joins the locked room', () => participants(bridge) === 4);
    await host2.hangup();
    await bridge.waitFor('the second host leaves', () => participants(bridge) === 3);
    await host.keys('*7');
    await bridge.waitFor('unlocked', () => bridge.server.rooms.room(ROOM)?.moderator.locked === false, 5000);
  });

  await t.test('*6 mutes and unmutes oneself; a host key from a guest is refused with the error tone', async (t) => {
    await alice.keys('*6');
    await bridge.waitFor('alice self-muted', () => stream.events.some((e) => e.event === 'mute' && e.data['isMuted'] === true), 5000);
    await sleep(1500);
    const muted = await listen(host, 2000);
    t.ok(muted.tone(HZ.alice) < ABSENT, `alice's tone is gone from the host's audio (${muted.tone(HZ.alice).toFixed(4)})`);
    t.ok(muted.tone(HZ.bob) > PRESENT, 'bob is still heard');
    await alice.keys('*6');
    await sleep(2500);
    const back = await listen(host, 2000);
    t.ok(back.tone(HZ.alice) > PRESENT, 'alice is heard again');
    const refusedFrom = bob.mark();
    await bob.keys('*7');
    await sleep(1500);
    t.equal(bridge.server.rooms.room(ROOM)?.moderator.locked, false, 'a guest cannot lock the room');
    t.ok(bridge.logs.some((l) => l.message === 'moderation refused' && l.fields['role'] === 'guest'), 'the refusal is logged');
    const errorTone = peakTone(bob, 400, refusedFrom, bob.mark());
    const before = peakTone(bob, 400, refusedFrom - 8000 * 3, refusedFrom);
    t.ok(errorTone > 0.15 && before < 0.05, `the guest hears the error tone (400 Hz peak share ${errorTone.toFixed(3)}, before ${before.toFixed(3)})`);
  });

  await t.test('*5 mutes every guest, talking ones included; *9 then *1 gives a guest the floor', async (t) => {
    const before = await listen(host, 1500);
    t.ok(before.tone(HZ.bob) > PRESENT, 'bob is talking');
    await host.keys('*5');
    await sleep(3500);
    const [atHost, atAlice] = await Promise.all([listen(host, 2000), listen(alice, 2000)]);
    t.ok(atHost.tone(HZ.bob) < ABSENT && atHost.tone(HZ.alice) < ABSENT, 'no guest reaches the host');
    t.ok(atAlice.tone(HZ.bob) < ABSENT, "bob's tone is gone from alice's audio too");
    t.ok(atAlice.tone(HZ.host) > PRESENT, 'the host still talks');
    const aliceId = await callIdOf('alice');
    await alice.keys('*9');
    await bridge.waitFor('alice raised a hand', () => bridge.server.rooms.room(ROOM)?.moderator.snapshot().raisedHands.includes(aliceId) === true, 5000);
    const roster = (await api('GET', `/rooms/${ROOM}/roster`)).json as { participants: Array<{ callId: string; handRaised: number | null; isMuted: boolean }> };
    t.match(roster.participants.find((p) => p.callId === aliceId), { handRaised: 1, isMuted: true }, 'the roster shows the raised hand');
    await sleep(2500);
    await host.keys('*1');
    await bridge.waitFor('alice has the floor', () => bridge.server.rooms.room(ROOM)?.moderator.participant(aliceId)?.hasFloor === true, 5000);
    await sleep(2500);
    const floor = await listen(host, 2000);
    t.ok(floor.tone(HZ.alice) > PRESENT, 'the guest with the floor is heard');
    t.ok(floor.tone(HZ.bob) < ABSENT, 'the others stay muted');
  });

  await t.test('*2 records the room to a WAV holding both talkers', async (t) => {
    await host.keys('*2');
    await bridge.waitFor('recording', () => stream.events.some((e) => e.event === 'recording' && e.data['isRecording'] === true), 8000);
    await sleep(4000);
    await host.keys('*2');
    await bridge.waitFor('recording stopped', () => stream.events.some((e) => e.event === 'recording' && e.data['isRecording'] === false), 8000);
    const recordingsDir = join(bridge.dataDir, 'recordings');
    const files = readdirSync(recordingsDir).filter((f) => f.startsWith(`${ROOM}-`) && f.endsWith('.wav'));
    t.equal(files.length, 1, `one recording named by room and UTC time: ${files.join(', ')}`);
    t.match(files[0] ?? '', /^318405762-\d{8}T\d{6}Z\.wav$/);
    const wav = readWav(readFileSync(join(recordingsDir, files[0] ?? '')));
    t.ok(wav.samples.length >= wav.sampleRateHz * 3, 'at least 3 s recorded');
    // Skip the "this call is now being recorded" announcement at the start.
    const talk = wav.samples.subarray(wav.sampleRateHz * 2.5);
    t.ok(tonePower(talk, HZ.host, wav.sampleRateHz) > PRESENT / 2, 'the host is in the recording');
    t.ok(tonePower(talk, HZ.alice, wav.sampleRateHz) > PRESENT / 2, 'the guest with the floor is in the recording');
    t.ok(tonePower(talk, HZ.bob, wav.sampleRateHz) < ABSENT, 'the muted guest is not');
  });

  await t.test('*3 removes the last guest who joined, who cannot rejoin this meeting', async (t) => {
    const terminated = bob.logCount('terminated');
    await host.keys('*3');
    await bob.waitForLog('terminated', { count: terminated + 1, timeoutMs: 15_000 });
    await bridge.waitFor('bob is gone', () => participants(bridge) === 2);
    await joinRoom(bridge, bob, ROOM, 'guest');
    await bob.waitForLog('terminated', { count: terminated + 2, timeoutMs: 20_000 });
    t.equal(participants(bridge), 2, 'the banned caller was refused');
    const audit = bridge.server.store.queryAudit({ kind: 'moderation' });
    t.ok(audit.some((r) => r.outcome === 'ban'), 'the ban is audited');
  });

  await t.test('## ends the conference for everyone', async (t) => {
    await host.keys('##');
    await Promise.all([host.waitForLog('terminated', { timeoutMs: 15_000 }), alice.waitForLog('terminated', { timeoutMs: 15_000 })]);
    await bridge.waitFor('every call ended', () => bridge.server.counts().calls === 0);
    t.same(bridge.server.counts(), { calls: 0, ivr: 0, rooms: 0, participants: 0 });
    await sleep(300);
    const types = stream.events.map((e) => e.event);
    for (const type of ['join', 'lock', 'mute', 'hand', 'floor', 'recording', 'leave', 'ended', 'talking']) t.ok(types.includes(type), `the event stream carried ${type}`);
    const recording = stream.events.find((e) => e.event === 'recording');
    t.match(recording?.data['file'], /^318405762-.*\.wav$/, 'the recording event names the file');
    writeFileSync(join(REPORT_DIR, 'events.txt'), stream.raw());
    t.comment(`SSE stream of the call (${stream.events.length} events):\n${stream.raw().slice(0, 12_000)}`);
  });

  await t.test('automatic host hangup: without grace at once, with grace after it; auto-lock and auto-record on the host', async (t) => {
    // At most two IVR sessions per source address at once (the admission cap): two by two.
    await Promise.all([joinRoom(bridge, alice, HANGUP_ROOM, 'guest'), joinRoom(bridge, carol, GRACE_ROOM, 'guest')]);
    await bridge.waitFor('both guests wait', () => participants(bridge) === 2, 30_000);
    await Promise.all([joinRoom(bridge, host, HANGUP_ROOM, 'host'), joinRoom(bridge, host2, GRACE_ROOM, 'host')]);
    await bridge.waitFor('both rooms have a host and a guest', () => participants(bridge) === 4, 30_000);
    await sleep(2500);
    t.equal(bridge.server.rooms.room(HANGUP_ROOM)?.moderator.locked, true, 'auto-lock when the host joined');
    await bridge.waitFor('auto-record when the host joined', () => readdirSync(join(bridge.dataDir, 'recordings')).some((f) => f.startsWith(`${HANGUP_ROOM}-`)), 5000);
    t.equal(bridge.server.rooms.room(GRACE_ROOM)?.moderator.locked, false, 'a room without the option stays open');
    const aliceEnded = alice.logCount('terminated');
    const carolEnded = carol.logCount('terminated');
    await Promise.all([host.hangup(), host2.hangup()]);
    await alice.waitForLog('terminated', { count: aliceEnded + 1, timeoutMs: 10_000 });
    t.pass('without grace the guest is disconnected when the host leaves');
    await sleep(1000);
    t.equal(carol.logCount('terminated'), carolEnded, 'with a 4 s grace the guest is still in the call');
    t.equal(bridge.server.rooms.room(GRACE_ROOM)?.size, 1);
    await carol.waitForLog('terminated', { count: carolEnded + 1, timeoutMs: 12_000 });
    t.pass('after the grace period the guest is disconnected');
    await bridge.waitFor('all calls ended', () => bridge.server.counts().calls === 0);
  });

  await t.test('admin API on the running server: auth, bad input, unknown room, metrics', async (t) => {
    t.equal((await adminRequest({ port, token: undefined, method: 'GET', path: '/rooms' })).status, 401, 'no token: 401');
    t.equal((await adminRequest({ port, token: 'wrong', method: 'GET', path: `/rooms/${ROOM}/roster` })).status, 401, 'wrong token: 401');
    const bad = await api('POST', `/rooms/${ROOM}/lock`, { locked: 'yes' });
    t.equal(bad.status, 400);
    t.match(bad.json, { error: 'bad-request', reason: /locked/ }, 'the reason names the field');
    t.equal((await api('POST', '/rooms/12/lock', { locked: true })).status, 400, 'a malformed room ID is 400');
    t.match((await api('GET', `/rooms/${ROOM}/roster`)).json, { error: 'unknown-room' }, 'no live conference: 404 unknown-room');
    const metrics = await api('GET', '/metrics');
    t.equal(metrics.status, 200);
    t.match(metrics.text, /pinbridge_joins_total\{role="host"\} [1-9]/, 'joins counted');
    t.match(metrics.text, /pinbridge_rtp_packets_in_total [1-9]/, 'RTP packets counted from the engine');
    t.match(metrics.text, /pinbridge_mixer_tick_lateness_ms_count\{worker="0"\} [1-9]/, 'tick lateness per worker');
    t.notOk(/40718265|5193842607/.test(metrics.text + stream.raw()), 'no PIN in metrics or events');
    const openapi = (await api('GET', '/openapi.json')).json as { paths: Record<string, unknown> };
    t.ok('/rooms/{id}/roster' in openapi.paths, 'the OpenAPI document lists the roster route');
  });
});
