import t from 'tap';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createAdminServer } from '../http/index.js';
import { BridgeMetrics } from '../metrics/index.js';
import type { LiveEvent } from '../events/index.js';
import { registerLiveRoutes } from './live-routes.js';
import { sampleFake } from './live-operations-fake.js';

const TOKEN = 'live-routes-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const ROOM = '583920417';

function setup(t: { teardown(fn: () => unknown): void }) {
  const fake = sampleFake();
  const metrics = new BridgeMetrics({ processMetrics: false });
  const server = createAdminServer({ port: 0, token: TOKEN });
  registerLiveRoutes(server, fake, { metrics, keepAliveMs: 50 });
  t.teardown(() => server.close());
  return { fake, metrics, server, app: server.app };
}

t.test('GET /rooms lists live rooms with their state', async (t) => {
  const { app } = setup(t);
  const response = await app.inject({ method: 'GET', url: '/rooms', headers: auth });
  t.equal(response.statusCode, 200);
  t.same(response.json(), {
    rooms: [{ roomId: ROOM, name: 'Board', state: 'active', participantCount: 3, hasHost: true, locked: false, muteAll: false, lectureMode: false, recording: false }],
  });
});

t.test('GET roster redacts caller IDs to the last 4 digits unless full=1', async (t) => {
  const { app } = setup(t);
  const response = await app.inject({ method: 'GET', url: `/rooms/${ROOM}/roster`, headers: auth });
  t.equal(response.statusCode, 200);
  const body = response.json() as { roomId: string; participants: Array<Record<string, unknown>> };
  t.equal(body.roomId, ROOM);
  t.same(body.participants[0], {
    callId: 'c-host', displayName: 'Hannah', hasRecordedName: false, callerId: '***6789', role: 'host', isMuted: false,
    handRaised: null, isTalking: true, joinedAt: '2026-11-23T00:40:00.000Z', codec: 'opus', lossPct: 0, jitterMs: 3,
  });
  t.equal(body.participants[1]?.callerId, '***', 'a SIP URI without digits keeps nothing');
  t.equal(body.participants[1]?.handRaised, 1);
  t.equal(body.participants[2]?.callerId, null, 'anonymous');
  t.notMatch(response.body, '30123456789');
  t.notMatch(response.body, 'alice');
  const full = await app.inject({ method: 'GET', url: `/rooms/${ROOM}/roster?full=1`, headers: auth });
  const fullBody = full.json() as { participants: Array<{ callerId: string | null }> };
  t.same(fullBody.participants.map((p) => p.callerId), ['+4930123456789', 'sip:alice@example.com', null]);
  const bad = await app.inject({ method: 'GET', url: `/rooms/${ROOM}/roster?full=yes`, headers: auth });
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { error: 'bad-request', reason: /full/ });
});

t.test('mute: body validated, call forwarded, 404 for unknown room and call', async (t) => {
  const { app, fake } = setup(t);
  const url = `/rooms/${ROOM}/participants/c-g2/mute`;
  const done = await app.inject({ method: 'POST', url, headers: auth, payload: { muted: true } });
  t.equal(done.statusCode, 200);
  t.same(done.json(), { roomId: ROOM, callId: 'c-g2', muted: true });
  t.same(fake.calls, [`mute ${ROOM} c-g2 true`]);
  fake.calls.length = 0;
  const missing = await app.inject({ method: 'POST', url, headers: auth, payload: {} });
  t.equal(missing.statusCode, 400);
  t.match(missing.json(), { error: 'bad-request', reason: /muted/ });
  const wrongType = await app.inject({ method: 'POST', url, headers: auth, payload: { muted: 'loud' } });
  t.equal(wrongType.statusCode, 400);
  t.match(wrongType.json().reason, /muted/);
  for (const loose of ['true', 1, 0, null]) {
    const coerced = await app.inject({ method: 'POST', url, headers: auth, payload: { muted: loose } });
    t.equal(coerced.statusCode, 400, `muted: ${JSON.stringify(loose)} is not a boolean`);
  }
  const badRoom = await app.inject({ method: 'POST', url: '/rooms/12ab/participants/c-g2/mute', headers: auth, payload: { muted: true } });
  t.equal(badRoom.statusCode, 400);
  t.match(badRoom.json().reason, /id/);
  const noRoom = await app.inject({ method: 'POST', url: '/rooms/111222333/participants/c-g2/mute', headers: auth, payload: { muted: true } });
  t.same([noRoom.statusCode, noRoom.json()], [404, { error: 'unknown-room', reason: 'no live conference 111222333' }]);
  const noCall = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/participants/c-zz/mute`, headers: auth, payload: { muted: false } });
  t.same([noCall.statusCode, noCall.json().error], [404, 'unknown-call']);
  t.same(fake.calls, ['mute 111222333 c-g2 true', `mute ${ROOM} c-zz false`], 'refused input never reaches the bridge');
});

t.test('kick with and without ban; the body may be omitted', async (t) => {
  const { app, fake } = setup(t);
  const plain = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/participants/c-g2/kick`, headers: auth });
  t.same([plain.statusCode, plain.json()], [200, { roomId: ROOM, callId: 'c-g2', removed: true, banned: false }]);
  const banned = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/participants/c-g1/kick`, headers: auth, payload: { ban: true } });
  t.same(banned.json(), { roomId: ROOM, callId: 'c-g1', removed: true, banned: true });
  t.same(fake.calls, [`kick ${ROOM} c-g2 ban=false`, `kick ${ROOM} c-g1 ban=true`]);
  const bad = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/participants/c-host/kick`, headers: auth, payload: { ban: 'forever' } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().reason, /ban/);
  const gone = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/participants/c-g1/kick`, headers: auth });
  t.equal(gone.statusCode, 404, 'a removed call is unknown');
});

t.test('floor, lock, recording and end', async (t) => {
  const { app, fake } = setup(t);
  const floor = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/floor`, headers: auth });
  t.same([floor.statusCode, floor.json()], [200, { roomId: ROOM, callId: 'c-g1' }]);
  const lock = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/lock`, headers: auth, payload: { locked: true } });
  t.same(lock.json(), { roomId: ROOM, locked: true });
  const badLock = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/lock`, headers: auth, payload: { lock: true } });
  t.equal(badLock.statusCode, 400);
  t.match(badLock.json().reason, /locked/);
  const rec = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/recording`, headers: auth, payload: { recording: true } });
  t.same(rec.json(), { roomId: ROOM, recording: true, file: `recordings/${ROOM}-20261123T004500Z.wav` });
  const stop = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/recording`, headers: auth, payload: { recording: false } });
  t.same(stop.json(), { roomId: ROOM, recording: false });
  const rooms = await app.inject({ method: 'GET', url: '/rooms', headers: auth });
  t.match(rooms.json(), { rooms: [{ locked: true, recording: false }] });
  const end = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/end`, headers: auth });
  t.same(end.json(), { roomId: ROOM, ended: true });
  const again = await app.inject({ method: 'POST', url: `/rooms/${ROOM}/end`, headers: auth });
  t.same([again.statusCode, again.json().error], [404, 'unknown-room']);
  const noFloor = await app.inject({ method: 'POST', url: '/rooms/999888777/floor', headers: auth });
  t.equal(noFloor.statusCode, 404);
  t.same(fake.calls, [`floor ${ROOM}`, `lock ${ROOM} true`, `recording ${ROOM} true`, `recording ${ROOM} false`, 'listRooms', `end ${ROOM}`, `end ${ROOM}`, 'floor 999888777']);
});

t.test('floor with no raised hand is a 409', async (t) => {
  const { app, fake } = setup(t);
  fake.addRoom({ roomId: '123123123', state: 'active', participantCount: 0, hasHost: false, isLocked: false, isMuteAll: false, isLectureMode: false, isRecording: false }, []);
  const response = await app.inject({ method: 'POST', url: '/rooms/123123123/floor', headers: auth });
  t.same([response.statusCode, response.json()], [409, { error: 'no-raised-hand', reason: 'no hand is raised' }]);
});

t.test('every live route refuses a missing or wrong token, and the operation is not run', async (t) => {
  const { app, fake } = setup(t);
  const routes: Array<[method: 'GET' | 'POST', url: string]> = [
    ['GET', '/rooms'], ['GET', `/rooms/${ROOM}/roster`], ['POST', `/rooms/${ROOM}/participants/c-g1/mute`], ['POST', `/rooms/${ROOM}/participants/c-g1/kick`],
    ['POST', `/rooms/${ROOM}/floor`], ['POST', `/rooms/${ROOM}/lock`], ['POST', `/rooms/${ROOM}/recording`], ['POST', `/rooms/${ROOM}/end`],
    ['GET', '/events'], ['GET', '/metrics'], ['GET', '/openapi.json'],
  ];
  for (const [method, url] of routes) {
    const none = await app.inject({ method, url });
    t.equal(none.statusCode, 401, `${method} ${url} without a token`);
    t.same(none.json(), { error: 'unauthorized', reason: 'a valid bearer token is required' });
    const wrong = await app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}-not` } });
    t.equal(wrong.statusCode, 401, `${method} ${url} with a wrong token`);
  }
  t.same(fake.calls, []);
});

t.test('GET /metrics renders the registry; GET /openapi.json lists every route', async (t) => {
  const { app, metrics } = setup(t);
  metrics.joins.inc({ role: 'host' });
  const response = await app.inject({ method: 'GET', url: '/metrics', headers: auth });
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], 'text/plain');
  t.match(response.body, 'pinbridge_joins_total{role="host"} 1');
  t.match(response.body, '# TYPE pinbridge_mixer_tick_duration_ms histogram');
  const doc = await app.inject({ method: 'GET', url: '/openapi.json', headers: auth });
  const body = doc.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  t.equal(body.openapi, '3.1.0');
  t.same(Object.keys(body.paths).sort(), [
    '/events', '/health', '/metrics', '/openapi.json', '/rooms', '/rooms/{id}/end', '/rooms/{id}/floor', '/rooms/{id}/lock',
    '/rooms/{id}/participants/{callId}/kick', '/rooms/{id}/participants/{callId}/mute', '/rooms/{id}/recording', '/rooms/{id}/roster',
  ]);
  // Every documented path and method is served: an unknown route would answer `not-found`.
  for (const [path, methods] of Object.entries(body.paths)) {
    for (const method of Object.keys(methods)) {
      if (path === '/events') continue;
      const url = path.replace('{id}', '111222333').replace('{callId}', 'c-x');
      const probe = await app.inject({ method: method.toUpperCase() as 'GET' | 'POST', url, headers: auth });
      const error = probe.headers['content-type']?.toString().startsWith('application/json') === true ? (probe.json() as { error?: string }).error : undefined;
      t.not(error, 'not-found', `${method} ${path} is routed`);
    }
  }
});

function readUntil(response: IncomingMessage, pattern: RegExp, received: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (pattern.test(received.text)) {
        response.off('data', onData);
        resolve();
      }
    };
    const onData = (chunk: Buffer): void => {
      received.text += chunk.toString('utf8');
      check();
    };
    response.on('data', onData);
    response.once('error', reject);
    check();
  });
}

t.test('GET /events streams SSE frames over a real socket until the client goes away', async (t) => {
  const { server, fake } = setup(t);
  const address = await server.listen();
  const received = { text: '' };
  const events: LiveEvent[] = [
    { type: 'join', at: '2026-11-23T00:45:00.000Z', roomId: ROOM, callId: 'c-g3', role: 'guest', displayName: 'Gus' },
    { type: 'mute', at: '2026-11-23T00:45:01.000Z', roomId: '111222333', callId: 'c-x', isMuted: true },
    { type: 'lockout', at: '2026-11-23T00:45:02.000Z', scope: 'global', until: '2026-11-23T00:50:02.000Z' },
  ];
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${address.url}/events?roomId=${ROOM}`, { headers: auth }, resolve);
    req.once('error', reject);
    req.end();
  });
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], 'text/event-stream');
  await readUntil(response, /: connected\n\n/, received);
  t.equal(fake.bus.subscriberCount, 1);
  for (const event of events) fake.bus.publish(event);
  await readUntil(response, /event: lockout/, received);
  t.match(received.text, `id: 1\nevent: join\ndata: ${JSON.stringify(events[0])}\n\n`);
  t.notMatch(received.text, 'event: mute', 'another room is filtered out');
  t.match(received.text, `id: 2\nevent: lockout\ndata: ${JSON.stringify(events[2])}\n\n`, 'server-wide events pass the room filter');
  await readUntil(response, /: keep-alive\n\n/, received);
  const closed = new Promise<void>((resolve) => response.socket.once('close', () => resolve()));
  response.destroy();
  await closed;
  for (let i = 0; i < 100 && fake.bus.subscriberCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(fake.bus.subscriberCount, 0, 'the subscription ends with the connection');
});

t.test('closing the server ends open event streams', async (t) => {
  const { server, fake } = setup(t);
  const address = await server.listen();
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${address.url}/events`, { headers: auth }, resolve);
    req.once('error', reject);
    req.end();
  });
  await readUntil(response, /: connected/, { text: '' });
  t.equal(fake.bus.subscriberCount, 1);
  const ended = new Promise<void>((resolve) => response.once('end', () => resolve()));
  response.resume();
  await server.close();
  await ended;
  t.equal(fake.bus.subscriberCount, 0);
});
