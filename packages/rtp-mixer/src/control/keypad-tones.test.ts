// Keypad tones stay out of the mix (issue 7) over real UDP on loopback: a caller with in-band
// DTMF plays a 350 Hz tone, keys `*9`, then a 2.2 kHz tone; the other callers hear both tones
// and no more than the first ~40 ms of a key. The bridge holds a caller's mic (mutes it) once
// the first menu digit is reported, which for in-band callers is only at key release: the
// engine's own suppression is what keeps that first key out.
import { dtmfFrequencies, type DtmfDigit } from '@pinbridge/dtmf';
import t, { type Test } from 'tap';
import { MediaEngine } from './media-engine.js';
import type { EngineDtmfEvent } from './media-engine.js';
import { RtpPeer, tonePower } from './test-support/index.js';

const PCMU = { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 } as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const portBase = 20000 + 2 * Math.floor(Math.random() * 10000);
const RATE = 8000;
/** Each tone of a pair 13 dB below 0 dBm0 (the pair at -10 dBm0, a typical phone level). */
const DTMF_AMPLITUDE = 22656 * 10 ** (-13 / 20);
const ROWS = [697, 770, 852, 941];
const COLUMNS = [1209, 1336, 1477, 1633];
const BLOCK = 80; // 10 ms
const WINDOW = 160; // 20 ms: the normal tones are measured over longer windows (finer bins)
const LEVEL = 1e5; // Goertzel power (tonePower units) of a tone at a real level

/** What the caller sends, sample by sample: [from ms, to ms, signal]. */
type Segment = readonly [number, number, (i: number) => number];
const sine = (hz: number, amplitude: number) => (i: number) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE);
const key = (digit: DtmfDigit) => {
  const [row, column] = dtmfFrequencies(digit);
  return (i: number) => sine(row, DTMF_AMPLITUDE)(i) + sine(column, DTMF_AMPLITUDE)(i);
};
// The `*` starts 5 ms into a packet, so the detector's blocks do not line up with it.
const SCRIPT: readonly Segment[] = [
  [0, 805, sine(350, 6000)],
  [805, 905, key('*')],
  // 300 ms between keys, a brisk typist: time for the bridge's mute to land before the `9`.
  [1205, 1305, key('9')],
  [1405, 2105, sine(2200, 6000)],
];

function sampleAt(i: number): number {
  const ms = (i * 1000) / RATE;
  for (const [from, to, signal] of SCRIPT) if (ms >= from && ms < to) return Math.round(signal(i));
  return 0;
}

/** Per 10 ms block of `pcm`: whether a DTMF row and column tone are both at a real level. */
function dtmfBlocks(pcm: Int16Array): boolean[] {
  const out: boolean[] = [];
  for (let offset = 0; offset + BLOCK <= pcm.length; offset += BLOCK) {
    const block = pcm.subarray(offset, offset + BLOCK);
    const row = Math.max(...ROWS.map((hz) => tonePower(block, hz)));
    const column = Math.max(...COLUMNS.map((hz) => tonePower(block, hz)));
    out.push(row > LEVEL && column > LEVEL);
  }
  return out;
}

/** Start times (ms into `pcm`) of the 20 ms windows where `hz` is at a real level. */
function toneWindowsMs(pcm: Int16Array, hz: number): number[] {
  const out: number[] = [];
  for (let offset = 0; offset + WINDOW <= pcm.length; offset += WINDOW) {
    if (tonePower(pcm.subarray(offset, offset + WINDOW), hz) > LEVEL) out.push((offset * 1000) / RATE);
  }
  return out;
}

/** Runs of leaked 10 ms blocks (start ms of each block), split where two blocks are > 30 ms apart. */
function leakRuns(pcm: Int16Array): number[][] {
  const runs: number[][] = [];
  dtmfBlocks(pcm).forEach((isTone, index) => {
    if (!isTone) return;
    const ms = index * 10;
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run !== undefined && last !== undefined && ms - last <= 30) run.push(ms);
    else runs.push([ms]);
  });
  return runs;
}

interface Heard {
  readonly digits: EngineDtmfEvent[];
  readonly listeners: Int16Array[];
  readonly keypadFramesDropped: number;
}

/** One room: the keying caller and two listeners; `holdMic` mutes the caller as the bridge does. */
async function keyInRoom(portMin: number, holdMic: boolean): Promise<Heard> {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portMin, rtpPortMax: portMin + 99, statsIntervalMs: 200 });
  const peers = await Promise.all([RtpPeer.open(), RtpPeer.open(), RtpPeer.open()]);
  try {
    const [caller, ...others] = peers;
    if (caller === undefined) throw new Error('no caller');
    const a = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, inbandDtmf: true, remote: { address: '127.0.0.1', port: caller.port } });
    await engine.joinRoom(a.endpointId, 'keys');
    for (const peer of others) {
      const ep = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, inbandDtmf: true, remote: { address: '127.0.0.1', port: peer.port } });
      await engine.joinRoom(ep.endpointId, 'keys');
      peer.startTone(ep.localPort, 0);
    }
    const digits: EngineDtmfEvent[] = [];
    engine.on('dtmf', (e) => {
      digits.push(e);
      // The bridge's menu: `*` starts it (mic held), the second key ends it (mic back).
      if (holdMic && e.endpointId === a.endpointId) void engine.setMute(a.endpointId, e.digit === '*');
    });
    // Lead-in silence while the room settles, then the script, then silence.
    const leadFrames = 25;
    caller.startFrames(a.localPort, (index) => {
      const pcm = new Int16Array(160);
      const start = (index - leadFrames) * 160;
      if (start >= 0) for (let i = 0; i < 160; i++) pcm[i] = sampleAt(start + i);
      return pcm;
    });
    await sleep(leadFrames * 20 + 2105 + 600);
    caller.stop();
    await sleep(500);
    return { digits, listeners: others.map((p) => p.receivedPcm()), keypadFramesDropped: engine.endpointStats(a.endpointId)?.keypadFramesDropped ?? 0 };
  } finally {
    peers.forEach((p) => p.close());
    await engine.close();
  }
}

/** Checks that both normal tones came through, in order; returns where the 350 Hz tone ended. */
function checkNormalTones(t: Test, n: number, pcm: Int16Array): number {
  const before = toneWindowsMs(pcm, 350);
  const after = toneWindowsMs(pcm, 2200);
  t.ok(before.length >= 30, `listener ${n}: hears the 350 Hz tone before the keys (${before.length * 20} ms of 805)`);
  t.ok(after.length >= 25, `listener ${n}: hears the 2.2 kHz tone after the keys (${after.length * 20} ms of 700)`);
  const lastBefore = Math.max(...before);
  t.ok(lastBefore < Math.min(...after), `listener ${n}: in order`);
  return lastBefore + 20;
}

t.test('engine alone: an in-band caller keying *9 is heard before and after; of each key at most its first 40 ms', async (t) => {
  const heard = await keyInRoom(portBase, false);
  t.same(
    heard.digits.map((d) => [d.digit, d.source]),
    [
      ['*', 'inband'],
      ['9', 'inband'],
    ],
    "the caller's keys are still detected",
  );
  for (const [n, pcm] of heard.listeners.entries()) {
    const toneEndMs = checkNormalTones(t, n, pcm);
    const runs = leakRuns(pcm);
    t.ok(runs.length <= 2, `listener ${n}: at most one leak per key (${JSON.stringify(runs)})`);
    for (const run of runs) t.ok(run.length <= 4, `listener ${n}: ${run.length * 10} ms of a key leaked at ${run[0]} ms`);
    // The keys start where the 350 Hz tone ends and 400 ms later.
    t.ok(
      runs.every((run) => [0, 400].some((keyMs) => Math.abs((run[0] ?? 0) - (toneEndMs + keyMs)) <= 40)),
      `listener ${n}: only the starts of the keys leaked (350 Hz ended at ${toneEndMs} ms)`,
    );
  }
  t.ok(heard.keypadFramesDropped >= 12, `the keyed frames were counted (${heard.keypadFramesDropped})`);
});

t.test('with the bridge holding the mic from the first digit: of *9 only the first ~40 ms of the * is heard', async (t) => {
  const heard = await keyInRoom(portBase + 100, true);
  t.same(
    heard.digits.map((d) => d.digit),
    ['*', '9'],
  );
  for (const [n, pcm] of heard.listeners.entries()) {
    const toneEndMs = checkNormalTones(t, n, pcm);
    const leaked = leakRuns(pcm).flat();
    t.ok(leaked.length <= 4, `listener ${n}: at most 40 ms of keypad tone (${leaked.length * 10} ms)`);
    t.ok(
      leaked.every((ms) => Math.abs(ms - toneEndMs) <= 40),
      `listener ${n}: only the start of the * leaked (at ${leaked.join(', ')} ms; 350 Hz ended at ${toneEndMs} ms)`,
    );
  }
});
