// End-to-end over real UDP on loopback: plain dgram sockets play the phones.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { parseWav } from '../player/index.js';
import { MediaEngine } from './media-engine.js';
import type { EngineDtmfEvent, MediaEngineEvents } from './media-engine.js';
import { RtpPeer, tonePower } from './test-support/index.js';

const PCMU = { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 } as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const portBase = 20000 + 2 * Math.floor(Math.random() * 10000);

function waitFor<K extends 'rtp-timeout' | 'playback-done'>(engine: MediaEngine, event: K, ms: number): Promise<MediaEngineEvents[K][0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const listener = (e: MediaEngineEvents[K][0]): void => {
      clearTimeout(timer);
      resolve(e);
    };
    (engine.once as (name: K, l: typeof listener) => MediaEngine)(event, listener);
  });
}

/** The last `ms` of what a peer received, decoded. */
function tail(peer: RtpPeer, ms: number): Int16Array {
  const pcm = peer.receivedPcm();
  return pcm.subarray(Math.max(0, pcm.length - (ms * 8000) / 1000));
}

async function roomOfThree(t: Test, engine: MediaEngine, roomId: string): Promise<string[]> {
  const tones = [500, 800, 1300];
  const peers = await Promise.all(tones.map(() => RtpPeer.open()));
  t.teardown(() => peers.forEach((p) => p.close()));
  const endpoints = [];
  for (const [i, peer] of peers.entries()) {
    const ep = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: peer.port } });
    endpoints.push(ep);
    peer.startTone(ep.localPort, tones[i] ?? 0);
  }
  for (const ep of endpoints) await engine.joinRoom(ep.endpointId, roomId);
  await sleep(1500);
  for (const [i, peer] of peers.entries()) {
    const audio = tail(peer, 600);
    t.ok(audio.length >= 2400, `peer ${tones[i]} Hz received audio (${audio.length} samples)`);
    const powers = tones.map((hz) => tonePower(audio, hz));
    const own = powers[i] ?? 0;
    for (const [j, power] of powers.entries()) {
      if (j === i) continue;
      t.ok(power > 100 * own, `peer ${tones[i]} Hz hears ${tones[j]} Hz (${power.toFixed(0)}) far above its own (${own.toFixed(1)})`);
      t.ok(power > 1e5, `peer ${tones[i]} Hz hears ${tones[j]} Hz at a real level`);
    }
  }
  return endpoints.map((e) => e.endpointId);
}

t.test('three senders in one room each hear the other two and not themselves', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase, rtpPortMax: portBase + 99 });
  t.teardown(() => engine.close());
  await roomOfThree(t, engine, 'room-a');
});

t.test('a room spanning two workers works', async (t) => {
  const engine = await MediaEngine.start({ workers: 2, bindAddress: '127.0.0.1', rtpPortMin: portBase + 100, rtpPortMax: portBase + 199 });
  t.teardown(() => engine.close());
  const ids = await roomOfThree(t, engine, 'room-x');
  // Least-loaded placement put the three on workers 0, 1, 0: the room (worker 0) spans both.
  t.same(
    ids.map((id) => engine.workerOf(id)),
    [0, 1, 0],
  );
});

t.test('a prompt reaches an endpoint and reports done', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 200, rtpPortMax: portBase + 299 });
  t.teardown(() => engine.close());
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: peer.port } });
  // 600 ms of 1 kHz at 16 kHz: the worker resamples it to 8 kHz once at load.
  const prompt = new Int16Array(9600).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 16000)));
  await engine.loadPrompt('kHz', prompt, 16000);
  const done = waitFor(engine, 'playback-done', 3000);
  const playbackId = await engine.play({ endpointId: ep.endpointId }, [{ kind: 'prompt', name: 'kHz' }]);
  const event = await done;
  t.equal(event.playbackId, playbackId);
  t.equal(event.reason, 'finished');
  const pcm = peer.receivedPcm();
  t.ok(tonePower(pcm, 1000) > 50 * tonePower(pcm, 500), 'the 1 kHz prompt is what the phone heard');
  t.ok(tonePower(pcm, 1000) > 1e5, 'at a real level');
});

t.test('RFC 4733 digits from the latched source arrive; from another source they are dropped', async (t) => {
  const engine = await MediaEngine.start({
    workers: 1,
    bindAddress: '127.0.0.1',
    rtpPortMin: portBase + 300,
    rtpPortMax: portBase + 399,
    statsIntervalMs: 200,
  });
  t.teardown(() => engine.close());
  const phone = await RtpPeer.open();
  const intruder = await RtpPeer.open();
  t.teardown(() => {
    phone.close();
    intruder.close();
  });
  const ep = await engine.createEndpoint({ codec: PCMU, telephoneEventPayloadType: 101, ptimeMs: 20, remote: { address: '127.0.0.1', port: phone.port } });
  const digits: EngineDtmfEvent[] = [];
  engine.on('dtmf', (e) => digits.push(e));
  phone.startTone(ep.localPort, 0);
  await sleep(200);
  await phone.sendDigit(ep.localPort, 101, 5); // '5'
  await intruder.sendDigit(ep.localPort, 101, 9, 6); // '9' from a stranger
  await sleep(400);
  t.same(
    digits.map((d) => [d.digit, d.source, d.endpointId]),
    [['5', 'rfc4733', ep.endpointId]],
  );
  t.ok((engine.endpointStats(ep.endpointId)?.droppedWrongSource ?? 0) >= 6, 'the stranger packets were counted');
  t.equal(engine.endpointStats(ep.endpointId)?.isLatched, true);
});

t.test('RTP inactivity raises rtp-timeout', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 400, rtpPortMax: portBase + 499, rtpTimeoutMs: 300 });
  t.teardown(() => engine.close());
  const ep = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: 9 } });
  const event = await waitFor(engine, 'rtp-timeout', 3000);
  t.equal(event.endpointId, ep.endpointId);
});

t.test('a room recording is a readable WAV of the mix', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pinbridge-rec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 500, rtpPortMax: portBase + 599, recordingsDir: dir });
  t.teardown(() => engine.close());
  const talker = await RtpPeer.open();
  const listener = await RtpPeer.open();
  t.teardown(() => {
    talker.close();
    listener.close();
  });
  const a = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: talker.port } });
  const b = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote: { address: '127.0.0.1', port: listener.port } });
  await engine.joinRoom(a.endpointId, 'rec');
  await engine.joinRoom(b.endpointId, 'rec');
  talker.startTone(a.localPort, 800);
  listener.startTone(b.localPort, 0);
  await engine.startRecording('rec', 'rec.wav');
  await sleep(1000);
  await engine.stopRecording('rec');
  const wav = parseWav(readFileSync(join(dir, 'rec.wav')));
  t.ok(wav.ok, 'the header was fixed on stop');
  if (!wav.ok) return;
  t.equal(wav.value.sampleRateHz, 8000);
  t.ok(wav.value.samples.length >= 4000, `about a second recorded (${wav.value.samples.length} samples)`);
  const tail = wav.value.samples.subarray(wav.value.samples.length - 2400);
  t.ok(tonePower(tail, 800) > 100 * tonePower(tail, 1300), 'the talker is in the recording');
});
