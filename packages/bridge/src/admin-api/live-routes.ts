/**
 * The live-operation routes of the admin API (issue 7): live rooms and rosters, mute, kick,
 * floor, lock, recording, end, the Server-Sent Events stream, `/metrics` and
 * `/openapi.json`. They sit on the admin server, so every route here needs the bearer token
 * (the server's `onRequest` hook answers 401 before a handler runs).
 *
 * Caller IDs: the admin server knows one token, the admin token. Rosters are redacted to the
 * last 4 digits by default and `?full=1` returns full caller IDs, so a dashboard that only
 * displays the roster never receives the numbers (README-section.md "Caller IDs").
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Result } from '../config/bridge-error.js';
import type { AdminRoutes, AdminServer } from '../http/index.js';
import { sendError } from '../http/index.js';
import type { LiveOpsError, LiveOpsErrorCode, LiveOperations, LiveRosterEntry, LiveRoomSummary } from './live-operations.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { redactCallerId } from './redact-caller-id.js';
import {
  CALL_PARAMS,
  EVENTS_QUERY,
  KICK_BODY,
  LOCK_BODY,
  MUTE_BODY,
  RECORDING_BODY,
  ROOM_PARAMS,
  ROSTER_QUERY,
} from './route-schemas.js';
import { openEventStream, type EventStreams } from './event-stream.js';

/** Renders the Prometheus exposition (BridgeMetrics satisfies it). */
export interface MetricsSource {
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/** Options of {@link registerLiveRoutes}. */
export interface LiveRoutesOptions {
  /** Served at `GET /metrics`; the route is absent without it. */
  readonly metrics?: MetricsSource;
  /** Interval of SSE keep-alive comments; default 15 s (below common proxy idle timeouts). */
  readonly keepAliveMs?: number;
  /** An SSE client whose unsent backlog exceeds this is disconnected; default 1 MiB. */
  readonly maxStreamBacklogBytes?: number;
}

/** The JSON shape of one live room. */
export interface RoomSummaryJson {
  readonly roomId: string;
  readonly name?: string;
  readonly state: string;
  readonly participantCount: number;
  readonly hasHost: boolean;
  readonly locked: boolean;
  readonly muteAll: boolean;
  readonly lectureMode: boolean;
  readonly recording: boolean;
}

/** The JSON shape of one roster line. */
export interface RosterEntryJson {
  readonly callId: string;
  readonly displayName?: string;
  readonly hasRecordedName: boolean;
  readonly callerId: string | null;
  readonly role: 'guest' | 'host';
  readonly isMuted: boolean;
  readonly handRaised: number | null;
  readonly isTalking: boolean;
  readonly joinedAt: string;
  readonly codec: string;
  readonly lossPct: number;
  readonly jitterMs: number;
}

interface RoomParams {
  readonly id: string;
}
interface CallParams extends RoomParams {
  readonly callId: string;
}

const STATUS: Readonly<Record<LiveOpsErrorCode, number>> = {
  'unknown-room': 404,
  'unknown-call': 404,
  'no-raised-hand': 409,
  unavailable: 503,
};

/** Shapes a room for JSON. */
export function roomSummaryJson(room: LiveRoomSummary): RoomSummaryJson {
  return {
    roomId: room.roomId,
    ...(room.name === undefined ? {} : { name: room.name }),
    state: room.state,
    participantCount: room.participantCount,
    hasHost: room.hasHost,
    locked: room.isLocked,
    muteAll: room.isMuteAll,
    lectureMode: room.isLectureMode,
    recording: room.isRecording,
  };
}

/** Shapes a roster line for JSON, redacting the caller ID unless `full`. */
export function rosterEntryJson(entry: LiveRosterEntry, full: boolean): RosterEntryJson {
  const callerId = entry.callerId === undefined ? null : full ? entry.callerId : redactCallerId(entry.callerId);
  return {
    callId: entry.callId,
    ...(entry.displayName === undefined ? {} : { displayName: entry.displayName }),
    hasRecordedName: entry.hasRecordedName,
    callerId,
    role: entry.role,
    isMuted: entry.isMuted,
    handRaised: entry.handPosition ?? null,
    isTalking: entry.isTalking,
    joinedAt: entry.joinedAt,
    codec: entry.codec,
    lossPct: entry.lossPct,
    jitterMs: entry.jitterMs,
  };
}

/** Sends a refused operation as `{ error, reason }` with its status. */
function sendRefusal(reply: FastifyReply, error: LiveOpsError): FastifyReply {
  return sendError(reply, STATUS[error.code], error.code, error.message);
}

/** Runs an operation and answers with `body(value)` or its refusal. */
async function answer<T>(reply: FastifyReply, outcome: Result<T, LiveOpsError> | Promise<Result<T, LiveOpsError>>, body: (value: T) => object): Promise<FastifyReply> {
  const result = await outcome;
  if (!result.ok) return sendRefusal(reply, result.error);
  return reply.code(200).send(body(result.value));
}

/** The routes as an admin-server plugin (for `startAdminHttp({ routes })` or `registerRoutes`). */
export function liveRoutes(ops: LiveOperations, options: LiveRoutesOptions = {}): AdminRoutes {
  return (app: FastifyInstance) => {
    const streams: EventStreams = new Set();
    app.addHook('preClose', async () => {
      // Open SSE responses would hold `close()` forever; end them first.
      for (const end of [...streams]) end();
    });

    app.get('/openapi.json', async () => buildOpenApiDocument({ hasMetrics: options.metrics !== undefined }));

    app.get('/rooms', async () => ({ rooms: (await ops.listRooms()).map(roomSummaryJson) }));

    app.get<{ Params: RoomParams; Querystring: { full?: '0' | '1' } }>(
      '/rooms/:id/roster',
      { schema: { params: ROOM_PARAMS, querystring: ROSTER_QUERY } },
      async (request, reply) => {
        const full = request.query.full === '1';
        return answer(reply, ops.roster(request.params.id), (entries) => ({
          roomId: request.params.id,
          participants: entries.map((entry) => rosterEntryJson(entry, full)),
        }));
      },
    );

    app.post<{ Params: CallParams; Body: { muted: boolean } }>(
      '/rooms/:id/participants/:callId/mute',
      { schema: { params: CALL_PARAMS, body: MUTE_BODY } },
      async (request, reply) => {
        const { id, callId } = request.params;
        return answer(reply, ops.mute(id, callId, request.body.muted), () => ({ roomId: id, callId, muted: request.body.muted }));
      },
    );

    app.post<{ Params: CallParams; Body: { ban?: boolean } | undefined }>(
      '/rooms/:id/participants/:callId/kick',
      {
        schema: { params: CALL_PARAMS, body: KICK_BODY },
        // `curl -X POST .../kick` sends no body: read it as `{}` (no ban) before validation.
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {};
        },
      },
      async (request, reply) => {
        const { id, callId } = request.params;
        const ban = request.body?.ban ?? false;
        return answer(reply, ops.kick(id, callId, { ban }), () => ({ roomId: id, callId, removed: true, banned: ban }));
      },
    );

    app.post<{ Params: RoomParams }>('/rooms/:id/floor', { schema: { params: ROOM_PARAMS } }, async (request, reply) =>
      answer(reply, ops.giveFloor(request.params.id), (value) => ({ roomId: request.params.id, callId: value.callId })),
    );

    app.post<{ Params: RoomParams; Body: { locked: boolean } }>(
      '/rooms/:id/lock',
      { schema: { params: ROOM_PARAMS, body: LOCK_BODY } },
      async (request, reply) =>
        answer(reply, ops.lock(request.params.id, request.body.locked), () => ({ roomId: request.params.id, locked: request.body.locked })),
    );

    app.post<{ Params: RoomParams; Body: { recording: boolean } }>(
      '/rooms/:id/recording',
      { schema: { params: ROOM_PARAMS, body: RECORDING_BODY } },
      async (request, reply) =>
        answer(reply, ops.recording(request.params.id, request.body.recording), (value) => ({
          roomId: request.params.id,
          recording: request.body.recording,
          ...(value.file === undefined ? {} : { file: value.file }),
        })),
    );

    app.post<{ Params: RoomParams }>('/rooms/:id/end', { schema: { params: ROOM_PARAMS } }, async (request, reply) =>
      answer(reply, ops.end(request.params.id), () => ({ roomId: request.params.id, ended: true })),
    );

    app.get<{ Querystring: { roomId?: string } }>('/events', { schema: { querystring: EVENTS_QUERY } }, (request, reply) => {
      openEventStream(request, reply, {
        ops,
        streams,
        keepAliveMs: options.keepAliveMs ?? 15_000,
        maxBacklogBytes: options.maxStreamBacklogBytes ?? 1024 * 1024,
        ...(request.query.roomId === undefined ? {} : { roomId: request.query.roomId }),
      });
    });

    const metrics = options.metrics;
    if (metrics !== undefined) {
      app.get('/metrics', async (_request, reply) => {
        const rendered = await metrics.render();
        return reply.type(rendered.contentType).send(rendered.body);
      });
    }
  };
}

/** Registers the live routes on an admin server (before `listen`). */
export function registerLiveRoutes(server: AdminServer, ops: LiveOperations, options: LiveRoutesOptions = {}): void {
  server.registerRoutes(liveRoutes(ops, options));
}
