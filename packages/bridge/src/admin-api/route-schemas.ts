/**
 * JSON schemas of the live-operation routes, shared by fastify's validation (400 with the
 * failing field) and the hand-written OpenAPI 3.1 document (`GET /openapi.json`), so the
 * two cannot drift apart.
 */

/** A conference ID: 8-12 digits (pins/room-id.ts). */
export const ROOM_ID_SCHEMA = { type: 'string', pattern: '^[0-9]{8,12}$', description: 'conference ID (8-12 digits)' } as const;

/** A call ID as the bridge assigns it: visible ASCII, at most 128 characters. */
export const CALL_ID_SCHEMA = { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$', description: 'call ID from the roster' } as const;

/** `:id` path parameters. */
export const ROOM_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: ROOM_ID_SCHEMA },
} as const;

/** `:id/participants/:callId` path parameters. */
export const CALL_PARAMS = {
  type: 'object',
  required: ['id', 'callId'],
  properties: { id: ROOM_ID_SCHEMA, callId: CALL_ID_SCHEMA },
} as const;

/**
 * A JSON boolean, strictly. Written as an enum rather than `type: 'boolean'` because the
 * admin server's Ajv coerces types (fastify's default): `"yes"`, `1` or `null` would become a
 * boolean and `{"muted": null}` would unmute someone.
 */
const STRICT_BOOLEAN = { enum: [true, false] } as const;

/** Builds a body schema with one required boolean field. */
function booleanBody(field: string, description: string) {
  return {
    type: 'object',
    required: [field],
    properties: { [field]: { ...STRICT_BOOLEAN, description } },
    additionalProperties: false,
  } as const;
}

/** `POST .../mute`. */
export const MUTE_BODY = booleanBody('muted', 'true mutes, false unmutes');
/** `POST /rooms/:id/lock`. */
export const LOCK_BODY = booleanBody('locked', 'true locks, false unlocks');
/** `POST /rooms/:id/recording`. */
export const RECORDING_BODY = booleanBody('recording', 'true starts, false stops');
/** `POST .../kick`; the body may be omitted. */
export const KICK_BODY = {
  type: 'object',
  properties: { ban: { ...STRICT_BOOLEAN, description: 'also refuse this caller identity for the rest of the meeting' } },
  additionalProperties: false,
} as const;

/** `GET /rooms/:id/roster?full=1`. */
export const ROSTER_QUERY = {
  type: 'object',
  properties: { full: { type: 'string', enum: ['0', '1'], description: '1 returns full caller IDs' } },
  additionalProperties: false,
} as const;

/** `GET /events?roomId=`. */
export const EVENTS_QUERY = {
  type: 'object',
  properties: { roomId: ROOM_ID_SCHEMA },
  additionalProperties: false,
} as const;

/** The error body of every failure. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'reason'],
  properties: { error: { type: 'string' }, reason: { type: 'string' } },
} as const;

/** One live room in `GET /rooms`. */
export const ROOM_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['roomId', 'state', 'participantCount', 'hasHost', 'locked', 'muteAll', 'lectureMode', 'recording'],
  properties: {
    roomId: { type: 'string' },
    name: { type: 'string' },
    state: { type: 'string' },
    participantCount: { type: 'integer' },
    hasHost: { type: 'boolean' },
    locked: { type: 'boolean' },
    muteAll: { type: 'boolean' },
    lectureMode: { type: 'boolean' },
    recording: { type: 'boolean' },
  },
} as const;

/** One roster line in `GET /rooms/:id/roster`. */
export const ROSTER_ENTRY_SCHEMA = {
  type: 'object',
  required: ['callId', 'hasRecordedName', 'callerId', 'role', 'isMuted', 'handRaised', 'isTalking', 'joinedAt', 'codec', 'lossPct', 'jitterMs'],
  properties: {
    callId: { type: 'string' },
    displayName: { type: 'string' },
    hasRecordedName: { type: 'boolean' },
    callerId: { type: ['string', 'null'], description: 'last 4 digits as ***1234 unless ?full=1; null when anonymous' },
    role: { type: 'string', enum: ['guest', 'host'] },
    isMuted: { type: 'boolean' },
    handRaised: { type: ['integer', 'null'], description: '1-based place in the raise-hand queue, null when down' },
    isTalking: { type: 'boolean' },
    joinedAt: { type: 'string', format: 'date-time' },
    codec: { type: 'string' },
    lossPct: { type: 'number' },
    jitterMs: { type: 'number' },
  },
} as const;
