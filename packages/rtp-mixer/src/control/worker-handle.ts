/**
 * The main thread's side of one media worker: sends commands with request ids, matches
 * replies, times requests out, and on exit rejects every pending request (never leaves a
 * promise hanging).
 */
import { Worker } from 'node:worker_threads';
import {
  EngineClosedError,
  EngineError,
  isWorkerMessage,
  PROTOCOL_VERSION,
  type CommandBody,
  type ReplyValue,
  type WorkerConfig,
  type WorkerEvent,
} from '../protocol/index.js';

interface Pending {
  readonly resolve: (value: ReplyValue) => void;
  readonly reject: (error: EngineError) => void;
  readonly timer: NodeJS.Timeout;
}

/** Callbacks a handle reports to. */
export interface WorkerHandleSink {
  event(workerIndex: number, event: WorkerEvent): void;
  /** The worker exited (or failed) without being asked to. */
  died(workerIndex: number, error: Error | undefined, exitCode: number): void;
}

export class WorkerHandle {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextReqId = 1;
  private isClosing = false;
  isAlive = true;
  /** Endpoints placed here (for least-loaded placement). */
  endpointCount = 0;
  readonly ready: Promise<void>;

  constructor(
    entry: URL,
    readonly config: WorkerConfig,
    private readonly requestTimeoutMs: number,
    private readonly sink: WorkerHandleSink,
  ) {
    this.worker = new Worker(entry, { workerData: config });
    let markReady: () => void = () => undefined;
    let failStart: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    let lastError: Error | undefined;
    this.worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.kind === 'event') {
        if (message.event.type === 'ready') markReady();
        this.sink.event(config.workerIndex, message.event);
        return;
      }
      const pending = this.pending.get(message.reqId);
      if (pending === undefined) return; // timed out already
      this.pending.delete(message.reqId);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new EngineError(message.code, message.message));
    });
    this.worker.on('error', (error: Error) => {
      lastError = error;
    });
    this.worker.on('exit', (exitCode: number) => {
      this.isAlive = false;
      const reason = this.isClosing ? 'engine-closed' : 'worker-died';
      const detail = this.isClosing ? 'engine closed' : `worker ${config.workerIndex} exited (${exitCode})${lastError ? `: ${lastError.message}` : ''}`;
      failStart(new EngineClosedError(reason, detail, { cause: lastError }));
      if (!this.isClosing) this.sink.died(config.workerIndex, lastError, exitCode);
      this.rejectAll(reason, detail, lastError);
    });
  }

  private rejectAll(reason: 'engine-closed' | 'worker-died', detail: string, cause: Error | undefined): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(new EngineClosedError(reason, detail, { cause }));
    }
  }

  /** Sends a command; resolves with its reply or rejects with an {@link EngineError}. */
  request(body: CommandBody, transfer?: readonly ArrayBuffer[]): Promise<ReplyValue> {
    if (!this.isAlive || this.isClosing) {
      return Promise.reject(new EngineClosedError(this.isClosing ? 'engine-closed' : 'worker-died', `worker ${this.config.workerIndex} is gone`));
    }
    const reqId = this.nextReqId++;
    return new Promise<ReplyValue>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        reject(new EngineError('request-timeout', `${body.type} got no reply in ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(reqId, { resolve, reject, timer });
      this.worker.postMessage({ v: PROTOCOL_VERSION, reqId, ...body }, transfer === undefined ? undefined : [...transfer]);
    });
  }

  /** Asks the worker to shut down, then terminates it; pending requests reject with `engine-closed`. */
  async close(): Promise<void> {
    if (!this.isAlive) return;
    // Callers waiting on this worker learn at once that the engine is closing; a reply the
    // worker still sends for them finds no pending entry and is ignored.
    this.rejectAll('engine-closed', 'engine closed', undefined);
    const shutdown = this.request({ type: 'shutdown' }).catch(() => undefined);
    this.isClosing = true;
    await Promise.race([shutdown, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    await this.worker.terminate();
  }

  /** Kills the worker abruptly (tests: simulate a crash). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
