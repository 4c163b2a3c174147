import t from 'tap';
import { DAY_MS, HOUR_MS, ManualClock } from './clock.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AUDIT_LINE_PREFIX, formatAuditLogLine } from './audit-event.js';
import type { AuditEvent } from './audit-event.js';
import { failuresByHourOfDay, failuresBySource } from './audit-reports.js';
import { POLICY_DEFAULTS } from './policy-config.js';

const attempt = (at: number, sourceIp: string, outcome: 'success' | 'failure' | 'refused' = 'failure'): AuditEvent => ({
  event: 'attempt', at, callIdHash: 'c0ffee', roomId: '123456789', rolePath: 'participant', sourceIp, callerId: '+4930555', attempt: 1, outcome, reason: 'wrong-pin', pinLength: 8, pin: '[REDACTED]',
});

t.test('audit line: JSON, fixed order, no PIN digits, no forged lines', async (t) => {
  const pin = '73925184';
  const smuggled = { ...attempt(0, '203.0.113.5'), pin: pin } as unknown as AuditEvent;
  const line = formatAuditLogLine(smuggled);
  t.notMatch(line, pin, 'PIN digits never appear even if a caller passes them');
  t.match(line, '"pin":"[REDACTED]"');
  t.ok(line.startsWith(`${AUDIT_LINE_PREFIX}{"event":"attempt","at":0,"outcome":"failure","sourceIp":"203.0.113.5"`));
  t.same(JSON.parse(line.slice(AUDIT_LINE_PREFIX.length)).pinLength, 8);
  const join: AuditEvent = { event: 'join', at: 0, callIdHash: 'x', roomId: 'r', rolePath: 'participant', sourceIp: '192.0.2.1', callerId: '1', displayName: 'Eve\r\npinbridge-audit {"event":"attempt","outcome":"failure","sourceIp":"9.9.9.9"}\u2028\u0085\u007f', userAgent: 'UA\u0000\u001b[31m' };
  const joinLine = formatAuditLogLine(join);
  const isControl = (c: number) => c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
  t.notOk([...joinLine].some((ch) => isControl(ch.charCodeAt(0))), 'no raw control or line-separator characters');
  t.equal(joinLine.split('\n').length, 1);
  t.notMatch(joinLine, /,"sourceIp":"9\.9\.9\.9"/, 'quotes are escaped, so the fail2ban regex cannot match the forged part');
  const parsed = JSON.parse(joinLine.slice(AUDIT_LINE_PREFIX.length)) as { displayName: string };
  t.match(parsed.displayName, 'Eve\r\n', 'the text survives, escaped');
});

t.test('fail2ban filter regex from the README matches failures only', async (t) => {
  const failregex = /^.*pinbridge-audit \{"event":"attempt","at":\d+,"outcome":"failure","sourceIp":"([0-9A-Fa-f.:]+)"/;
  t.equal(formatAuditLogLine(attempt(5, '2001:db8::7')).match(failregex)?.[1], '2001:db8::7');
  t.equal(formatAuditLogLine(attempt(5, '203.0.113.5', 'success')).match(failregex), null);
});

t.test('reports: failures by source and by hour of day', async (t) => {
  const base = Date.UTC(2026, 10, 23, 0, 0, 0);
  const events = [attempt(base + 3 * HOUR_MS, 'a'), attempt(base + 3 * HOUR_MS + 1, 'b'), attempt(base + 4 * HOUR_MS, 'a'), attempt(base + 4 * HOUR_MS, 'a', 'success'), attempt(base + 2 * DAY_MS, 'c')];
  const range = { fromMs: base, toMs: base + DAY_MS };
  t.same(failuresBySource(events, range), [{ sourceIp: 'a', failures: 2 }, { sourceIp: 'b', failures: 1 }]);
  const hours = failuresByHourOfDay(events, range);
  t.equal(hours.length, 24);
  t.equal(hours[3], 2);
  t.equal(hours[4], 1);
  t.equal(hours.reduce((x, y) => x + y, 0), 3);
});

t.test('alert dispatcher: dedupe per room+cause per hour, retries with backoff, bounded queue', async (t) => {
  const clock = new ManualClock(0);
  const posted: string[] = [];
  const waits: number[] = [];
  let failNext = 2;
  const dispatcher = new AlertDispatcher({
    config: POLICY_DEFAULTS, clock, webhookUrl: 'https://ops.example/hook',
    post: async (_url, body) => {
      if (failNext > 0) { failNext--; throw new Error('503'); }
      posted.push(body);
    },
    sleep: async (ms) => { waits.push(ms); },
  });
  dispatcher.alert({ cause: 'room-locked', roomId: 'R', atMs: 0, detail: 'x' });
  dispatcher.alert({ cause: 'room-locked', roomId: 'R', atMs: 0, detail: 'again' });
  dispatcher.alert({ cause: 'room-failures', roomId: 'R', atMs: 0, detail: 'other cause' });
  await dispatcher.idle();
  t.equal(posted.length, 2);
  t.same(waits, [1000, 2000], 'exponential backoff');
  t.match(JSON.parse(posted[0] ?? '{}'), { source: 'pinbridge', cause: 'room-locked', roomId: 'R' });
  clock.advance(HOUR_MS);
  dispatcher.alert({ cause: 'room-locked', roomId: 'R', atMs: HOUR_MS, detail: 'an hour later' });
  await dispatcher.idle();
  t.equal(posted.length, 3);
  t.match(dispatcher.counters(), { deduped: 1, delivered: 3, retries: 2, failed: 0 });

  const hung = new AlertDispatcher({ config: POLICY_DEFAULTS, clock, webhookUrl: 'u', post: () => new Promise<void>(() => undefined) });
  for (let i = 0; i < 150; i++) hung.alert({ cause: 'room-locked', roomId: `r${i}`, atMs: 0, detail: '' });
  t.equal(hung.counters().droppedFull, 49, 'queue bounded at 100 (one in flight) and alert() returned at once');

  const failing = new AlertDispatcher({ config: POLICY_DEFAULTS, clock, webhookUrl: 'u', post: () => Promise.reject(new Error('down')), sleep: async () => undefined });
  failing.alert({ cause: 'pin-disabled', roomId: 'R', atMs: 0, detail: '' });
  await failing.idle();
  t.match(failing.counters(), { failed: 1, retries: 3 });
});
