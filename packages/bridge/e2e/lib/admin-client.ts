/**
 * A small client of the running bridge's admin API for end-to-end tests: JSON requests
 * with or without the bearer token, and a Server-Sent Events reader that keeps every frame
 * (raw text and parsed `data:` JSON) for assertions and for the report.
 */
import { request } from 'node:http';

/** One answer. */
export interface AdminAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** One SSE frame as received. */
export interface StreamedEvent {
  readonly id: string;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** An open `/events` stream. */
export interface EventStreamReader {
  readonly events: StreamedEvent[];
  /** Every byte received, as text (comments and frames). */
  readonly raw: () => string;
  close(): void;
}

/** Sends one request to `http://host:port`; `token` undefined sends no Authorization header. */
export function adminRequest(options: {
  readonly port: number;
  readonly token: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}): Promise<AdminAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const req = request({ host: '127.0.0.1', port: options.port, method: options.method, path: options.path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, json });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${options.method} ${options.path}: no answer`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Opens `GET path` as an event stream; resolves once the server has answered 200. */
export function openEventStream(options: { readonly port: number; readonly token: string; readonly path: string }): Promise<EventStreamReader> {
  return new Promise((resolve, reject) => {
    const events: StreamedEvent[] = [];
    let raw = '';
    let pending = '';
    const req = request({ host: '127.0.0.1', port: options.port, method: 'GET', path: options.path, headers: { authorization: `Bearer ${options.token}` } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`event stream answered ${res.statusCode ?? 0}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        pending += chunk;
        const frames = pending.split('\n\n');
        pending = frames.pop() ?? '';
        for (const frame of frames) {
          const fields = new Map<string, string>();
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(': ');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
          }
          const data = fields.get('data');
          if (data !== undefined) events.push({ id: fields.get('id') ?? '', event: fields.get('event') ?? '', data: JSON.parse(data) as Record<string, unknown> });
        }
      });
      res.on('error', () => undefined);
      resolve({ events, raw: () => raw, close: () => req.destroy() });
    });
    req.on('error', (error) => {
      if (events.length === 0 && raw === '') reject(error);
    });
    req.end();
  });
}
