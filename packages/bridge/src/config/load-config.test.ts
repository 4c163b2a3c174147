import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './load-config.js';

function messageOf(text: string, overrides = {}): string {
  const result = loadConfig({ text, cwd: '/srv/pinbridge', overrides });
  return result.ok ? 'ok' : result.error.message;
}

t.test('no file: the documented defaults', async (t) => {
  const result = loadConfig({ cwd: '/srv/pinbridge' });
  t.ok(result.ok);
  if (!result.ok) return;
  const c = result.value;
  t.same(c.sip.listen, [
    { transport: 'udp', host: '0.0.0.0', port: 5060 },
    { transport: 'tcp', host: '0.0.0.0', port: 5060 },
  ]);
  t.equal(c.media.bindAddress, '0.0.0.0');
  t.equal(c.media.rtpPortMin, 20000);
  t.equal(c.media.rtpPortMax, 30000);
  t.equal(c.media.rtpTimeoutMs, 30000);
  t.equal(c.media.maxPacketsPerSecond, 200, 'SECURITY.md: at most 200 pps per audio stream');
  t.ok(c.media.workers >= 1);
  t.same(c.http, { enabled: true, host: '127.0.0.1', port: 8089 });
  t.equal(c.dataDir, '/srv/pinbridge/data');
  t.equal(c.recordingsDir, '/srv/pinbridge/data/recordings');
  t.equal(c.promptsDir, undefined);
  t.same(c.ivr, {
    meetUser: 'meet',
    language: 'en',
    firstDigitTimeoutMs: 10000,
    interDigitTimeoutMs: 5000,
    triesPerCall: 3,
    failurePauseMs: 2000,
    roomIdLength: 9,
    pinLength: 8,
    hostPinLength: 10,
    ivrMaxMs: 60000,
  });
  t.same(c.trunks, []);
  t.same(c.rooms, []);
  t.same(c.policy, {});
  t.equal(c.webhook, undefined);
});

const FULL = `
sip:
  listen:
    - { transport: udp, host: 192.0.2.10, port: 5070 }
media:
  bindAddress: 192.0.2.10
  publicAddress: 198.51.100.7
  rtpPortMin: 40000
  rtpPortMax: 40100
  workers: 2
  rtpTimeoutMs: 20000
http: { host: 127.0.0.1, port: 9000 }
dataDir: var/data
promptsDir: prompts-fr
recordingsDir: /var/rec
ivr:
  meetUser: conf
  language: fr
  pinLength: 9
trunks:
  - name: carrier-a
    cidrs: [203.0.113.0/24, "2001:db8::/32", 198.51.100.1]
    dids:
      "+15551234567": ivr
      "+15557654321": 583920417
rooms:
  - { id: "583920417", name: "Weekly sync", waitForHost: false, maxParticipants: 20 }
policy:
  perSource: { failures: 5 }
webhook:
  url: https://ops.example.com/hook
`;

t.test('a full file parses, relative paths resolve against its folder', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'pinbridge.yaml');
  writeFileSync(file, FULL);
  const result = loadConfig({ file, cwd: '/elsewhere' });
  t.ok(result.ok, result.ok ? '' : result.error.message);
  if (!result.ok) return;
  const c = result.value;
  t.same(c.sip.listen, [{ transport: 'udp', host: '192.0.2.10', port: 5070 }]);
  t.same(c.media, { bindAddress: '192.0.2.10', publicAddress: '198.51.100.7', rtpPortMin: 40000, rtpPortMax: 40100, workers: 2, rtpTimeoutMs: 20000, maxPacketsPerSecond: 200 });
  t.same(c.http, { enabled: true, host: '127.0.0.1', port: 9000 });
  t.equal(c.dataDir, join(dir, 'var/data'));
  t.equal(c.promptsDir, join(dir, 'prompts-fr'));
  t.equal(c.recordingsDir, '/var/rec');
  t.equal(c.ivr.meetUser, 'conf');
  t.equal(c.ivr.language, 'fr');
  t.equal(c.ivr.pinLength, 9);
  t.equal(c.ivr.hostPinLength, 10, 'unset fields keep their default');
  t.same(c.trunks, [{ name: 'carrier-a', cidrs: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.1'], dids: { '+15551234567': 'ivr', '+15557654321': '583920417' } }]);
  t.same(c.rooms, [{ id: '583920417', name: 'Weekly sync', waitForHost: false, maxParticipants: 20 }]);
  t.same(c.policy, { perSource: { failures: 5 } });
  t.same(c.webhook, { url: 'https://ops.example.com/hook' });
});

t.test('flags override the file; relative flag paths resolve against the working directory', async (t) => {
  const result = loadConfig({
    text: FULL,
    cwd: '/srv/pinbridge',
    overrides: { dataDir: 'd2', sipHost: '127.0.0.1', sipPort: '5090', rtpPortMin: 41000, rtpPortMax: '41200', httpPort: '0' },
  });
  t.ok(result.ok);
  if (!result.ok) return;
  t.equal(result.value.dataDir, '/srv/pinbridge/d2');
  t.equal(result.value.recordingsDir, '/var/rec');
  t.same(result.value.sip.listen, [{ transport: 'udp', host: '127.0.0.1', port: 5090 }]);
  t.equal(result.value.media.rtpPortMin, 41000);
  t.equal(result.value.media.rtpPortMax, 41200);
  t.equal(result.value.http.port, 0);
});

t.test('errors name the field path and the value', async (t) => {
  t.equal(messageOf('ivr: { pinLength: abc }'), 'config: ivr.pinLength: must be an integer between 6 and 12, got "abc"');
  t.equal(messageOf('ivr: { pinLength: 5 }'), 'config: ivr.pinLength: must be an integer between 6 and 12, got 5');
  t.equal(messageOf('media: { maxPacketsPerSecond: 5 }'), 'config: media.maxPacketsPerSecond: must be an integer between 50 and 10000, got 5');
  t.equal(messageOf('ivr: { pinLenght: 8 }'), 'config: ivr.pinLenght: unknown field (allowed here: meetUser, language, firstDigitTimeoutMs, interDigitTimeoutMs, triesPerCall, failurePauseMs, roomIdLength, pinLength, hostPinLength, ivrMaxMs)');
  t.equal(messageOf('media: { rtpPortMin: 30000, rtpPortMax: 20000 }'), 'config: media.rtpPortMax: must be greater than the RTP port minimum 30000, got 20000');
  t.equal(messageOf('sip: { listen: [ { transport: sctp } ] }'), 'config: sip.listen[0].transport: must be "udp" or "tcp", got "sctp"');
  t.equal(messageOf('sip: { listen: [ { transport: udp, host: "my host" } ] }'), 'config: sip.listen[0].host: must be an IPv4 or IPv6 address, got "my host"');
  t.equal(messageOf('trunks: [ { name: a, cidrs: [ 10.0.0.0/33 ] } ]'), 'config: trunks[0].cidrs[0]: must be an IP address or CIDR range such as 203.0.113.0/24, got "10.0.0.0/33"');
  t.equal(messageOf('trunks: [ { name: a, cidrs: [ 10.0.0.0/8 ], dids: { "+1555": "lobby" } } ]'), 'config: trunks[0].dids.+1555: must be "ivr" or a room ID of 8-12 digits, got "lobby"');
  t.equal(messageOf('rooms: [ { id: "12ab" } ]'), 'config: rooms[0].id: must be a room ID of 8-12 digits, got "12ab"');
  t.equal(messageOf('rooms: [ { id: "583920417" }, { id: "583920417" } ]'), 'config: rooms[1].id: duplicate id "583920417"');
  t.equal(messageOf('webhook: { url: "ftp://x" }'), 'config: webhook.url: must be an http:// or https:// URL');
  t.equal(messageOf('policy: 7'), 'config: policy: must be a mapping, got 7');
  t.equal(messageOf('- a\n- b'), 'config: (top level): must be a mapping, got a list');
  t.equal(messageOf('colour: blue'), 'config: colour: unknown field (allowed here: sip, media, http, dataDir, promptsDir, recordingsDir, ivr, trunks, rooms, policy, webhook)');
});

t.test('every problem is reported, not just the first', async (t) => {
  const result = loadConfig({ text: 'ivr: { pinLength: 99, triesPerCall: 0 }\nhttp: { port: -1 }', cwd: '/' });
  t.equal(result.ok, false);
  if (result.ok) return;
  t.same(
    result.error.issues.map((issue) => issue.path),
    ['http.port', 'ivr.triesPerCall', 'ivr.pinLength'],
  );
  t.equal(result.error.code, 'invalid');
});

t.test('flag errors name the flag', async (t) => {
  t.equal(messageOf('', { sipPort: 'abc' }), 'config: --sip-port: must be an integer between 0 and 65535, got "abc"');
  t.equal(messageOf('', { rtpPortMin: '80' }), 'config: --rtp-min: must be an integer between 1024 and 65535, got "80"');
  t.equal(messageOf('', { rtpPortMin: '30000', rtpPortMax: '30000' }), 'config: --rtp-max: must be greater than the RTP port minimum 30000, got 30000');
  t.equal(messageOf('', { sipHost: 'example.com' }), 'config: --sip-host: must be an IPv4 or IPv6 address, got "example.com"');
});

t.test('secrets are never echoed', async (t) => {
  const pinMessage = messageOf('rooms: [ { id: "583920417", pin: "61749253", hostPin: "6174925380" } ]');
  t.match(pinMessage, 'rooms[0].pin: PINs are not accepted in the config file');
  t.match(pinMessage, 'rooms[0].hostPin: PINs are not accepted in the config file');
  t.notMatch(pinMessage, '61749253');
  const tokenMessage = messageOf('http: { token: "s3cr3t-token" }');
  t.match(tokenMessage, 'http.token: the admin token is not read from the config file');
  t.notMatch(tokenMessage, 's3cr3t');
  const hookMessage = messageOf('webhook: { url: "hxxp://ops/?key=hunter2" }');
  t.notMatch(hookMessage, 'hunter2');
  const secretLeaf = messageOf('policy: 1\nivr: { secret: "hunter2" }');
  t.notMatch(secretLeaf, 'hunter2');
});

t.test('YAML syntax errors give the position, not the source line', async (t) => {
  const result = loadConfig({ text: 'ivr:\n  pinLength: 8\n   meetUser: "x: [61749253', cwd: '/' });
  t.equal(result.ok, false);
  if (result.ok) return;
  t.equal(result.error.code, 'yaml-syntax');
  t.equal(result.error.message, 'config: line 2, column 14: Nested mappings are not allowed in compact mappings');
  t.equal(result.error.message.split('\n').length, 1, 'one line, no source excerpt');
  t.notMatch(result.error.message, '61749253');
  const duplicate = loadConfig({ text: 'ivr: {}\nivr: {}', cwd: '/' });
  t.equal(duplicate.ok ? 'ok' : duplicate.error.code, 'yaml-syntax', 'duplicate keys are refused');
});

t.test('an unreadable file is a file-unreadable error', async (t) => {
  const result = loadConfig({ file: '/nonexistent/pinbridge.yaml' });
  t.equal(result.ok ? 'ok' : result.error.code, 'file-unreadable');
});

t.test('an empty file means the defaults', async (t) => {
  t.equal(messageOf(''), 'ok');
  t.equal(messageOf('# only a comment\n'), 'ok');
});

t.test('config rooms may set the moderation options; bad values name the field', async (t) => {
  const loaded = loadConfig({ text: 'rooms:\n  - { id: "583920417", recordNames: true, announce: name, autoLock: true, endWhenHostLeaves: true, hostGraceMs: 60000 }\n  - { id: "583920418" }\n' });
  t.ok(loaded.ok);
  if (!loaded.ok) return;
  t.same(loaded.value.rooms[0]?.moderation, { recordNames: true, autoLock: true, endWhenHostLeaves: true, hostGraceMs: 60000, announce: 'name' });
  t.equal(loaded.value.rooms[1]?.moderation, undefined, 'nothing given, nothing set');
  t.equal(messageOf('rooms: [ { id: "583920417", announce: loud } ]'), 'config: rooms[0].announce: must be "tone", "name" or "none", got "loud"');
  t.equal(messageOf('rooms: [ { id: "583920417", autoLock: sometimes } ]'), 'config: rooms[0].autoLock: must be true or false, got "sometimes"');
  t.equal(messageOf('rooms: [ { id: "583920417", hostGraceMs: 7200000 } ]'), 'config: rooms[0].hostGraceMs: must be an integer between 0 and 3600000, got 7200000');
  t.match(messageOf('rooms: [ { id: "583920417", announce: name, recordNames: false } ]'), 'rooms[0].announce: "name" needs recordNames: true');
  t.match(messageOf('rooms: [ { id: "583920417", autolock: true } ]'), 'rooms[0].autolock: unknown field (allowed here: id, name, waitForHost, maxParticipants, recordNames, autoLock');
});
