import t from 'tap';
import { loadConfig } from '../config/index.js';
import { createAdminServer } from '../http/index.js';
import { ServerKey } from '../pins/index.js';
import { buildRoutingTable } from '../routing/index.js';
import { RoomStore, createRoomWithPins } from '../store/index.js';
import { createAbuseWiring } from './abuse-wiring.js';

const TOKEN = 'test-token-0123456789abcdef';
const ROOM = '604918273';
const PIN = '28461937';
const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));

function setUp(dir: string) {
  const store = RoomStore.open({ dataDir: dir, key });
  if (!store.ok) throw store.error;
  const config = loadConfig({ text: '', cwd: dir });
  if (!config.ok) throw config.error;
  const created = createRoomWithPins(store.value, { id: ROOM, pin: PIN, hostPin: '7305196284', source: 'cli' }, { roomIdLength: 9, pinLength: 8, hostPinLength: 10 });
  if (!created.ok) throw created.error;
  const lines: string[] = [];
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const abuse = createAbuseWiring({ config: config.value, store: store.value, logger, table: buildRoutingTable({ meetUser: 'meet', trunks: [] }), writeAuditLine: (line) => lines.push(line) });
  const admin = createAdminServer({ port: 0, token: TOKEN, routes: abuse.adminRoutes });
  const inject = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const response = await admin.app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload === undefined ? {} : { payload }) });
    return { status: response.statusCode, json: response.headers['content-type']?.toString().includes('json') === true ? (response.json() as Record<string, unknown>) : { text: response.body } };
  };
  return { store: store.value, abuse, admin, inject, lines, close: async () => { await admin.close(); store.value.close(); } };
}

const guest = (ip: string) => ({ kind: 'direct' as const, sourceAddress: ip, fromUser: 'alice', sourceKey: `ip:${ip}` });

t.test('operator actions over the admin API', async (t) => {
  const s = setUp(t.testdir());
  t.teardown(s.close);

  t.test('the token is required', async (t) => {
    const response = await s.admin.app.inject({ method: 'GET', url: '/policy/status' });
    t.equal(response.statusCode, 401);
  });

  t.test('lock refuses a correct PIN; unlock lifts it', async (t) => {
    t.equal((await s.inject('POST', `/policy/rooms/${ROOM}/lock`)).status, 200);
    const locked = await s.abuse.verify({ callId: 'c1', roomId: ROOM, role: 'guest', pin: PIN, caller: guest('192.0.2.1') });
    t.same(locked, { kind: 'refused', prompts: ['conference-locked'] });
    t.equal((await s.inject('POST', `/policy/rooms/${ROOM}/unlock`)).status, 200);
    t.same(await s.abuse.verify({ callId: 'c2', roomId: ROOM, role: 'guest', pin: PIN, caller: guest('192.0.2.1') }), { kind: 'ok' });
    const missing = await s.inject('POST', '/policy/rooms/111111111/lock');
    t.equal(missing.status, 404);
    t.match(missing.json['reason'], /does not exist/);
  });

  t.test('a schedule outside its window: "not active now", only after a correct PIN', async (t) => {
    const past = { kind: 'windows', windows: [{ start: '2020-01-01T10:00:00Z', end: '2020-01-01T11:00:00Z' }] };
    t.equal((await s.inject('PUT', `/policy/rooms/${ROOM}/schedule`, { schedule: past })).status, 200);
    t.same(await s.abuse.verify({ callId: 'c3', roomId: ROOM, role: 'guest', pin: PIN, caller: guest('192.0.2.2') }), { kind: 'refused', prompts: ['not-active'] });
    t.same(await s.abuse.verify({ callId: 'c4', roomId: ROOM, role: 'guest', pin: '83625917', caller: guest('192.0.2.2') }), { kind: 'invalid' }, 'a wrong PIN learns nothing about the schedule');
    const bad = await s.inject('PUT', `/policy/rooms/${ROOM}/schedule`, { schedule: { kind: 'windows', windows: [{ start: 'x', end: 'y' }] } });
    t.equal(bad.status, 400);
    t.match(bad.json['reason'], /start and end must be ISO times/);
    t.equal((await s.inject('PUT', `/policy/rooms/${ROOM}/schedule`, { schedule: 'always' })).status, 200);
    t.same(await s.abuse.verify({ callId: 'c5', roomId: ROOM, role: 'guest', pin: PIN, caller: guest('192.0.2.2') }), { kind: 'ok' });
  });

  t.test('one-time PINs: mint, list, revoke', async (t) => {
    const minted = await s.inject('POST', `/policy/rooms/${ROOM}/one-time-pins`, { start: '0s', end: '1h', maxUses: 2 });
    t.equal(minted.status, 200);
    const pin = String(minted.json['pin']);
    t.same(await s.abuse.verify({ callId: 'o1', roomId: ROOM, role: 'guest', pin, caller: guest('192.0.2.3') }), { kind: 'ok' });
    t.equal((await s.inject('DELETE', `/policy/one-time-pins/${String(minted.json['id'])}`)).status, 200);
    t.same(await s.abuse.verify({ callId: 'o2', roomId: ROOM, role: 'guest', pin, caller: guest('192.0.2.4') }), { kind: 'invalid' }, 'a revoked PIN no longer works');
    const listed = await s.inject('GET', `/policy/rooms/${ROOM}/one-time-pins`);
    t.match(JSON.stringify(listed.json), /"status":"revoked"/);
    t.notMatch(JSON.stringify(listed.json), pin);
    for (const [body, reason] of [[{ start: '0s' }, /start and end are required/], [{ start: '0s', end: '1h', maxUses: 0 }, /maxUses must be/], [{ start: '2h', end: '1h' }, /end must be after start/]] as const) {
      const bad = await s.inject('POST', `/policy/rooms/${ROOM}/one-time-pins`, body);
      t.equal(bad.status, 400);
      t.match(bad.json['reason'], reason);
    }
  });

  t.test('blocks: add, list, apply, remove; bad values are 400 with the reason', async (t) => {
    const added = await s.inject('POST', '/policy/blocks', { value: '198.51.100.0/24', expires: '2h', reason: 'scanner' });
    t.equal(added.status, 200);
    t.ok(s.abuse.blockList.isBlocked('ip:198.51.100.7'));
    const caller = await s.inject('POST', '/policy/blocks', { value: '+1 555 123 4567' });
    t.equal(caller.status, 200);
    t.ok(s.abuse.blockList.isBlocked('pstn:carrier|+15551234567'));
    t.equal(((await s.inject('GET', '/policy/blocks')).json['blocks'] as unknown[]).length, 2);
    for (const body of [{ value: '300.1.1.1' }, { value: '10.0.0.0/40' }, { value: '10.0.0.1', expires: 'yesterday' }, {}]) {
      const bad = await s.inject('POST', '/policy/blocks', body);
      t.equal(bad.status, 400, JSON.stringify(body));
      t.type(bad.json['reason'], 'string');
    }
    t.equal((await s.inject('DELETE', `/policy/blocks/${String(added.json['id'])}`)).status, 200);
    t.notOk(s.abuse.blockList.isBlocked('ip:198.51.100.7'));
    t.equal((await s.inject('DELETE', '/policy/blocks/999')).status, 404);
  });

  t.test('a source past its ladder hears why (too many attempts), even with the right PIN', async (t) => {
    for (let i = 0; i < 5; i++) t.same(await s.abuse.verify({ callId: `l${i}`, roomId: ROOM, role: 'guest', pin: '19283746', caller: guest('192.0.2.99') }), { kind: 'invalid' });
    t.same(await s.abuse.verify({ callId: 'l5', roomId: ROOM, role: 'guest', pin: PIN, caller: guest('192.0.2.99') }), { kind: 'refused', prompts: ['too-many-attempts'] });
    t.same(await s.abuse.verify({ callId: 'l6', roomId: '111111111', role: 'guest', pin: PIN, caller: guest('192.0.2.99') }), { kind: 'refused', prompts: ['too-many-attempts'] }, 'the same for an unknown room');
    t.ok(s.lines.some((l) => l.startsWith('pinbridge-audit {"event":"lock"') && l.includes('"scope":"source"')), 'the lock is audited');
    const locks = await s.inject('GET', '/policy/locks');
    t.equal(locks.status, 200);
    t.match(locks.json, { sources: [{ key: 'sip:192.0.2.99|alice', level: 1 }, { key: 'ip:192.0.2.99', level: 1 }], rooms: [{ roomId: ROOM, rolePath: 'participant', lockAt: 10, disableAt: 100 }] });
  });

  t.test('audit, reports, status and metrics never carry a PIN', async (t) => {
    await s.abuse.verify({ callId: 'f1', roomId: ROOM, role: 'guest', pin: '83625917', caller: guest('203.0.113.9') });
    const audit = await s.inject('GET', '/policy/audit?kind=pin-attempt&from=1h');
    t.equal(audit.status, 200);
    t.ok((audit.json['rows'] as unknown[]).length >= 5);
    t.ok((audit.json['rows'] as Array<{ callIdHash?: string; pinLength?: number }>).every((r) => /^[0-9a-f]{32}$/.test(r.callIdHash ?? '') && r.pinLength === 8), 'each attempt row has the Call-ID hash and the PIN length');
    t.equal((await s.inject('GET', '/policy/audit?from=last-week')).status, 400);
    const report = await s.inject('GET', '/policy/reports?from=1h');
    t.equal(report.status, 200);
    t.match(JSON.stringify(report.json['bySource']), /"sourceIp":"203\.0\.113\.9","failures":1/);
    const status = await s.inject('GET', '/policy/status');
    t.equal(status.status, 200);
    const metrics = await s.inject('GET', '/policy/metrics');
    t.match(String(metrics.json['text']), /pinbridge_policy_pin_attempts_total\{outcome="failure"\} [1-9]/);
    const everything = JSON.stringify([audit.json, report.json, status.json, metrics.json, s.lines, s.store.queryAudit({ limit: 10_000 })]);
    for (const secret of [PIN, '7305196284', '83625917']) t.notOk(everything.includes(secret.slice(0, 6)), `no window of ${secret.length}-digit secret`);
  });
});
