/**
 * End to end with real softphones: three headless baresip instances (two guests, one host;
 * G.711 μ-law and Opus in one room) dial the real bridge on loopback and enter their PINs
 * as RFC 4733 events (`sndcode`). Each phone sends its own sine; what each receives is
 * dumped to WAV by baresip and checked with Goertzel probes:
 * - wait for host: the guests, in first, hear the generated hold music and not each other;
 * - once all three are bridged, each hears the other two and not itself (mix-minus).
 */
import t from 'tap';
import { startBridge, type BridgeHarness } from './lib/bridge-harness.js';
import { startSoftphone, type PhoneCodec, type Softphone } from './lib/baresip.js';
import { tonePower } from './lib/audio.js';

const ROOM = '318405762';
const PIN = '40718265';
const HOST_PIN = '5193842607';

/**
 * Each phone's tone: clear of the hold-music notes (262-587 Hz), the entry/exit tones (523,
 * 784 Hz), the 1000 Hz beep and the DTMF rows and columns (697-941, 1209-1633 Hz).
 */
const PHONES: ReadonlyArray<{ name: string; role: 'guest' | 'host'; codec: PhoneCodec; toneHz: number }> = [
  { name: 'guest-pcmu', role: 'guest', codec: 'pcmu', toneHz: 1100 },
  { name: 'guest-opus', role: 'guest', codec: 'opus', toneHz: 1800 },
  { name: 'host-opus', role: 'host', codec: 'opus', toneHz: 2500 },
];
/** The hold music's arpeggio notes (rtp-mixer's generated music on hold). */
const MUSIC_NOTES_HZ = [262, 294, 330, 349, 392, 440, 523, 587];
const BLOCK_MS = 100;

interface Window {
  readonly from: number;
  readonly to: number;
}

/** The received audio of `phone` between two frame marks, in 100 ms blocks. */
function blocks(phone: Softphone, window: Window): { blocks: Int16Array[]; rate: number } {
  const { samples, sampleRateHz } = phone.receivedAudio();
  const size = (sampleRateHz * BLOCK_MS) / 1000;
  const out: Int16Array[] = [];
  for (let at = window.from; at + size <= Math.min(window.to, samples.length); at += size) out.push(samples.subarray(at, at + size));
  return { blocks: out, rate: sampleRateHz };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN);
}

/** Median share of the block energy at `hz` over the window. */
function toneShare(phone: Softphone, window: Window, hz: number): number {
  const { blocks: list, rate } = blocks(phone, window);
  return median(list.map((b) => tonePower(b, hz, rate)));
}

/** Fraction of blocks that are one hold-music note (most of the block's energy on a note). */
function musicFraction(phone: Softphone, window: Window): number {
  const { blocks: list, rate } = blocks(phone, window);
  if (list.length === 0) return 0;
  const musical = list.filter((b) => Math.max(...MUSIC_NOTES_HZ.map((hz) => tonePower(b, hz, rate))) > 0.5);
  return musical.length / list.length;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

function phasesOf(bridge: BridgeHarness): string[] {
  return (bridge.server.rooms.room(ROOM)?.dump().participants ?? []).map((p) => p.phase);
}

/** The assertion the helper needs (a tap Test has it). */
interface Asserts {
  ok(value: unknown, message: string): unknown;
}

async function dialIn(t: Asserts, bridge: BridgeHarness, phone: Softphone, role: 'guest' | 'host'): Promise<void> {
  await phone.command('dial', `sip:${ROOM}@127.0.0.1:${bridge.sipPort}`);
  await phone.waitForLog('Call established', 15_000);
  // The PIN prompt is playing by now; a digit barges in.
  await sleep(800);
  const reply = await phone.command('sndcode', role === 'host' ? `*${HOST_PIN}` : PIN);
  t.ok(reply?.ok, `${phone.name}: sndcode accepted`);
}

t.test('baresip host and two guests, PCMU and Opus, wait for host', async (t) => {
  const bridge = await startBridge();
  const phones: Softphone[] = [];
  t.teardown(async () => {
    for (const phone of phones) await phone.stop();
    await bridge.close();
  });
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: true });
  for (const spec of PHONES) phones.push(await startSoftphone({ name: spec.name, workDir: bridge.workDir, toneHz: spec.toneHz, codec: spec.codec, seconds: 90 }));
  const [guestPcmu, guestOpus, host] = phones as [Softphone, Softphone, Softphone];

  await dialIn(t, bridge, guestPcmu, 'guest');
  await dialIn(t, bridge, guestOpus, 'guest');
  await bridge.waitFor('both guests holding', () => phasesOf(bridge).filter((p) => p === 'holding').length === 2, 20_000);
  t.equal(bridge.server.rooms.room(ROOM)?.state, 'waiting-for-host', 'the room waits for its host');
  const lobbyFrom = [guestPcmu.receivedFrames(), guestOpus.receivedFrames()];
  // Long enough for the wait-for-host prompt and a good stretch of the music after it.
  await sleep(9000);
  const lobbyTo = [guestPcmu.receivedFrames(), guestOpus.receivedFrames()];
  t.equal(bridge.server.rooms.room(ROOM)?.state, 'waiting-for-host', 'still waiting before the host dials');

  await dialIn(t, bridge, host, 'host');
  await bridge.waitFor('all three bridged', () => phasesOf(bridge).filter((p) => p === 'bridged').length === 3, 30_000);
  t.equal(bridge.server.rooms.room(ROOM)?.state, 'active', 'the host started the room');
  // Past the entry tone and the jitter buffers, then listen for a while.
  await sleep(1000);
  const bridgedFrom = phones.map((p) => p.receivedFrames());
  await sleep(5000);
  const bridgedTo = phones.map((p) => p.receivedFrames());

  [guestPcmu, guestOpus].forEach((guest, i) => {
    const window = { from: lobbyFrom[i] ?? 0, to: lobbyTo[i] ?? 0 };
    const other = i === 0 ? guestOpus : guestPcmu;
    const music = musicFraction(guest, window);
    t.ok(music > 0.3, `${guest.name} hears hold music before the host arrives (${(music * 100).toFixed(0)} % of 100 ms blocks are a music note)`);
    const heardOther = toneShare(guest, window, PHONES[i === 0 ? 1 : 0]?.toneHz ?? 0);
    const heardSelf = toneShare(guest, window, PHONES[i]?.toneHz ?? 0);
    t.ok(heardOther < 0.02, `${guest.name} does not hear ${other.name} while holding (share ${heardOther.toFixed(3)})`);
    t.ok(heardSelf < 0.02, `${guest.name} does not hear itself while holding (share ${heardSelf.toFixed(3)})`);
  });

  phones.forEach((phone, i) => {
    const window = { from: bridgedFrom[i] ?? 0, to: bridgedTo[i] ?? 0 };
    const { blocks: list, rate } = blocks(phone, window);
    t.ok(list.length >= 30, `${phone.name}: ${list.length} blocks of received audio at ${rate} Hz while bridged`);
    PHONES.forEach((spec, j) => {
      const share = toneShare(phone, window, spec.toneHz);
      if (i === j) t.ok(share < 0.02, `${phone.name} does not hear itself (${spec.toneHz} Hz share ${share.toFixed(3)})`);
      else t.ok(share > 0.15, `${phone.name} hears ${spec.name} (${spec.toneHz} Hz share ${share.toFixed(3)})`);
    });
  });

  for (const phone of phones) await phone.command('hangup');
  await bridge.waitFor('every call cleaned up after the phones hang up', () => bridge.server.counts().calls === 0, 15_000);
  t.same(bridge.server.counts(), { calls: 0, ivr: 0, rooms: 0, participants: 0 });
  const joins = bridge.logs.filter((l) => l.message === 'participant joined').map((l) => l.fields['role']);
  t.same(joins, ['guest', 'guest', 'host'], 'two guests then the host joined');
  const text = JSON.stringify(bridge.logs);
  t.notOk(text.includes(PIN) || text.includes(HOST_PIN), 'no PIN in the logs');
});
