import t from 'tap';
import { decodeTelephoneEvent, encodeTelephoneEvent } from './telephone-event.js';

// Bytes written by hand from RFC 4733 §2.3: event | E R volume(6) | duration (16, network order).
const vectors: ReadonlyArray<[string, number[], { event: number; end: boolean; volume: number; duration: number }]> = [
  ['0 start, vol 10, 160', [0x00, 0x0a, 0x00, 0xa0], { event: 0, end: false, volume: 10, duration: 160 }],
  ['1 update, vol 10, 320', [0x01, 0x0a, 0x01, 0x40], { event: 1, end: false, volume: 10, duration: 320 }],
  ['2', [0x02, 0x0a, 0x00, 0xa0], { event: 2, end: false, volume: 10, duration: 160 }],
  ['3', [0x03, 0x0a, 0x00, 0xa0], { event: 3, end: false, volume: 10, duration: 160 }],
  ['4', [0x04, 0x0a, 0x00, 0xa0], { event: 4, end: false, volume: 10, duration: 160 }],
  ['5 end, 800', [0x05, 0x8a, 0x03, 0x20], { event: 5, end: true, volume: 10, duration: 800 }],
  ['6', [0x06, 0x0a, 0x00, 0xa0], { event: 6, end: false, volume: 10, duration: 160 }],
  ['7', [0x07, 0x0a, 0x00, 0xa0], { event: 7, end: false, volume: 10, duration: 160 }],
  ['8', [0x08, 0x0a, 0x00, 0xa0], { event: 8, end: false, volume: 10, duration: 160 }],
  ['9 vol 63', [0x09, 0x3f, 0x00, 0xa0], { event: 9, end: false, volume: 63, duration: 160 }],
  ['* (10)', [0x0a, 0x0a, 0x00, 0xa0], { event: 10, end: false, volume: 10, duration: 160 }],
  ['# (11) start', [0x0b, 0x0a, 0x00, 0xa0], { event: 11, end: false, volume: 10, duration: 160 }],
  ['A (12) R bit set is ignored', [0x0c, 0x4a, 0x00, 0xa0], { event: 12, end: false, volume: 10, duration: 160 }],
  ['B (13)', [0x0d, 0x00, 0x00, 0x00], { event: 13, end: false, volume: 0, duration: 0 }],
  ['C (14) end', [0x0e, 0x80, 0x06, 0x40], { event: 14, end: true, volume: 0, duration: 1600 }],
  ['D (15) max duration', [0x0f, 0x8a, 0xff, 0xff], { event: 15, end: true, volume: 10, duration: 65535 }],
];

for (const [name, bytes, want] of vectors) {
  t.test(name, async (t) => {
    const got = decodeTelephoneEvent(Uint8Array.from(bytes));
    t.same(got, { ok: true, value: want });
    const out = new Uint8Array(4);
    t.equal(encodeTelephoneEvent(want, out), 4);
    // The R bit is reserved: encoders send 0, so only compare bytes when the vector had it clear.
    if (((bytes[1] ?? 0) & 0x40) === 0) t.same([...out], bytes, 'encodes back to the same bytes');
  });
}

t.test('short and non-DTMF payloads are typed errors', async (t) => {
  const short = decodeTelephoneEvent(Uint8Array.from([0x05, 0x8a, 0x03]));
  t.equal(short.ok ? 'ok' : short.error.code, 'too-short');
  const flash = decodeTelephoneEvent(Uint8Array.from([16, 0x0a, 0x00, 0xa0]));
  t.equal(flash.ok ? 'ok' : flash.error.code, 'unknown-event');
});
