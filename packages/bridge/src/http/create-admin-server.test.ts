import t from 'tap';
import { statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { createAdminServer, sendError } from './create-admin-server.js';
import { loadAdminToken } from './admin-token.js';

const TOKEN = 'test-token-0123456789abcdef';

function server() {
  let clock = 1_000_000;
  const admin = createAdminServer({ port: 0, token: TOKEN, nowMs: () => clock });
  admin.registerRoutes((app) => {
    app.post<{ Body: { name: string } }>(
      '/rooms',
      { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false } } },
      async (request) => ({ created: request.body.name }),
    );
    app.get('/teapot', async (_request, reply) => sendError(reply, 418, 'teapot', 'short and stout'));
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });
  });
  return { admin, advance: (ms: number) => (clock += ms) };
}

t.test('GET /health needs no token and reports uptime and details', async (t) => {
  const { admin, advance } = server();
  t.teardown(() => admin.close());
  admin.addHealthDetails('calls', () => ({ active: 3 }));
  advance(65_000);
  const response = await admin.app.inject({ method: 'GET', url: '/health' });
  t.equal(response.statusCode, 200);
  t.same(response.json(), { status: 'ok', uptimeS: 65, calls: { active: 3 } });
  admin.addHealthDetails('store', () => {
    throw new Error('db gone');
  });
  const degraded = await admin.app.inject({ method: 'GET', url: '/health' });
  t.same(degraded.json(), { status: 'degraded', uptimeS: 65, calls: { active: 3 }, store: { error: 'unavailable' } });
});

t.test('every other route needs the bearer token', async (t) => {
  const { admin } = server();
  t.teardown(() => admin.close());
  const none = await admin.app.inject({ method: 'POST', url: '/rooms', payload: { name: 'x' } });
  t.equal(none.statusCode, 401);
  t.same(none.json(), { error: 'unauthorized', reason: 'a valid bearer token is required' });
  t.equal(none.headers['www-authenticate'], 'Bearer realm="pinbridge"');
  const wrong = await admin.app.inject({ method: 'POST', url: '/rooms', payload: { name: 'x' }, headers: { authorization: `Bearer ${TOKEN}x` } });
  t.equal(wrong.statusCode, 401);
  const basic = await admin.app.inject({ method: 'POST', url: '/rooms', payload: { name: 'x' }, headers: { authorization: `Basic ${TOKEN}` } });
  t.equal(basic.statusCode, 401);
  const unknownRoute = await admin.app.inject({ method: 'GET', url: '/nothing-here' });
  t.equal(unknownRoute.statusCode, 401, 'unknown routes are not revealed without the token');
  const good = await admin.app.inject({ method: 'POST', url: '/rooms', payload: { name: 'x' }, headers: { authorization: `Bearer ${TOKEN}` } });
  t.equal(good.statusCode, 200);
  t.same(good.json(), { created: 'x' });
});

t.test('JSON errors: 400 bad input, 404, route errors, 500 without internals', async (t) => {
  const { admin } = server();
  t.teardown(() => admin.close());
  const headers = { authorization: `Bearer ${TOKEN}` };
  const badBody = await admin.app.inject({ method: 'POST', url: '/rooms', payload: { nom: 'x' }, headers });
  t.equal(badBody.statusCode, 400);
  t.equal(badBody.json().error, 'bad-request');
  t.type(badBody.json().reason, 'string');
  const badJson = await admin.app.inject({ method: 'POST', url: '/rooms', payload: '{"name":', headers: { ...headers, 'content-type': 'application/json' } });
  t.equal(badJson.statusCode, 400);
  t.equal(badJson.json().error, 'bad-request');
  const huge = await admin.app.inject({ method: 'POST', url: '/rooms', payload: { name: 'x'.repeat(70 * 1024) }, headers });
  t.equal(huge.statusCode, 413);
  t.equal(huge.json().error, 'too-large');
  const missing = await admin.app.inject({ method: 'GET', url: '/nothing-here', headers });
  t.equal(missing.statusCode, 404);
  t.same(missing.json(), { error: 'not-found', reason: 'no such route' });
  const teapot = await admin.app.inject({ method: 'GET', url: '/teapot', headers });
  t.same([teapot.statusCode, teapot.json()], [418, { error: 'teapot', reason: 'short and stout' }]);
  const boom = await admin.app.inject({ method: 'GET', url: '/boom', headers });
  t.equal(boom.statusCode, 500);
  t.same(boom.json(), { error: 'internal', reason: 'internal error' });
});

t.test('listens on 127.0.0.1 by default over a real socket', async (t) => {
  const { admin } = server();
  t.teardown(() => admin.close());
  const address = await admin.listen();
  t.equal(address.host, '127.0.0.1');
  t.ok(address.port > 0);
  const response = await fetch(`${address.url}/health`);
  t.equal(response.status, 200);
  t.equal(((await response.json()) as { status: string }).status, 'ok');
  const denied = await fetch(`${address.url}/rooms`, { method: 'POST' });
  t.equal(denied.status, 401);
});

t.test('admin token: created once with mode 0600, env override, bad values refused', async (t) => {
  const dataDir = join(t.testdir(), 'data');
  const first = loadAdminToken({ dataDir, env: {} });
  t.ok(first.ok);
  if (!first.ok) return;
  t.equal(first.value.source, 'file-created');
  t.match(first.value.token, /^[A-Za-z0-9_-]{43}$/);
  t.equal(statSync(join(dataDir, 'admin.token')).mode & 0o777, 0o600);
  const second = loadAdminToken({ dataDir, env: {} });
  t.equal(second.ok && second.value.token, first.value.token);
  t.equal(second.ok && second.value.source, 'file');
  const env = loadAdminToken({ dataDir, env: { PINBRIDGE_ADMIN_TOKEN: 'from-the-environment-1234' } });
  t.same(env.ok && env.value, { token: 'from-the-environment-1234', source: 'env', path: undefined });
  const short = loadAdminToken({ dataDir, env: { PINBRIDGE_ADMIN_TOKEN: 'short' } });
  t.equal(short.ok ? 'ok' : short.error.code, 'bad-env-token');
  if (!short.ok) t.notMatch(short.error.message, 'short"');
  const loose = join(t.testdir(), 'loose');
  const opened = loadAdminToken({ dataDir: loose, env: {} });
  t.ok(opened.ok);
  writeFileSync(join(loose, 'admin.token'), 'x'.repeat(20));
  chmodSync(join(loose, 'admin.token'), 0o640);
  const insecure = loadAdminToken({ dataDir: loose, env: {} });
  t.equal(insecure.ok ? 'ok' : insecure.error.code, 'insecure-mode');
});
