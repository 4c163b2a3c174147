import t from 'tap';
import fc from 'fast-check';
import { decodeInfoBody } from './decode-info-body.js';
import { sipStatusForDtmfError } from '../dtmf-error.js';

// Bodies as gateways and softphones send them (Cisco, Asterisk, FreeSWITCH, Grandstream, Polycom styles).
const relay: ReadonlyArray<[string, string, string, number]> = [
  ['Cisco CRLF', 'Signal=5\r\nDuration=160\r\n', '5', 160],
  ['Asterisk LF', 'Signal=1\nDuration=250\n', '1', 250],
  ['spaces around =', 'Signal = 9\r\nDuration = 100\r\n', '9', 100],
  ['lower-case keys', 'signal=#\r\nduration=120\r\n', '#', 120],
  ['upper-case keys', 'SIGNAL=*\r\nDURATION=80\r\n', '*', 80],
  ['numeric star', 'Signal=10\r\nDuration=160\r\n', '*', 160],
  ['numeric hash', 'Signal=11\r\nDuration=160\r\n', '#', 160],
  ['letter key lower case', 'Signal=a\r\nDuration=100\r\n', 'A', 100],
  ['no duration', 'Signal=7\r\n', '7', 100],
  ['no trailing newline', 'Signal=0\r\nDuration=200', '0', 200],
  ['leading blank line and tabs', '\r\n\tSignal=3\t\r\nDuration=90\r\n', '3', 90],
  ['duration first', 'Duration=160\r\nSignal=8\r\n', '8', 160],
];
for (const [name, body, digit, durationMs] of relay) {
  t.test(`dtmf-relay: ${name}`, async (t) => {
    t.same(decodeInfoBody('application/dtmf-relay', body), { ok: true, value: { digit, durationMs } });
  });
}

t.test('content type parameters and case are tolerated; bytes work as well as strings', async (t) => {
  t.same(decodeInfoBody('Application/DTMF-Relay; charset=utf-8', new TextEncoder().encode('Signal=4\r\nDuration=100\r\n')), {
    ok: true,
    value: { digit: '4', durationMs: 100 },
  });
});

const bare: ReadonlyArray<[string, string]> = [['5', '5'], ['#\r\n', '#'], [' * ', '*'], ['11', '#'], ['d', 'D'], ['Signal=2', '2']];
for (const [body, digit] of bare) {
  t.test(`application/dtmf ${JSON.stringify(body)}`, async (t) => {
    t.same(decodeInfoBody('application/dtmf', body), { ok: true, value: { digit, durationMs: 100 } });
  });
}

const bad: ReadonlyArray<[string, string, string, number]> = [
  ['text/plain', 'Signal=5', 'unsupported-content-type', 415],
  ['application/dtmf-relay', 'Duration=100\r\n', 'bad-signal', 400],
  ['application/dtmf-relay', 'Signal=Z\r\n', 'bad-signal', 400],
  ['application/dtmf-relay', 'Signal=55\r\n', 'bad-signal', 400],
  ['application/dtmf-relay', 'Signal=5\r\nDuration=-1\r\n', 'bad-duration', 400],
  ['application/dtmf-relay', 'Signal=5\r\nDuration=ten\r\n', 'bad-duration', 400],
  ['application/dtmf-relay', 'hello world', 'bad-body', 400],
  ['application/dtmf', '16', 'bad-signal', 400],
  ['application/dtmf', '', 'bad-signal', 400],
  ['application/dtmf-relay', 'Signal=5\r\n' + 'x'.repeat(2000), 'bad-body', 400],
];
for (const [type, body, code, status] of bad) {
  t.test(`refused: ${type} ${JSON.stringify(body.slice(0, 30))}`, async (t) => {
    const got = decodeInfoBody(type, body);
    t.equal(got.ok, false);
    if (!got.ok) {
      t.equal(got.error.code, code);
      t.equal(sipStatusForDtmfError(got.error.code), status);
    }
  });
}

t.test('property: arbitrary bodies never throw', async (t) => {
  const seed = Date.now() % 100000;
  t.comment(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(fc.constantFrom('application/dtmf-relay', 'application/dtmf', 'x/y'), fc.uint8Array({ maxLength: 200 }), (type, body) => {
      decodeInfoBody(type, body);
    }),
    { seed, numRuns: 500 },
  );
  t.pass('no throw');
});
