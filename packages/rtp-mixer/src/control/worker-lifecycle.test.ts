// The command/event protocol's lifecycle: a worker's death and the engine's close never
// leave a request hanging or an endpoint silently lost.
import t from 'tap';
import { EngineClosedError, EngineError } from '../protocol/index.js';
import { MediaEngine } from './media-engine.js';

const PCMU = { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 } as const;
const portBase = 30000 + 2 * Math.floor(Math.random() * 10000);
const remote = { address: '127.0.0.1', port: 9 };

/** A prompt long enough that resampling it keeps a worker busy for a while. */
const HUGE_PROMPT = new Int16Array(48000 * 120).map((_, i) => (i * 7919) % 20000);

t.test('killing a worker rejects its pending requests and reports its endpoints gone', async (t) => {
  const engine = await MediaEngine.start({ workers: 2, bindAddress: '127.0.0.1', rtpPortMin: portBase, rtpPortMax: portBase + 99, requestTimeoutMs: 30_000 });
  t.teardown(() => engine.close());
  const a = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote });
  const b = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote });
  const c = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote });
  t.same([a, b, c].map((e) => engine.workerOf(e.endpointId)), [0, 1, 0]);
  // b (worker 1) joins a room on worker 0: the room spans both workers.
  await engine.joinRoom(a.endpointId, 'r');
  await engine.joinRoom(b.endpointId, 'r');

  const order: string[] = [];
  engine.on('worker-died', (e) => order.push(`worker-died ${e.workerIndex} rooms=${e.roomIds.join(',')}`));
  engine.on('endpoint-gone', (e) => order.push(`gone ${e.endpointId === a.endpointId ? 'a' : e.endpointId === c.endpointId ? 'c' : '?'} ${e.reason}`));

  // The prompt keeps both workers busy, so the request is certainly pending when worker 0 dies.
  const pending = engine.loadPrompt('huge', HUGE_PROMPT, 48000).then(
    () => 'resolved',
    (error: unknown) => {
      order.push('rejected');
      return error;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  await engine.crashWorker(0);
  const error = await pending;
  t.type(error, EngineClosedError);
  t.equal((error as EngineClosedError).code, 'worker-died');
  t.same(order.slice().sort(), ['gone a worker-died', 'gone c worker-died', 'rejected', 'worker-died 0 rooms=r'].sort());
  t.equal(order[0], 'worker-died 0 rooms=r', 'worker-died comes first');
  t.equal(order.at(-1), 'rejected', 'the pending request rejects after the events');

  // Requests for the lost endpoints fail by name; the surviving worker keeps serving.
  await t.rejects(engine.play({ endpointId: a.endpointId }, [{ kind: 'tone', name: 'beep' }]), { code: 'not-found' });
  t.equal(engine.workerOf(b.endpointId), 1, 'b survives on worker 1');
  await engine.play({ endpointId: b.endpointId }, [{ kind: 'tone', name: 'beep' }]);
  const d = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote });
  t.equal(engine.workerOf(d.endpointId), 1, 'new endpoints go to the live worker');
});

t.test('close rejects pending and later requests with engine-closed', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 100, rtpPortMax: portBase + 199 });
  const died: unknown[] = [];
  engine.on('worker-died', (e) => died.push(e));
  const ep = await engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote });
  const pending = engine.loadPrompt('huge', HUGE_PROMPT, 48000).catch((error: unknown) => error);
  // No wait: the request is still unanswered when close starts, however fast the worker is.
  await engine.close();
  const error = await pending;
  t.type(error, EngineClosedError);
  t.equal((error as EngineError).code, 'engine-closed');
  await t.rejects(engine.play({ endpointId: ep.endpointId }, [{ kind: 'music' }]), { code: 'engine-closed' });
  await t.rejects(engine.createEndpoint({ codec: PCMU, ptimeMs: 20, remote }), { code: 'engine-closed' });
  t.same(died, [], 'a requested close is not a death');
});

t.test('a request the worker cannot answer in time rejects with request-timeout', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 200, rtpPortMax: portBase + 299, requestTimeoutMs: 50 });
  t.teardown(() => engine.close());
  const error = await engine.loadPrompt('huge', HUGE_PROMPT, 48000).catch((e: unknown) => e);
  t.type(error, EngineError);
  t.equal((error as EngineError).code, 'request-timeout');
});

t.test('unknown endpoints and rooms are named in the error', async (t) => {
  const engine = await MediaEngine.start({ workers: 1, bindAddress: '127.0.0.1', rtpPortMin: portBase + 300, rtpPortMax: portBase + 399 });
  t.teardown(() => engine.close());
  await t.rejects(engine.joinRoom('nope', 'r'), { code: 'not-found' });
  await t.rejects(engine.play({ roomId: 'empty' }, [{ kind: 'music' }]), { code: 'not-found' });
  await t.rejects(engine.setMute('nope', true), { code: 'not-found' });
  await t.rejects(engine.loadPrompt('x', new Int16Array(10), 22050), { code: 'bad-request' });
});
