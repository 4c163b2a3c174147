/**
 * `GET /events`: the live event bus as Server-Sent Events (WHATWG HTML §9.2). Each event is
 * one frame (`id`, `event: <type>`, one JSON `data` line); a comment line every keep-alive
 * interval keeps proxies from closing an idle stream. The subscription ends when the client
 * disconnects, when its backlog grows past the limit (a stalled client must not hold memory),
 * or when the server closes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatSseFrame, type LiveEvent } from '../events/index.js';
import type { LiveOperations } from './live-operations.js';

/** End functions of the open streams (ended on server close). */
export type EventStreams = Set<() => void>;

/** What one stream needs. */
export interface EventStreamOptions {
  readonly ops: Pick<LiveOperations, 'subscribe'>;
  readonly streams: EventStreams;
  readonly keepAliveMs: number;
  readonly maxBacklogBytes: number;
  /** Only this room's events (server-wide events without a room still pass). */
  readonly roomId?: string;
}

/** Takes over the response and streams events until one side goes away. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): void {
  void reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // A first comment flushes the headers so the client sees the stream open at once.
  res.write(': connected\n\n');
  let nextId = 1;
  let isOpen = true;
  const write = (text: string): void => {
    if (!isOpen || res.destroyed) return;
    res.write(text);
    if (res.writableLength > options.maxBacklogBytes) end();
  };
  const wanted = (event: LiveEvent): boolean => options.roomId === undefined || event.roomId === undefined || event.roomId === options.roomId;
  const unsubscribe = options.ops.subscribe((event) => {
    if (wanted(event)) write(formatSseFrame(nextId++, event));
  });
  const timer = setInterval(() => write(': keep-alive\n\n'), options.keepAliveMs);
  timer.unref();
  function end(): void {
    if (!isOpen) return;
    isOpen = false;
    unsubscribe();
    clearInterval(timer);
    options.streams.delete(end);
    if (!res.writableEnded) res.end();
  }
  options.streams.add(end);
  res.on('close', end);
  request.log.debug({ roomId: options.roomId }, 'event stream opened');
}
