import t from 'tap';
import fc from 'fast-check';
import { Rfc4733Decoder, type Rfc4733Packet } from './rfc4733-decoder.js';
import { encodeRfc4733 } from './encode-rfc4733.js';

/** A packet written by hand: [event, E|vol, durHi, durLo] at a timestamp/sequence. */
function pkt(bytes: number[], rtpTimestamp: number, sequenceNumber: number, marker = false): Rfc4733Packet {
  return { payload: Uint8Array.from(bytes), rtpTimestamp, sequenceNumber, marker };
}

// Digit 5 held 100 ms at 8 kHz, 20 ms packets: durations 160..800, end sent 3 times (RFC 4733 §2.5.1.4).
const FIVE = [
  pkt([0x05, 0x0a, 0x00, 0xa0], 1000, 10, true),
  pkt([0x05, 0x0a, 0x01, 0x40], 1000, 11),
  pkt([0x05, 0x0a, 0x01, 0xe0], 1000, 12),
  pkt([0x05, 0x0a, 0x02, 0x80], 1000, 13),
  pkt([0x05, 0x8a, 0x03, 0x20], 1000, 14),
  pkt([0x05, 0x8a, 0x03, 0x20], 1000, 15),
  pkt([0x05, 0x8a, 0x03, 0x20], 1000, 16),
];

function run(decoder: Rfc4733Decoder, packets: readonly Rfc4733Packet[], startMs = 0) {
  return packets.flatMap((p, i) => decoder.push(p, startMs + i * 20));
}

t.test('one digit per event despite three end packets', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const got = run(d, FIVE);
  t.same(got.map((e) => [e.digit, e.durationMs, e.source]), [['5', 100, 'rfc4733']]);
  t.equal(got[0]?.endedAtMs, 80, 'ends at the first end packet');
  t.equal(d.stats.duplicates, 2);
});

t.test('missing marker bit still starts the event', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const got = run(d, [pkt([0x05, 0x0a, 0x00, 0xa0], 1000, 10, false), ...FIVE.slice(1)]);
  t.same(got.map((e) => e.digit), ['5']);
});

t.test('lost start packets: the end alone gives the digit', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  t.same(run(d, FIVE.slice(4)).map((e) => [e.digit, e.durationMs]), [['5', 100]]);
});

t.test('all end packets lost: delivered on the next event', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const next = pkt([0x09, 0x0a, 0x00, 0xa0], 3000, 17, true);
  const nextEnd = pkt([0x09, 0x8a, 0x03, 0x20], 3000, 18);
  const got = run(d, [...FIVE.slice(0, 4), next, nextEnd]);
  t.same(got.map((e) => [e.digit, e.durationMs]), [['5', 80], ['9', 100]]);
  t.equal(d.stats.lostEnds, 1);
});

t.test('all end packets lost: delivered by poll after the timeout', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000, lostEndTimeoutMs: 300 });
  run(d, FIVE.slice(0, 4));
  t.same(d.poll(300), [], 'not yet');
  const got = d.poll(361);
  t.same(got.map((e) => e.digit), ['5']);
  t.same(d.push(FIVE[4] as Rfc4733Packet, 400), [], 'a late end after the timeout gives nothing more');
});

t.test('reordered updates and a late start after the end', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const order = [FIVE[0], FIVE[2], FIVE[1], FIVE[4], FIVE[3], FIVE[5], FIVE[6]] as Rfc4733Packet[];
  t.same(run(d, order).map((e) => [e.digit, e.durationMs]), [['5', 100]]);
});

t.test('duplicated packets and a same key pressed twice', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const again = FIVE.map((p) => ({ ...p, rtpTimestamp: 2600, sequenceNumber: p.sequenceNumber + 7 }));
  const got = run(d, [...FIVE, ...FIVE, ...again]);
  t.same(got.map((e) => e.digit), ['5', '5']);
});

t.test('a packet of an older event after a newer one started is late', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  d.push(pkt([0x07, 0x0a, 0x00, 0xa0], 5000, 1, true), 0);
  t.same(d.push(pkt([0x03, 0x8a, 0x03, 0x20], 4000, 0), 10), []);
  t.equal(d.stats.late, 1);
});

t.test('timestamp wrap at 2^32 and sequence wrap at 65535', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const first = [pkt([0x01, 0x0a, 0x00, 0xa0], 0xffffff00, 65534, true), pkt([0x01, 0x8a, 0x03, 0x20], 0xffffff00, 65535)];
  const second = [pkt([0x02, 0x0a, 0x00, 0xa0], 0x00000300, 0, true), pkt([0x02, 0x8a, 0x03, 0x20], 0x00000300, 1)];
  t.same(run(d, [...first, ...second]).map((e) => e.digit), ['1', '2'], 'the wrapped timestamp is newer');
  t.same(d.push(pkt([0x01, 0x8a, 0x03, 0x20], 0xffffff00, 65535), 200), [], 'a late end from before the wrap');
});

t.test('long press: duration segments beyond 16 bits add up (§2.5.1.3)', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  const got = [
    ...d.push(pkt([0x00, 0x0a, 0x00, 0xa0], 100, 1, true), 0),
    ...d.push(pkt([0x00, 0x0a, 0xff, 0xff], 100, 2), 8000),
    // New segment starts where the first one's duration maxed out; no marker, no E bit.
    ...d.push(pkt([0x00, 0x0a, 0x00, 0xa0], 100 + 0xffff, 3), 8200),
    ...d.push(pkt([0x00, 0x8a, 0x3e, 0x81], 100 + 0xffff, 4), 10000),
  ];
  t.same(got.map((e) => [e.digit, e.durationMs]), [['0', Math.round(((0xffff + 0x3e81) * 1000) / 8000)]]);
});

t.test('48 kHz clock (Opus calls) scales durations', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 48000 });
  const got = d.push(pkt([0x0b, 0x8a, 0x12, 0xc0], 960000, 5, true), 0);
  t.same(got.map((e) => [e.digit, e.durationMs]), [['#', 100]]);
});

t.test('garbage payloads are counted, never thrown', async (t) => {
  const d = new Rfc4733Decoder({ clockRateHz: 8000 });
  t.same(d.push(pkt([0x20, 0x8a, 0x03, 0x20], 1, 1), 0), []);
  t.same(d.push(pkt([0x05], 2, 2), 0), []);
  t.equal(d.stats.invalid, 2);
});

t.test('property: arbitrary packets never throw', async (t) => {
  const seed = Date.now() % 100000;
  t.comment(`fast-check seed ${seed}`);
  fc.assert(
    fc.property(
      fc.array(fc.record({ payload: fc.uint8Array({ maxLength: 8 }), rtpTimestamp: fc.nat(), sequenceNumber: fc.nat(65535), marker: fc.boolean() }), { maxLength: 40 }),
      (packets) => {
        const d = new Rfc4733Decoder({ clockRateHz: 8000 });
        packets.forEach((p, i) => d.push(p, i * 20));
        d.poll(1e9);
      },
    ),
    { seed, numRuns: 300 },
  );
  t.pass('no throw');
});

t.test('property: encoder → decoder round-trips any digit string, with end retransmissions', async (t) => {
  const seed = (Date.now() >> 3) % 100000;
  t.comment(`fast-check seed ${seed}`);
  const key = fc.constantFrom(...'0123456789*#ABCD'.split(''));
  fc.assert(
    fc.property(fc.array(key, { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(65535), fc.constantFrom(8000, 48000), (keys, ts, seq, clockRateHz) => {
      const digits = keys.join('');
      const packets = encodeRfc4733(digits, { clockRateHz, startTimestamp: ts, startSequence: seq });
      const d = new Rfc4733Decoder({ clockRateHz });
      const got = packets.flatMap((p) => d.push(p, p.sendAtMs));
      return got.map((e) => e.digit).join('') === digits && got.every((e) => e.durationMs === 100);
    }),
    { seed, numRuns: 200 },
  );
  t.pass('round trip holds');
});
