import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from './create-logger.js';
import { escapeForLog } from './escape-for-log.js';

function capture(): { lines: () => Array<Record<string, unknown>>; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

t.test('JSON lines with secrets redacted at any of three levels', async (t) => {
  const out = capture();
  const logger = createLogger({ destination: out.stream });
  logger.info({ pin: '61749253', hostPin: '8017263945', call: { digits: '6174', room: '583920417' }, req: { headers: { authorization: 'Bearer abc123' } } }, 'entry');
  logger.warn({ deep: { er: { token: 'tok-xyz' } } }, 'nested');
  const [first, second] = out.lines();
  t.equal(first?.msg, 'entry');
  t.equal(first?.level, 30);
  t.equal(first?.pin, '[REDACTED]');
  t.equal(first?.hostPin, '[REDACTED]');
  t.same(first?.call, { digits: '[REDACTED]', room: '583920417' });
  t.same(first?.req, { headers: { authorization: '[REDACTED]' } });
  t.same(second?.deep, { er: { token: '[REDACTED]' } });
  const all = JSON.stringify(out.lines());
  for (const secret of ['61749253', '8017263945', '6174', 'abc123', 'tok-xyz']) t.notMatch(all, secret);
  t.match(String(first?.time), /^\d{4}-\d\d-\d\dT/, 'ISO timestamps');
});

t.test('levels filter', async (t) => {
  const out = capture();
  const logger = createLogger({ destination: out.stream, level: 'warn' });
  logger.info('hidden');
  logger.error('shown');
  t.same(out.lines().map((line) => line.msg), ['shown']);
});

t.test('escapeForLog neutralises control characters and caps length', async (t) => {
  t.equal(escapeForLog('Mary Smith'), 'Mary Smith');
  t.equal(escapeForLog('evil\r\nINFO fake line'), 'evil\\u{000d}\\u{000a}INFO fake line');
  t.equal(escapeForLog('\u001b[31mred'), '\\u{001b}[31mred');
  t.equal(escapeForLog('a\\b'), 'a\\\\b');
  t.equal(escapeForLog('abc\u202Egnp.exe'), 'abc\\u{202e}gnp.exe', 'bidi override');
  t.equal(escapeForLog('x'.repeat(10), 4), 'xxxx…');
  t.equal(escapeForLog('Zoë 日本'), 'Zoë 日本', 'printable Unicode is kept');
});
