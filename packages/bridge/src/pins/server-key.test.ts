import t from 'tap';
import { chmodSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadServerKey, SERVER_KEY_ENV } from './server-key.js';
import { hashPin } from './hash-pin.js';

t.test('first start creates server.key with mode 0600; later starts reuse it', async (t) => {
  const dataDir = join(t.testdir(), 'data');
  const first = loadServerKey({ dataDir, env: {} });
  t.ok(first.ok);
  if (!first.ok) return;
  t.equal(first.value.source, 'file-created');
  const path = join(dataDir, 'server.key');
  t.equal(statSync(path).mode & 0o777, 0o600);
  t.equal(readFileSync(path).length, 32);
  const second = loadServerKey({ dataDir, env: {} });
  t.ok(second.ok);
  if (!second.ok) return;
  t.equal(second.value.source, 'file');
  t.equal(hashPin(second.value, '583920417', 'participant', '61749253'), hashPin(first.value, '583920417', 'participant', '61749253'));
});

t.test('a key file readable by others is refused', async (t) => {
  const dataDir = t.testdir();
  const path = join(dataDir, 'server.key');
  writeFileSync(path, Buffer.alloc(32, 7));
  chmodSync(path, 0o644);
  const loaded = loadServerKey({ dataDir, env: {} });
  t.equal(loaded.ok, false);
  if (!loaded.ok) {
    t.equal(loaded.error.code, 'insecure-mode');
    t.match(loaded.error.message, /server\.key.*0644/);
  }
});

t.test('a short key file is refused', async (t) => {
  const dataDir = t.testdir();
  const path = join(dataDir, 'server.key');
  writeFileSync(path, Buffer.alloc(16, 7), { mode: 0o600 });
  const loaded = loadServerKey({ dataDir, env: {} });
  t.equal(loaded.ok ? 'ok' : loaded.error.code, 'bad-content');
});

t.test('PINBRIDGE_SERVER_KEY overrides the file (hex or base64) and no file is written', async (t) => {
  const dataDir = join(t.testdir(), 'data');
  mkdirSync(dataDir);
  const bytes = Buffer.alloc(32, 0xab);
  const hex = loadServerKey({ dataDir, env: { [SERVER_KEY_ENV]: 'ab'.repeat(32) } });
  const b64 = loadServerKey({ dataDir, env: { [SERVER_KEY_ENV]: bytes.toString('base64') } });
  t.ok(hex.ok && b64.ok);
  if (!hex.ok || !b64.ok) return;
  t.equal(hex.value.source, 'env');
  t.equal(hashPin(hex.value, '1', 'host', '2'), hashPin(b64.value, '1', 'host', '2'), 'both spell the same key');
  t.throws(() => statSync(join(dataDir, 'server.key')), 'no key file');
  const short = loadServerKey({ dataDir, env: { [SERVER_KEY_ENV]: 'abcd' } });
  t.equal(short.ok ? 'ok' : short.error.code, 'bad-env-key');
  if (!short.ok) t.notMatch(short.error.message, 'abcd');
});

t.test('the key never prints itself', async (t) => {
  const loaded = loadServerKey({ dataDir: t.testdir(), env: { [SERVER_KEY_ENV]: 'cd'.repeat(32) } });
  t.ok(loaded.ok);
  if (!loaded.ok) return;
  t.notMatch(JSON.stringify({ key: loaded.value }), 'cdcd');
  t.notMatch(inspect(loaded.value), 'cdcd');
  t.notMatch(String(loaded.value), 'cdcd');
});
