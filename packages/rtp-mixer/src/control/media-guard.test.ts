// The media guard over real UDP on loopback (SECURITY.md, RTP row): a flood from the latched
// source is capped per stream, and a second source copying the caller's SSRC, payload types and
// digits never gets a packet or a digit in. media-engine.test.ts has the single stranger digit.
import t from 'tap';
import { MediaEngine } from './media-engine.js';
import type { EngineDtmfEvent } from './media-engine.js';
import { RtpPeer, tonePower } from './test-support/index.js';

const PCMU = { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 } as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const portBase = 20000 + 2 * Math.floor(Math.random() * 10000);

/** The last `ms` of what a peer received, decoded. */
function tail(peer: RtpPeer, ms: number): Int16Array {
  const pcm = peer.receivedPcm();
  return pcm.subarray(Math.max(0, pcm.length - (ms * 8000) / 1000));
}

type Stats = NonNullable<ReturnType<MediaEngine['endpointStats']>>;

/**
 * An endpoint's counters taken after this call: the second `stats` event from now (the first
 * may have been taken before the call).
 */
function freshStats(engine: MediaEngine, endpointId: string): Promise<Stats> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error(`no stats for ${endpointId}`)), 5000);
    const listener = (): void => {
      const stats = engine.endpointStats(endpointId);
      if (stats === undefined || ++seen < 2) return;
      clearTimeout(timer);
      engine.off('stats', listener);
      resolve(stats);
    };
    engine.on('stats', listener);
  });
}

t.test('a 2,000 pps flood from the latched source is capped; the mix and the other callers carry on', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase, rtpPortMax: portBase + 99, statsIntervalMs: 100 });
  t.teardown(() => engine.close());
  const [flooder, talker, listener] = await Promise.all([RtpPeer.open(), RtpPeer.open(), RtpPeer.open()]);
  t.teardown(() => [flooder, talker, listener].forEach((p) => p?.close()));
  if (flooder === undefined || talker === undefined || listener === undefined) return;
  const a = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: flooder.port } });
  const b = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: talker.port } });
  const c = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: listener.port } });
  for (const ep of [a, b, c]) await engine.joinRoom(ep.endpointId, 'flood');
  flooder.startTone(a.localPort, 500);
  talker.startTone(b.localPort, 800);
  listener.startTone(c.localPort, 0);
  await sleep(600);
  flooder.stop();
  const before = await freshStats(engine, a.endpointId);
  t.equal(before.isLatched, true, 'the flooder is the latched source');
  t.equal(before.droppedRateCap, 0, 'nothing was capped at 50 pps');
  const talkerBefore = await freshStats(engine, b.endpointId);

  // 40 in-sequence packets every 20 ms: 2,000 pps from the latched address.
  const floodStartMs = performance.now();
  const sentBefore = flooder.sentCount;
  let ts = 0;
  const flood = setInterval(() => {
    for (let i = 0; i < 40; i++) {
      flooder.sendRaw(flooder.packet(0, ts, flooder.toneFrame(500)), a.localPort);
      ts = (ts + 160) >>> 0;
    }
  }, 20);
  const listenerBefore = listener.received.length;
  await sleep(1500);
  clearInterval(flood);
  const heardDuringFlood = tail(listener, 600);
  const packetsToListener = listener.received.length - listenerBefore;
  const floodSent = flooder.sentCount - sentBefore;
  await sleep(300);
  const afterMs = performance.now();
  const after = await freshStats(engine, a.endpointId);
  const accepted = after.packetsReceived - before.packetsReceived;
  const elapsedS = (afterMs - floodStartMs) / 1000;
  t.ok(floodSent >= 1000, `the flood was sent (${floodSent} packets)`);
  // The token bucket's bound: a quarter second of burst plus 200 pps for the time elapsed.
  t.ok(accepted <= 50 + 200 * elapsedS + 5, `at most 200 pps got through (${accepted} in ${elapsedS.toFixed(2)} s)`);
  t.ok(after.droppedRateCap >= floodSent / 2, `the excess was dropped and counted (${after.droppedRateCap} of ${floodSent})`);
  t.ok(after.droppedRateCap + accepted <= floodSent, 'only flood packets were counted');
  t.equal(after.isLatched, true, 'the flooder is still the latched source');

  const talkerAfter = await freshStats(engine, b.endpointId);
  t.equal(talkerAfter.droppedRateCap, 0, 'the other caller lost nothing to the cap');
  t.ok(talkerAfter.packetsReceived - talkerBefore.packetsReceived >= 40, 'the other caller kept streaming in');
  t.ok(packetsToListener >= 40, `the mix kept running for the listener (${packetsToListener} packets in 1.5 s)`);
  t.ok(tonePower(heardDuringFlood, 800) > 1e5, 'the listener still hears the other talker during the flood');
});

t.test('engine options name a bad packet-rate cap', async (t) => {
  await t.rejects(
    MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 100, rtpPortMax: portBase + 199, maxPacketsPerSecond: 0 }),
    /maxPacketsPerSecond/,
  );
});

for (const connectLatchedRtp of [false, true]) {
  t.test(`a second source copying the caller's SSRC, payload types and digits gets nothing in (connectLatchedRtp ${connectLatchedRtp})`, async (t) => {
    const base = portBase + (connectLatchedRtp ? 300 : 200);
    const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: base, rtpPortMax: base + 99, statsIntervalMs: 100, connectLatchedRtp });
    t.teardown(() => engine.close());
    const [caller, attacker, listener] = await Promise.all([RtpPeer.open(), RtpPeer.open(), RtpPeer.open()]);
    t.teardown(() => [caller, attacker, listener].forEach((p) => p?.close()));
    if (caller === undefined || attacker === undefined || listener === undefined) return;
    const a = await engine.createEndpoint({ codec: PCMU, telephoneEventPayloadType: 101, ptimeMs: 20, remote: { address: '127.0.0.1', port: caller.port } });
    const b = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: listener.port } });
    await engine.joinRoom(a.endpointId, 'guarded');
    await engine.joinRoom(b.endpointId, 'guarded');
    const digits: EngineDtmfEvent[] = [];
    engine.on('dtmf', (e) => digits.push(e));
    caller.startTone(a.localPort, 500);
    listener.startTone(b.localPort, 0);
    await sleep(400);

    // Every 20 ms: 10 in-sequence 1300 Hz audio packets and RFC 4733 '9' and '5' events, all
    // with the caller's SSRC and payload types, from another port of the same address.
    let ts = 0;
    let eventTs = 0;
    const telephoneEvent = (code: number, duration: number, isEnd: boolean): Uint8Array =>
      new Uint8Array([code, (isEnd ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
    let tick = 0;
    const attack = setInterval(() => {
      for (let i = 0; i < 10; i++) {
        attacker.sendRaw(attacker.packet(0, ts, attacker.toneFrame(1300), false, caller.ssrc), a.localPort);
        ts = (ts + 160) >>> 0;
      }
      // A new event every 5 ticks, alternating the caller's digit 5 and a 9, end bit on the last.
      const step = tick % 5;
      if (step === 0) eventTs = (eventTs + 800) >>> 0;
      const code = Math.floor(tick / 5) % 2 === 0 ? 9 : 5;
      attacker.sendRaw(attacker.packet(101, eventTs, telephoneEvent(code, 160 * (step + 1), step === 4), step === 0, caller.ssrc), a.localPort);
      tick++;
    }, 20);
    await sleep(300);
    const listenerFrom = listener.received.length;
    await caller.sendDigit(a.localPort, 101, 5);
    await sleep(200);
    await caller.sendDigit(a.localPort, 101, 1);
    await sleep(600);
    clearInterval(attack);
    const attackSent = attacker.sentCount;
    const heard = listener.receivedPcm().subarray(0);
    await sleep(300);
    const stats = await freshStats(engine, a.endpointId);

    t.same(
      digits.map((d) => [d.digit, d.source, d.endpointId]),
      [
        ['5', 'rfc4733', a.endpointId],
        ['1', 'rfc4733', a.endpointId],
      ],
      "the caller's digits arrive, the attacker's never",
    );
    t.ok(stats.packetsReceived <= caller.sentCount, `no foreign packet was accepted (${stats.packetsReceived} accepted, the caller sent ${caller.sentCount})`);
    t.equal(stats.isLatched, true);
    t.equal(stats.droppedRateCap, 0, "the attacker spent none of the caller's packet-rate budget");
    if (connectLatchedRtp) t.pass('the kernel drops the strangers before the port: not counted');
    else t.ok(stats.droppedWrongSource >= attackSent / 2, `the strangers were counted (${stats.droppedWrongSource} of ${attackSent})`);
    const during = heard.subarray(Math.max(0, listenerFrom * 160));
    t.ok(during.length >= 4000, `the listener kept receiving the mix (${during.length} samples)`);
    t.ok(tonePower(during, 500) > 1e5, 'the listener hears the caller');
    t.ok(tonePower(during, 500) > 1000 * tonePower(during, 1300), "the attacker's audio never reached the mix");
  });
}
