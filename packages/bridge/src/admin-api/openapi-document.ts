/**
 * The admin API's OpenAPI 3.1 document (`GET /openapi.json`), written by hand from the
 * same JSON schemas the routes validate with (route-schemas.ts). It lists every route of the
 * admin server: the http module's public `GET /health` and this module's live routes.
 */
import {
  CALL_ID_SCHEMA,
  ERROR_SCHEMA,
  KICK_BODY,
  LOCK_BODY,
  MUTE_BODY,
  RECORDING_BODY,
  ROOM_ID_SCHEMA,
  ROOM_SUMMARY_SCHEMA,
  ROSTER_ENTRY_SCHEMA,
} from './route-schemas.js';

/** An OpenAPI document as plain JSON. */
export type OpenApiDocument = Readonly<Record<string, unknown>>;

const errorRef = { $ref: '#/components/schemas/Error' } as const;

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: errorRef } } };
}

function jsonResponse(description: string, schema: object) {
  return { description, content: { 'application/json': { schema } } };
}

function jsonBody(schema: object, required = true) {
  return { required, content: { 'application/json': { schema } } };
}

const roomParam = { name: 'id', in: 'path', required: true, schema: ROOM_ID_SCHEMA };
const callParam = { name: 'callId', in: 'path', required: true, schema: CALL_ID_SCHEMA };

const COMMON_ERRORS = {
  '400': errorResponse('invalid input; `reason` names the field'),
  '401': errorResponse('missing or wrong bearer token'),
};
const ROOM_ERRORS = { ...COMMON_ERRORS, '404': errorResponse('no live conference with this ID (or no such call)') };

/** Builds an action on one room or call. */
function action(summary: string, options: { params: object[]; body?: object; bodyRequired?: boolean; result: object; extraErrors?: object }) {
  return {
    post: {
      summary,
      parameters: options.params,
      ...(options.body === undefined ? {} : { requestBody: jsonBody(options.body, options.bodyRequired ?? true) }),
      responses: { '200': jsonResponse('done', options.result), ...ROOM_ERRORS, ...(options.extraErrors ?? {}) },
    },
  };
}

function object(properties: Record<string, object>) {
  return { type: 'object', required: Object.keys(properties), properties };
}

const STRING = { type: 'string' } as const;
const BOOLEAN = { type: 'boolean' } as const;

/** The document; `/metrics` is listed only when the server serves it. */
export function buildOpenApiDocument(options: { readonly hasMetrics: boolean }): OpenApiDocument {
  const paths: Record<string, object> = {
    '/health': {
      get: {
        summary: 'liveness and live counts (no token needed)',
        security: [],
        responses: { '200': jsonResponse('status and uptime', { type: 'object', required: ['status', 'uptimeS'], properties: { status: { enum: ['ok', 'degraded'] }, uptimeS: { type: 'integer' } } }) },
      },
    },
    '/openapi.json': { get: { summary: 'this document', responses: { '200': { description: 'OpenAPI 3.1 document' }, ...COMMON_ERRORS } } },
    '/rooms': {
      get: {
        summary: 'live conferences with their state',
        responses: {
          '200': jsonResponse('live rooms', object({ rooms: { type: 'array', items: { $ref: '#/components/schemas/RoomSummary' } } })),
          ...COMMON_ERRORS,
        },
      },
    },
    '/rooms/{id}/roster': {
      get: {
        summary: 'who is in a conference; caller IDs redacted to the last 4 digits unless full=1',
        parameters: [roomParam, { name: 'full', in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] } }],
        responses: {
          '200': jsonResponse('roster in join order', object({ roomId: STRING, participants: { type: 'array', items: { $ref: '#/components/schemas/RosterEntry' } } })),
          ...ROOM_ERRORS,
        },
      },
    },
    '/rooms/{id}/participants/{callId}/mute': action('mute or unmute one caller', {
      params: [roomParam, callParam],
      body: MUTE_BODY,
      result: object({ roomId: STRING, callId: STRING, muted: BOOLEAN }),
    }),
    '/rooms/{id}/participants/{callId}/kick': action('remove one caller, optionally banned from rejoining this meeting', {
      params: [roomParam, callParam],
      body: KICK_BODY,
      bodyRequired: false,
      result: object({ roomId: STRING, callId: STRING, removed: BOOLEAN, banned: BOOLEAN }),
    }),
    '/rooms/{id}/floor': action('give the floor to the first raised hand', {
      params: [roomParam],
      result: object({ roomId: STRING, callId: STRING }),
      extraErrors: { '409': errorResponse('no hand is raised') },
    }),
    '/rooms/{id}/lock': action('lock or unlock (announced to the room)', { params: [roomParam], body: LOCK_BODY, result: object({ roomId: STRING, locked: BOOLEAN }) }),
    '/rooms/{id}/recording': action('start or stop recording (announced to the room)', {
      params: [roomParam],
      body: RECORDING_BODY,
      result: { type: 'object', required: ['roomId', 'recording'], properties: { roomId: STRING, recording: BOOLEAN, file: STRING } },
    }),
    '/rooms/{id}/end': action('end the conference for everyone', { params: [roomParam], result: object({ roomId: STRING, ended: BOOLEAN }) }),
    '/events': {
      get: {
        summary: 'live events as Server-Sent Events (join, leave, talking, mute, lock, recording, hand, floor, mode, ended, lockout, alert)',
        parameters: [{ name: 'roomId', in: 'query', required: false, schema: ROOM_ID_SCHEMA }],
        responses: { '200': { description: 'an endless text/event-stream', content: { 'text/event-stream': { schema: STRING } } }, ...COMMON_ERRORS },
      },
    },
  };
  if (options.hasMetrics) {
    paths['/metrics'] = {
      get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format', content: { 'text/plain': { schema: STRING } } }, ...COMMON_ERRORS } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'pinbridge admin API', version: '0.1.0', description: 'Live operations of a running pinbridge. Every route but /health needs `Authorization: Bearer <admin.token>`.' },
    servers: [{ url: 'http://127.0.0.1:8089' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: ERROR_SCHEMA, RoomSummary: ROOM_SUMMARY_SCHEMA, RosterEntry: ROSTER_ENTRY_SCHEMA },
    },
  };
}
