/**
 * Entry point of a media worker thread (loaded from the BUILT `dist/engine/worker-main.js`).
 * Commands are handled strictly one after another, so replies leave in command order on the
 * same channel as events.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isCommand, PROTOCOL_VERSION, type Command, type Reply, type WorkerConfig, type WorkerEvent } from '../protocol/index.js';
import { CommandFailure, MediaWorker } from './media-worker.js';
import { MixClock } from './mix-clock.js';
import { WorkerTick } from './worker-tick.js';

const port = parentPort;
if (port === null) throw new Error('worker-main must run in a worker thread');
const config = workerData as WorkerConfig;
if (config.v !== PROTOCOL_VERSION) throw new Error(`worker protocol ${String(config.v)} is not ${PROTOCOL_VERSION}`);

const post = (event: WorkerEvent): void => port.postMessage({ v: PROTOCOL_VERSION, kind: 'event', event });
const worker = new MediaWorker(config, post);
const tick = new WorkerTick(worker);
const clock = new MixClock((nowMs, scheduledMs) => tick.run(nowMs, scheduledMs));
let queue: Promise<void> = Promise.resolve();

async function answer(command: Command): Promise<void> {
  let reply: Reply;
  try {
    const value = await worker.handle(command);
    reply = { v: PROTOCOL_VERSION, kind: 'reply', reqId: command.reqId, ok: true, value };
  } catch (error) {
    const code = error instanceof CommandFailure ? error.code : 'bad-request';
    reply = { v: PROTOCOL_VERSION, kind: 'reply', reqId: command.reqId, ok: false, code, message: (error as Error).message };
  }
  port?.postMessage(reply);
  if (command.type === 'shutdown') {
    clock.stop();
    port?.close();
  }
}

port.on('message', (message: unknown) => {
  if (!isCommand(message)) {
    const reqId = (message as { reqId?: unknown } | null)?.reqId;
    if (typeof reqId === 'number') {
      port.postMessage({ v: PROTOCOL_VERSION, kind: 'reply', reqId, ok: false, code: 'version-mismatch', message: 'unknown protocol version' });
    }
    return;
  }
  queue = queue.then(() => answer(message));
});

clock.start();
post({ type: 'ready', workerIndex: config.workerIndex });
