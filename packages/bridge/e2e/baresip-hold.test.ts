/**
 * Hold and resume from a real softphone: two baresip phones talk in a room (RTP timeout cut
 * to 2 s); one puts the bridge on hold (baresip sends a re-INVITE with a=sendonly and then
 * stops sending RTP) for three times the timeout, and resumes. The held call must survive,
 * and after the resume the room must hear the holder again (Goertzel on the received WAV).
 */
import t from 'tap';
import { startBridge, type BridgeHarness } from './lib/bridge-harness.js';
import { startSoftphone, type Softphone } from './lib/baresip.js';
import { tonePower } from './lib/audio.js';

const ROOM = '318405762';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const RTP_TIMEOUT_MS = 2000;
const HOLDER_HZ = 1100;
const OTHER_HZ = 1800;

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Median share of the received energy at `hz` in 100 ms blocks between two frame marks. */
function toneShare(phone: Softphone, from: number, to: number, hz: number): number {
  const { samples, sampleRateHz } = phone.receivedAudio();
  const size = sampleRateHz / 10;
  const shares: number[] = [];
  for (let at = from; at + size <= Math.min(to, samples.length); at += size) shares.push(tonePower(samples.subarray(at, at + size), hz, sampleRateHz));
  shares.sort((a, b) => a - b);
  return shares[Math.floor(shares.length / 2)] ?? Number.NaN;
}

async function join(bridge: BridgeHarness, phone: Softphone, digits: string): Promise<void> {
  await phone.command('dial', `sip:${ROOM}@127.0.0.1:${bridge.sipPort}`);
  await phone.waitForLog('Call established', 15_000);
  await sleep(800);
  await phone.command('sndcode', digits);
}

t.test('baresip holds the bridge past the RTP timeout and resumes', async (t) => {
  const bridge = await startBridge(`media:\n  rtpTimeoutMs: ${RTP_TIMEOUT_MS}\n`);
  const phones: Softphone[] = [];
  t.teardown(async () => {
    for (const phone of phones) await phone.stop();
    await bridge.close();
  });
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });
  const holder = await startSoftphone({ name: 'holder-pcmu', workDir: bridge.workDir, toneHz: HOLDER_HZ, codec: 'pcmu', seconds: 60 });
  phones.push(holder);
  const other = await startSoftphone({ name: 'other-opus', workDir: bridge.workDir, toneHz: OTHER_HZ, codec: 'opus', seconds: 60 });
  phones.push(other);
  await join(bridge, holder, PIN);
  await join(bridge, other, `*${HOST_PIN}`);
  const phases = () => (bridge.server.rooms.room(ROOM)?.dump().participants ?? []).map((p) => p.phase);
  await bridge.waitFor('both bridged', () => phases().filter((p) => p === 'bridged').length === 2, 30_000);
  await sleep(1000);
  const before = [other.receivedFrames()];
  await sleep(2000);
  before.push(other.receivedFrames());
  t.ok(toneShare(other, before[0] ?? 0, before[1] ?? 0, HOLDER_HZ) > 0.5, 'before the hold the other phone hears the holder');

  t.ok((await holder.command('hold'))?.ok, 'baresip accepted the hold command');
  await bridge.waitFor('the hold re-INVITE', () => bridge.logs.some((l) => l.message === 'call re-negotiated'), 10_000);
  await sleep(3 * RTP_TIMEOUT_MS);
  t.equal(bridge.server.counts().participants, 2, 'the held caller is still in the room after three times the RTP timeout');
  t.notOk(bridge.logs.some((l) => l.message === 'rtp timeout'), 'no RTP timeout');

  t.ok((await holder.command('resume'))?.ok, 'baresip accepted the resume command');
  await bridge.waitFor('the resume re-INVITE', () => bridge.logs.filter((l) => l.message === 'call re-negotiated').length === 2, 10_000);
  await sleep(1000);
  const after = other.receivedFrames();
  await sleep(3000);
  const otherHears = toneShare(other, after, other.receivedFrames(), HOLDER_HZ);
  t.ok(otherHears > 0.5, `after the resume the other phone hears the holder again (share ${otherHears.toFixed(3)})`);
  // The other direction is not checked here: baresip 1.0.0 stops decoding at its own hold
  // and does not start again after its resume, although the bridge sends to it again
  // (seen with a packet capture on lo: about 50 packets/s to the holder's RTP port).

  const directions = bridge.logs.filter((l) => l.message === 'call re-negotiated').map((l) => l.fields['direction']);
  t.same(directions, ['recvonly', 'sendrecv'], 'answered the hold recvonly, the resume sendrecv');
  for (const phone of phones) await phone.command('hangup');
  await bridge.waitFor('cleanup', () => bridge.server.counts().calls === 0, 15_000);
  const reasons = bridge.logs.filter((l) => l.message === 'call ended').map((l) => l.fields['reason']);
  t.same(reasons, ['remote-bye', 'remote-bye'], 'both calls ended by their own BYE');
});
