import t from 'tap';
import { DEFAULT_ROOM_MODERATION, parseRoomModerationOptions } from './room-moderation-options.js';

t.test('a room that sets nothing gets the defaults', async (t) => {
  const parsed = parseRoomModerationOptions({ waitForHost: true, maxParticipants: 10 });
  t.same(parsed.problems, []);
  t.equal(parsed.value.announce, 'tone');
  t.equal(parsed.value.noHostTimeoutMs, 15 * 60_000);
  t.equal(parsed.value.maxCallDurationMs, 12 * 3_600_000);
  t.equal(parsed.value.keyMap.get('*7')?.action, 'toggle-lock');
  t.same(parseRoomModerationOptions(undefined).value, DEFAULT_ROOM_MODERATION);
});

t.test('options are read by name', async (t) => {
  const parsed = parseRoomModerationOptions({
    announce: 'name',
    recordNames: true,
    autoLock: true,
    autoRecord: true,
    endWhenHostLeaves: true,
    hostGraceMs: 60_000,
    noHostTimeoutMs: 5 * 60_000,
    maxCallDurationMs: 3_600_000,
    keyMap: { 'toggle-lock': '*71' },
  });
  t.same(parsed.problems, []);
  t.match(parsed.value, { announce: 'name', recordNames: true, autoLock: true, autoRecord: true, endWhenHostLeaves: true, hostGraceMs: 60_000, noHostTimeoutMs: 300_000, maxCallDurationMs: 3_600_000 });
  t.equal(parsed.value.keyMap.get('*71')?.action, 'toggle-lock');
  t.equal(parsed.value.keyMap.get('*7'), undefined, 'the old sequence is gone');
});

t.test('a bad value is reported by field name and its default is kept', async (t) => {
  const parsed = parseRoomModerationOptions({ announce: 'loud', autoLock: 'yes', hostGraceMs: -5, noHostTimeoutMs: 1.5, keyMap: { 'toggle-lock': '*6' } });
  t.same(
    parsed.problems.map((p) => p.field),
    ['announce', 'keyMap.toggle-lock', 'autoLock', 'hostGraceMs', 'noHostTimeoutMs'],
  );
  t.match(parsed.problems.find((p) => p.field === 'keyMap.toggle-lock')?.message, /already bound/);
  t.equal(parsed.value.announce, 'tone');
  t.equal(parsed.value.autoLock, false);
  t.equal(parsed.value.hostGraceMs, 0);
  t.equal(parsed.value.keyMap.get('*7')?.action, 'toggle-lock', 'a refused key map keeps the default map');
  t.match(parseRoomModerationOptions({ keyMap: ['*7'] }).problems, [{ field: 'keyMap', message: /map actions/ }]);
});
