// The periodic RTCP report, parsed back by werift-rtp (an independent RTCP implementation).
import t from 'tap';
import { RtcpPacketConverter, RtcpRrPacket, RtcpSourceDescriptionPacket, RtcpSrPacket } from 'werift-rtp';
import { buildRtcpReport, rtcpReportSize, srMiddleNtp } from './build-rtcp-report.js';

const cname = new TextEncoder().encode('pinbridge-0-ep');
const block = {
  ssrc: 0xdeadbeef,
  fractionLost: 64, // 25 % (RFC 3550 §6.4.1: fixed point, /256)
  cumulativeLost: 17,
  extendedHighestSeq: 0x1_0005,
  jitter: 80,
  lastSr: 0x12345678,
  delaySinceLastSr: 0x8000,
};

t.test('SR + SDES when we sent RTP', async (t) => {
  const out = new Uint8Array(rtcpReportSize(cname.length));
  const length = buildRtcpReport(out, {
    ssrc: 0x01020304,
    cname,
    sender: { ntpMs: Date.UTC(2026, 0, 1), rtpTimestamp: 0xfffffff0, packetCount: 250, octetCount: 40000 },
    block,
  });
  t.equal(length % 4, 0, 'compound length is a multiple of 32 bits');
  const packets = RtcpPacketConverter.deSerialize(Buffer.from(out.subarray(0, length)));
  t.equal(packets.length, 2);
  const sr = packets[0];
  t.type(sr, RtcpSrPacket);
  if (!(sr instanceof RtcpSrPacket)) return;
  t.equal(sr.ssrc, 0x01020304);
  t.equal(sr.senderInfo.rtpTimestamp, 0xfffffff0);
  t.equal(sr.senderInfo.packetCount, 250);
  t.equal(sr.senderInfo.octetCount, 40000);
  // 2026-01-01T00:00:00Z is 3976214400 s after the NTP epoch (1900): 2208988800 + 1767225600.
  t.equal(Number(sr.senderInfo.ntpTimestamp >> 32n), 3976214400);
  const report = sr.reports[0];
  t.equal(report?.ssrc, 0xdeadbeef);
  t.equal(report?.fractionLost, 64);
  t.equal(report?.packetsLost, 17);
  t.equal(report?.highestSequence, 0x1_0005);
  t.equal(report?.jitter, 80);
  t.equal(report?.lsr, 0x12345678);
  t.equal(report?.dlsr, 0x8000);
  const sdes = packets[1];
  t.type(sdes, RtcpSourceDescriptionPacket);
  if (sdes instanceof RtcpSourceDescriptionPacket) t.equal(sdes.chunks[0]?.items[0]?.text, 'pinbridge-0-ep');
  // LSR of our own SR: the middle 32 bits of its NTP timestamp.
  t.equal(srMiddleNtp(out, length), ((3976214400 & 0xffff) << 16) >>> 0);
});

t.test('RR + SDES when we only received', async (t) => {
  const out = new Uint8Array(rtcpReportSize(cname.length));
  const length = buildRtcpReport(out, { ssrc: 7, cname, block });
  const packets = RtcpPacketConverter.deSerialize(Buffer.from(out.subarray(0, length)));
  const rr = packets[0];
  t.type(rr, RtcpRrPacket);
  if (rr instanceof RtcpRrPacket) {
    t.equal(rr.ssrc, 7);
    t.equal(rr.reports.length, 1);
    t.equal(rr.reports[0]?.highestSequence, 0x1_0005);
  }
  t.equal(srMiddleNtp(out, length), undefined, 'an RR carries no LSR');
});
