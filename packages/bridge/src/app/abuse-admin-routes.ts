/**
 * The abuse policy's admin API (`/policy/…`, bearer token like every admin route; JSON;
 * 400 with `{ error, reason }` on bad input, 404 for an unknown room or id). Registered on
 * the admin server next to the live-conference routes (admin-api/live-routes.ts), which own
 * `/rooms/…`; everything here acts on PIN entry and sources, not on live calls.
 *
 *   GET    /policy/status                     budgets, counters, global tokens
 *   GET    /policy/metrics                    Prometheus text of the policy counters
 *   GET    /policy/locks                      locked sources, bans, room budgets, global tokens
 *   POST   /policy/rooms/:id/lock | /unlock   PIN entry locked for everyone / lifted
 *   POST   /policy/rooms/:id/rotate           new PINs (shown once), effective at once
 *   PUT    /policy/rooms/:id/schedule         { schedule } (see operator-actions.ts)
 *   GET    /policy/rooms/:id/one-time-pins    list with status
 *   POST   /policy/rooms/:id/one-time-pins    { start, end, name?, maxUses? } → { pin } once
 *   DELETE /policy/one-time-pins/:id          revoke
 *   GET    /policy/blocks   POST /policy/blocks { value, expires?, reason? }   DELETE /policy/blocks/:id
 *   GET    /policy/audit?from&to&roomId&kind&limit
 *   GET    /policy/reports?from&to           failures by source and by UTC hour
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IvrConfig } from '../config/index.js';
import { sendError, type AdminRoutes } from '../http/index.js';
import type { AbusePolicy, AuditSink } from '../policy/index.js';
import type { RoomStore } from '../store/index.js';
import type { StoreBlockList } from './abuse-sinks.js';
import { activeLocks } from './active-locks.js';
import * as actions from './operator-actions.js';

const ACTOR = 'admin-api';

type Params = { id: string };
type Query = Record<string, string | undefined>;

function bodyOf(request: FastifyRequest): Record<string, unknown> | undefined {
  const body = request.body;
  if (body === undefined || body === null || body === '') return {};
  return typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined | null {
  const value = body[key];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** Sends a Result: 200 with the value, else 404 (unknown room or id) or 400 with the reason. */
function answer<T>(reply: FastifyReply, result: { ok: true; value: T } | { ok: false; error: string }): FastifyReply {
  if (result.ok) return reply.type('application/json').send(result.value);
  const isMissing = / does not exist$/.test(result.error) || /^no (live one-time PIN|block) has id/.test(result.error);
  return sendError(reply, isMissing ? 404 : 400, isMissing ? 'not-found' : 'bad-request', result.error);
}

/** The route plugin; see the file comment. */
export function abuseAdminRoutes(options: {
  readonly store: RoomStore;
  readonly policy: AbusePolicy;
  readonly blockList: StoreBlockList;
  readonly audit: AuditSink;
  readonly nowMs: () => number;
  readonly metricsText: () => string;
  readonly ivr: IvrConfig;
}): AdminRoutes {
  const { store, policy, blockList, nowMs } = options;
  return (app) => {
    app.get('/policy/status', async () => {
      const counters = policy.counters();
      return { config: policy.config, globalTokens: policy.attempts.globalTokens(nowMs()), counters, blocks: store.listBlocks().length };
    });
    app.get('/policy/locks', async () => activeLocks(policy, nowMs()));
    app.get('/policy/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(options.metricsText()));

    app.post<{ Params: Params }>('/policy/rooms/:id/lock', async (request, reply) => answer(reply, actions.lockRoomEntry(store, request.params.id, ACTOR)));
    app.post<{ Params: Params }>('/policy/rooms/:id/unlock', async (request, reply) => {
      const result = actions.unlockRoomEntry(store, request.params.id, ACTOR, nowMs());
      if (result.ok) {
        policy.attempts.unlockRoom(result.value.roomId, 'participant', nowMs());
        policy.attempts.unlockRoom(result.value.roomId, 'host', nowMs());
      }
      return answer(reply, result);
    });
    app.post<{ Params: Params }>('/policy/rooms/:id/rotate', async (request, reply) => {
      const id = request.params.id;
      if (store.getRoom(id) === undefined) return sendError(reply, 404, 'not-found', `room ${id} does not exist`);
      const rotated = store.rotatePins(id, { pinLength: options.ivr.pinLength, hostPinLength: options.ivr.hostPinLength });
      if (!rotated.ok) return sendError(reply, 400, 'bad-request', rotated.error.message);
      policy.attempts.pinRotated(id, 'participant');
      policy.attempts.pinRotated(id, 'host');
      store.appendAudit({ kind: 'pins-rotated', roomId: id, details: { actor: ACTOR } });
      return { roomId: id, pin: rotated.value.pin, hostPin: rotated.value.hostPin };
    });
    app.put<{ Params: Params }>('/policy/rooms/:id/schedule', async (request, reply) => {
      const body = bodyOf(request);
      if (body === undefined || !('schedule' in body)) return sendError(reply, 400, 'bad-request', 'the body must be { "schedule": … }');
      return answer(reply, actions.setRoomSchedule(store, request.params.id, body['schedule'], ACTOR));
    });

    app.get<{ Params: Params }>('/policy/rooms/:id/one-time-pins', async (request, reply) => {
      const listed = actions.listOneTimePins(store, request.params.id, nowMs());
      return answer(reply, listed.ok ? { ok: true, value: { oneTimePins: listed.value } } : listed);
    });
    app.post<{ Params: Params }>('/policy/rooms/:id/one-time-pins', async (request, reply) => {
      const body = bodyOf(request);
      if (body === undefined) return sendError(reply, 400, 'bad-request', 'the body must be a JSON object');
      const start = optionalString(body, 'start');
      const end = optionalString(body, 'end');
      const name = optionalString(body, 'name');
      const maxUses = body['maxUses'];
      if (typeof start !== 'string' || typeof end !== 'string') return sendError(reply, 400, 'bad-request', 'start and end are required strings (ISO times or durations from now such as 10m)');
      if (name === null) return sendError(reply, 400, 'bad-request', 'name must be a string');
      if (maxUses !== undefined && typeof maxUses !== 'number') return sendError(reply, 400, 'bad-request', 'maxUses must be a number');
      const minted = actions.mintOneTimePin(
        store,
        { roomId: request.params.id, start, end, ...(name === undefined ? {} : { name }), ...(maxUses === undefined ? {} : { maxUses }), actor: ACTOR },
        { pinLength: options.ivr.pinLength, policy: policy.config, nowMs: nowMs() },
      );
      return answer(reply, minted.ok ? { ok: true, value: { pin: minted.value.pin, ...minted.value.record } } : minted);
    });
    app.delete<{ Params: Params }>('/policy/one-time-pins/:id', async (request, reply) => answer(reply, actions.revokeOneTimePin(store, request.params.id, ACTOR)));

    app.get('/policy/blocks', async () => ({ blocks: store.listBlocks() }));
    app.post('/policy/blocks', async (request, reply) => {
      const body = bodyOf(request);
      if (body === undefined) return sendError(reply, 400, 'bad-request', 'the body must be a JSON object');
      const value = optionalString(body, 'value');
      const expires = optionalString(body, 'expires');
      const reason = optionalString(body, 'reason');
      if (typeof value !== 'string') return sendError(reply, 400, 'bad-request', 'value is required: an IP, a CIDR range or a caller ID');
      if (expires === null || reason === null) return sendError(reply, 400, 'bad-request', 'expires and reason must be strings');
      const added = actions.addBlock(store, { value, ...(expires === undefined ? {} : { expires }), ...(reason === undefined ? {} : { reason }), actor: ACTOR }, nowMs());
      if (added.ok) blockList.invalidate();
      return answer(reply, added);
    });
    app.delete<{ Params: Params }>('/policy/blocks/:id', async (request, reply) => {
      const removed = actions.removeBlock(store, request.params.id, ACTOR);
      if (removed.ok) blockList.invalidate();
      return answer(reply, removed);
    });

    app.get<{ Querystring: Query }>('/policy/audit', async (request, reply) => {
      const q = request.query;
      const rows = actions.queryAudit(store, { ...pick(q, 'from'), ...pick(q, 'to'), ...pick(q, 'roomId'), ...pick(q, 'kind'), ...pick(q, 'limit') }, nowMs());
      return answer(reply, rows.ok ? { ok: true, value: { rows: rows.value } } : rows);
    });
    app.get<{ Querystring: Query }>('/policy/reports', async (request, reply) => answer(reply, actions.failureReport(store, { ...pick(request.query, 'from'), ...pick(request.query, 'to') }, nowMs())));
  };
}

function pick(query: Query, key: string): Record<string, string> {
  const value = query[key];
  return typeof value === 'string' ? { [key]: value } : {};
}
