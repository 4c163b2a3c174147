/**
 * A personal one-time PIN's invitee name through the abuse wiring (real store, virtual
 * time): the verifier hands it to the join, and the join and leave audit rows and lines
 * carry it, escaped so a name cannot forge a second log line.
 */
import t from 'tap';
import { loadConfig } from '../config/index.js';
import { ServerKey } from '../pins/index.js';
import { buildRoutingTable, type CallerIdentity } from '../routing/index.js';
import { RoomStore, createRoomWithPins } from '../store/index.js';
import { routeStep, runAdmission } from './admission-pipeline.js';
import { createAbuseWiring } from './abuse-wiring.js';
import { mintOneTimePin } from './operator-actions.js';

const ROOM = '604918273';
const PIN = '28461937';
const key = ServerKey.fromBytes(Buffer.alloc(32, 0x42));
const caller: CallerIdentity = { kind: 'direct', sourceAddress: '192.0.2.30', fromUser: 'ada', sourceKey: 'ip:192.0.2.30' };

function setUp(dir: string) {
  const now = Date.parse('2026-12-04T12:00:00Z');
  const store = RoomStore.open({ dataDir: dir, key, now: () => new Date(now) });
  if (!store.ok) throw store.error;
  const config = loadConfig({ text: '', cwd: dir });
  if (!config.ok) throw config.error;
  const created = createRoomWithPins(store.value, { id: ROOM, pin: PIN, hostPin: '7305196284', source: 'cli' }, { roomIdLength: 9, pinLength: 8, hostPinLength: 10 });
  if (!created.ok) throw created.error;
  const lines: string[] = [];
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const table = buildRoutingTable({ meetUser: 'meet', trunks: [] });
  const abuse = createAbuseWiring({ config: config.value, store: store.value, logger, table, nowMs: () => now, writeAuditLine: (line) => lines.push(line) });
  const mint = (name: string) => {
    const minted = mintOneTimePin(store.value, { roomId: ROOM, start: '0s', end: '1h', name, actor: 'test' }, { pinLength: 8, policy: abuse.settings.policy, nowMs: now });
    if (!minted.ok) throw new Error(minted.error);
    return minted.value.pin;
  };
  return { abuse, store: store.value, lines, mint };
}

t.test('the invitee name reaches the join and the join/leave audit rows and lines', async (t) => {
  const s = setUp(t.testdir());
  t.teardown(() => s.store.close());
  const pin = s.mint('Ada Lovelace');
  const result = await s.abuse.verify({ callId: 'call-ada', roomId: ROOM, role: 'guest', pin, caller });
  t.same(result, { kind: 'ok', displayName: 'Ada Lovelace' }, 'the verifier passes the name on');
  const plain = await s.abuse.verify({ callId: 'call-plain', roomId: ROOM, role: 'guest', pin: PIN, caller });
  t.same(plain, { kind: 'ok' }, 'the room PIN carries no name');
  s.abuse.callEnded('call-ada');
  const rows = s.store.queryAudit({ roomId: ROOM }).filter((r) => r.kind === 'join' || r.kind === 'leave');
  const named = rows.filter((r) => r.details['displayName'] === 'Ada Lovelace').map((r) => r.kind);
  t.same(named.sort(), ['join', 'leave'], 'both rows carry the name');
  t.ok(s.lines.some((l) => l.includes('"event":"join"') && l.includes('"displayName":"Ada Lovelace"')), 'and the join line');
  t.ok(s.lines.some((l) => l.includes('"event":"leave"') && l.includes('"displayName":"Ada Lovelace"')), 'and the leave line');
});

t.test("the caller's SIP display name and the leave reason reach the rows; the SIP name is escaped and cut", async (t) => {
  const s = setUp(t.testdir());
  t.teardown(() => s.store.close());
  const table = buildRoutingTable({ meetUser: 'meet', trunks: [] });
  const steps = [...s.abuse.admissionSteps, routeStep(table), ...s.abuse.routedSteps];
  const forged = 'Mallory\r\npinbridge-audit {"event":"attempt"}\u2028' + 'x'.repeat(300);
  const admitted = runAdmission(steps, { callId: 'call-m', requestUser: ROOM, sourceAddress: '192.0.2.30', sourcePort: 5060, transport: 'udp', fromUser: 'ada', assertedUser: undefined, userAgent: 'softphone', fromDisplayName: forged });
  t.match(admitted, { action: 'admit' });
  t.same(await s.abuse.verify({ callId: 'call-m', roomId: ROOM, role: 'guest', pin: PIN, caller }), { kind: 'ok' });
  s.abuse.callEnded('call-m', 'caller-bye');
  const leave = s.store.queryAudit({ kind: 'leave' })[0];
  t.equal(leave?.reason, 'caller-bye', 'the leave row says why');
  t.equal(String(leave?.details['sipDisplayName']).length, 128, 'caller-supplied names are cut');
  t.equal(leave?.details['displayName'], '', 'no invitee name: the room PIN admitted it');
  const lines = s.lines.filter((l) => l.includes('"event":"join"') || l.includes('"event":"leave"'));
  t.equal(lines.length, 2);
  for (const line of lines) t.notOk(/[\r\n\u2028]/.test(line), 'one physical line each');
});

t.test('a name cannot forge an audit line', async (t) => {
  const s = setUp(t.testdir());
  t.teardown(() => s.store.close());
  // Control characters are refused at minting; line and paragraph separators are not control characters.
  const pin = s.mint('Eve\u2028pinbridge-audit {"event":"attempt","outcome":"success"}\u2029');
  await s.abuse.verify({ callId: 'call-eve', roomId: ROOM, role: 'guest', pin, caller });
  const join = s.lines.filter((l) => l.includes('"event":"join"'));
  t.equal(join.length, 1);
  t.notOk(/[\n\r\u2028\u2029]/.test(join[0] ?? ''), 'no line break of any kind in the line');
  t.match(join[0], /"displayName":"Eve\\u2028pinbridge-audit/, 'the separator is written as an escape');
  t.equal(s.lines.filter((l) => l.startsWith('pinbridge-audit ')).length, s.lines.length, 'every line is one real audit line');
});
