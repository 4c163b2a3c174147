import { Worker } from 'node:worker_threads';
import t from 'tap';
import { createCodec } from './create-codec.js';
import { OpusCodec, type OpusBackend } from './opus-codec.js';

const tone = (rate: number, n: number, offset = 0): Int16Array =>
  Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * (i + offset)) / rate)));

for (const backend of ['native', 'wasm'] as OpusBackend[]) {
  t.test(`opus ${backend}: encode/decode a tone, PLC sized to one frame`, async (t) => {
    const codec = new OpusCodec({ backend, sampleRateHz: 48000, complexity: 10 });
    t.equal(codec.frameSamples(20), 960);
    let energyIn = 0;
    let energyOut = 0;
    for (let f = 0; f < 10; f++) {
      const pcm = tone(48000, 960, f * 960);
      const packet = codec.encode(pcm);
      t.ok(packet.length > 2 && packet.length < 200, `packet ${packet.length} bytes`);
      const out = codec.decode(packet);
      t.equal(out.length, 960);
      if (f >= 5) for (let i = 0; i < 960; i++) {
        energyIn += (pcm[i] ?? 0) ** 2;
        energyOut += (out[i] ?? 0) ** 2;
      }
    }
    const ratioDb = 10 * Math.log10(energyOut / energyIn);
    t.ok(Math.abs(ratioDb) < 3, `decoded level within 3 dB of the input (${ratioDb.toFixed(2)} dB)`);
    const plc = codec.conceal();
    t.equal(plc.length, 960, 'PLC is one frame');
    t.ok(plc.some((s) => s !== 0), 'PLC continues the tone rather than silence');
    codec.close();
  });
}

t.test('createCodec by SDP name', async (t) => {
  t.equal(createCodec('PCMU').name, 'PCMU');
  t.equal(createCodec('PCMA').clockRateHz, 8000);
  const opus = createCodec('opus', { sampleRateHz: 16000 });
  t.equal(opus.clockRateHz, 48000);
  t.equal(opus.frameSamples(20), 320);
  opus.close();
});

t.test('@discordjs/opus loads and works inside worker_threads', async (t) => {
  const worker = new Worker(new URL('../../fixtures/opus/opus-in-worker.mjs', import.meta.url));
  const result = await new Promise<{ packetBytes: number; decodedSamples: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  t.ok(result.packetBytes > 2);
  t.equal(result.decodedSamples, 960);
});
