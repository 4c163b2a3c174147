import t from 'tap';
import { DigitCollector, type EntryOptions } from './digit-collector.js';
import type { DtmfDigitEvent, DtmfSource, DtmfDigit } from '../dtmf-digit.js';

const ev = (digit: DtmfDigit, source: DtmfSource = 'rfc4733'): DtmfDigitEvent => ({ digit, durationMs: 100, endedAtMs: 0, source });
const ROOM_ID: EntryOptions = { maxLength: 12, autoSubmitLength: 9, firstDigitTimeoutMs: 10000, interDigitTimeoutMs: 5000 };
const PIN: EntryOptions = { maxLength: 12, autoSubmitLength: 8, firstDigitTimeoutMs: 10000, interDigitTimeoutMs: 5000, allowLeadingStar: true };

function type(c: DigitCollector, digits: string, startMs: number, stepMs = 300, source: DtmfSource = 'rfc4733') {
  return [...digits].flatMap((d, i) => c.push(ev(d as DtmfDigit, source), startMs + i * stepMs));
}

t.test('auto-submit at the expected length, first digit reported for barge-in', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  const out = type(c, '123456789', 1000);
  t.same(out, [
    { kind: 'first-digit', digit: '1' },
    { kind: 'entry-complete', digits: '123456789', reason: 'auto-submit' },
  ]);
});

t.test('a # right after an auto-submitted entry is swallowed, not the next first digit', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  type(c, '123456789', 0);
  c.start(PIN, 2500);
  t.same(c.push(ev('#'), 2700), [], 'swallowed');
  const out = type(c, '24681357', 3000);
  t.same(out.at(-1), { kind: 'entry-complete', digits: '24681357', reason: 'auto-submit' });
  t.same(out[0], { kind: 'first-digit', digit: '2' });
});

t.test('# ends a shorter entry', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  t.same(type(c, '1234#', 0).at(-1), { kind: 'entry-complete', digits: '1234', reason: 'terminator' });
});

t.test('* clears the entry, except as the leading host-path star', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  t.same(type(c, '12*98#', 0).at(-1), { kind: 'entry-complete', digits: '98', reason: 'terminator' });
  c.start(PIN, 5000);
  const out = type(c, '*1357924680', 5000);
  t.same(out[0], { kind: 'first-digit', digit: '*' });
  t.same(out.at(-1), { kind: 'entry-complete', digits: '*13579246', reason: 'auto-submit' }, 'the star does not count toward the length');
});

t.test('max length submits', async (t) => {
  const c = new DigitCollector();
  c.start({ maxLength: 4, firstDigitTimeoutMs: 1000, interDigitTimeoutMs: 1000 }, 0);
  t.same(type(c, '9876', 0).at(-1), { kind: 'entry-complete', digits: '9876', reason: 'max-length' });
});

t.test('first-digit and inter-digit timeouts in virtual time', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  t.same(c.poll(9999), []);
  t.equal(c.deadline, 10000);
  t.same(c.poll(10000), [{ kind: 'entry-timeout', reason: 'first-digit' }]);
  c.start(ROOM_ID, 20000);
  type(c, '12', 20000);
  t.equal(c.deadline, 25300);
  t.same(c.poll(25299), []);
  t.same(c.poll(25300), [{ kind: 'entry-complete', digits: '12', reason: 'inter-digit-timeout' }]);
  t.same(c.poll(99999), [], 'nothing after the entry closed');
});

t.test('the same key from two sources within the window counts once', async (t) => {
  const c = new DigitCollector({ duplicateWindowMs: 500 });
  c.start({ maxLength: 12, firstDigitTimeoutMs: 10000, interDigitTimeoutMs: 5000 }, 0);
  c.push(ev('4', 'rfc4733'), 100);
  c.push(ev('4', 'info'), 300);
  c.push(ev('4', 'rfc4733'), 900);
  c.push(ev('4', 'info'), 1100);
  c.push(ev('5', 'info'), 1200);
  t.same(c.push(ev('#', 'info'), 1500).at(-1), { kind: 'entry-complete', digits: '445', reason: 'terminator' });
});

t.test('the same key twice from one source is two digits', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  c.push(ev('1', 'info'), 0);
  c.push(ev('1', 'info'), 150);
  t.same(c.push(ev('#', 'info'), 300).at(-1), { kind: 'entry-complete', digits: '11', reason: 'terminator' });
});

t.test('in-band digits are ignored once RFC 4733 is seen', async (t) => {
  const c = new DigitCollector();
  c.start(ROOM_ID, 0);
  c.push(ev('1', 'inband'), 0);
  c.push(ev('2', 'rfc4733'), 1000);
  t.ok(c.usesRfc4733);
  c.push(ev('3', 'inband'), 2000);
  t.same(c.push(ev('#', 'rfc4733'), 3000).at(-1), { kind: 'entry-complete', digits: '12', reason: 'terminator' });
});

t.test('discard drops every digit until the next start', async (t) => {
  const c = new DigitCollector();
  c.start(PIN, 0);
  c.push(ev('1'), 100);
  c.discard(200);
  t.equal(c.state, 'discarding');
  t.same(type(c, '99999999#', 300), []);
  t.same(c.poll(60000), [], 'no timeouts while discarding');
  c.start(PIN, 3000);
  t.same(type(c, '13572468', 3100).at(-1), { kind: 'entry-complete', digits: '13572468', reason: 'auto-submit' });
});

t.test('discardUntil drops digits before the deadline, across start(), then collects again', async (t) => {
  const c = new DigitCollector();
  c.discardUntil(3000);
  c.start(PIN, 0);
  t.same(type(c, '999', 1000), [], 'digits inside the pause are dropped, no barge-in');
  t.same(c.push(ev('1'), 3000), [{ kind: 'first-digit', digit: '1' }], 'the pause ends at its deadline');
  t.same(type(c, '2345678', 3300).at(-1), { kind: 'entry-complete', digits: '12345678', reason: 'auto-submit' });
});

t.test('setDiscarding holds across start() until switched off; the other source copy is dropped too', async (t) => {
  const c = new DigitCollector({ duplicateWindowMs: 300 });
  c.setDiscarding(true);
  c.start(ROOM_ID, 0);
  t.same(c.push(ev('5', 'rfc4733'), 100), []);
  c.setDiscarding(false);
  t.same(c.push(ev('5', 'info'), 200), [], 'INFO copy of the discarded RFC 4733 key is a duplicate');
  t.same(c.push(ev('5', 'info'), 900), [{ kind: 'first-digit', digit: '5' }], 'a later press counts');
  t.same(c.poll(900 + 5000), [{ kind: 'entry-complete', digits: '5', reason: 'inter-digit-timeout' }]);
});
