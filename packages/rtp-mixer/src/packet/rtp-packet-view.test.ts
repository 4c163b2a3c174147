import t from 'tap';
import { RtpHeader, RtpPacket } from 'werift-rtp';
import { RtpPacketView } from './rtp-packet-view.js';
import { SsrcChangeDetector } from './ssrc-change-detector.js';
import { writeRtpHeader } from './write-rtp-header.js';

t.test('hand-written header from RFC 3550 §5.1 layout', async (t) => {
  // V=2 P=0 X=0 CC=1 | M=1 PT=8 | seq 0xFFFF | ts 0xFFFFFFFF | ssrc 0x01020304 | csrc 0xAABBCCDD
  const bytes = Uint8Array.from([
    0x81, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x04, 0xaa, 0xbb, 0xcc, 0xdd, 0xd5, 0x55,
  ]);
  const r = RtpPacketView.parse(bytes);
  t.ok(r.ok);
  if (!r.ok) return;
  const v = r.value;
  t.equal(v.version, 2);
  t.equal(v.marker, true);
  t.equal(v.payloadType, 8);
  t.equal(v.sequenceNumber, 65535);
  t.equal(v.timestamp, 4294967295);
  t.equal(v.ssrc, 0x01020304);
  t.same(v.csrcList(), [0xaabbccdd]);
  t.equal(v.payloadOffset, 16);
  t.same([...v.payload], [0xd5, 0x55]);
  t.equal(v.payload.buffer, bytes.buffer, 'payload is a view, not a copy');
});

t.test('extension and padding are skipped', async (t) => {
  const bytes = Uint8Array.from([
    0xb0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4, 0x11, 0x22, 0, 0, 3,
  ]);
  const r = RtpPacketView.parse(bytes);
  t.ok(r.ok);
  if (!r.ok) return;
  t.equal(r.value.hasExtension, true);
  t.equal(r.value.hasPadding, true);
  t.same([...r.value.payload], [0x11, 0x22]);
});

t.test('invalid packets are returned as errors', async (t) => {
  const cases: [number[], string][] = [
    [[0x80, 0, 0], 'too-short'],
    [[0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], 'bad-version'],
    [[0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4], 'too-short'],
    [[0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 2, 1, 2, 3, 4], 'bad-extension'],
    [[0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe], 'bad-extension'],
    [[0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0], 'bad-padding'],
    [[0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9], 'bad-padding'],
  ];
  for (const [bytes, code] of cases) {
    const r = RtpPacketView.parse(Uint8Array.from(bytes));
    t.equal(r.ok ? 'ok' : r.error.code, code, `${bytes.length} bytes → ${code}`);
  }
});

t.test('byte-for-byte round trip against werift-rtp (oracle)', async (t) => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < 200; i++) {
    const csrcs = Array.from({ length: rnd(4) }, () => rnd(0x100000000) >>> 0);
    const payload = Buffer.from(Array.from({ length: 1 + rnd(200) }, () => rnd(256)));
    const fields = {
      payloadType: rnd(128),
      sequenceNumber: i === 0 ? 65535 : rnd(65536),
      timestamp: i === 0 ? 4294967295 : rnd(0x100000000) >>> 0,
      ssrc: rnd(0x100000000) >>> 0,
      marker: rnd(2) === 1,
      csrcs,
    };
    const mine = new Uint8Array(12 + csrcs.length * 4 + payload.length);
    const n = writeRtpHeader(mine, 0, fields);
    mine.set(payload, n);
    const theirs = new RtpPacket(
      new RtpHeader({ ...fields, csrc: csrcs, csrcLength: csrcs.length, version: 2 }),
      payload,
    ).serialize();
    t.same(Buffer.from(mine), theirs, `packet ${i} serialises identically`);
    const parsed = RtpPacket.deSerialize(Buffer.from(mine));
    const r = RtpPacketView.parse(mine);
    if (!r.ok) {
      t.fail(r.error.message);
      continue;
    }
    t.equal(r.value.sequenceNumber, parsed.header.sequenceNumber);
    t.equal(r.value.timestamp, parsed.header.timestamp);
    t.equal(r.value.ssrc, parsed.header.ssrc);
    t.equal(r.value.payloadType, parsed.header.payloadType);
    t.equal(r.value.marker, parsed.header.marker);
    t.same(r.value.csrcList(), parsed.header.csrc);
    t.same(Buffer.from(r.value.payload), parsed.payload);
  }
});

t.test('SSRC change detection', async (t) => {
  const d = new SsrcChangeDetector();
  t.equal(d.observe(1), false);
  t.equal(d.observe(1), false);
  t.equal(d.observe(2), true);
  t.equal(d.ssrc, 2);
  d.reset();
  t.equal(d.observe(3), false);
});
