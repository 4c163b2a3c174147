// RFC 3264 offer/answer for one audio stream; offers written by hand.
import t from 'tap';
import { buildOfferSdp } from './build-offer-sdp.js';
import { negotiateAudio, type NegotiateAudioOptions } from './negotiate-audio.js';

const US: NegotiateAudioOptions = { codecs: ['PCMU', 'PCMA', 'opus'], telephoneEvent: true, localAddress: '198.51.100.1', localPort: 40000, sessionId: '42' };

const offer = (media: string[], session: string[] = ['c=IN IP4 192.0.2.10']): string =>
  ['v=0', 'o=phone 1 1 IN IP4 192.0.2.10', 's=-', ...session, 't=0 0', ...media].join('\r\n') + '\r\n';

t.test('caller order wins among our codecs; telephone-event kept', async (t) => {
  const r = negotiateAudio(offer(['m=audio 49170 RTP/AVP 8 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16']), US);
  t.ok(r.ok);
  if (!r.ok) return;
  t.same(r.value.codec, { name: 'PCMA', payloadType: 8, clockRateHz: 8000, channels: 1 }, 'static PT 8 without rtpmap is PCMA (RFC 3551)');
  t.equal(r.value.telephoneEventPayloadType, 101);
  t.equal(r.value.telephoneEventClockRateHz, 8000);
  t.same(r.value.remote, { address: '192.0.2.10', port: 49170, rtcpPort: 49171 });
  t.equal(r.value.direction, 'sendrecv');
  t.equal(r.value.ptimeMs, 20);
  t.equal(r.value.rtcpMux, false);
  t.equal(
    r.value.answerSdp,
    'v=0\r\no=pinbridge 42 1 IN IP4 198.51.100.1\r\ns=pinbridge\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n' +
      'm=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n',
  );
});

t.test('opus at 48000/2 with telephone-event/48000 chosen over the 8000 one', async (t) => {
  const r = negotiateAudio(
    offer([
      'm=audio 5004 RTP/AVP 111 0 101 110',
      'a=rtpmap:111 opus/48000/2',
      'a=fmtp:111 minptime=10;useinbandfec=1',
      'a=rtpmap:101 telephone-event/8000',
      'a=rtpmap:110 telephone-event/48000',
      'a=rtcp-mux',
      'a=ptime:40',
    ]),
    US,
  );
  t.ok(r.ok);
  if (!r.ok) return;
  t.same(r.value.codec, { name: 'opus', payloadType: 111, clockRateHz: 48000, channels: 2 });
  t.equal(r.value.telephoneEventPayloadType, 110);
  t.equal(r.value.telephoneEventClockRateHz, 48000);
  t.equal(r.value.rtcpMux, true);
  t.equal(r.value.remote.rtcpPort, 5004, 'rtcp-mux: RTCP on the RTP port (RFC 5761)');
  t.equal(r.value.ptimeMs, 40);
  t.match(r.value.answerSdp, /a=rtpmap:111 opus\/48000\/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n/);
  t.match(r.value.answerSdp, /a=rtcp-mux\r\n/);
});

t.test('hold: sendonly → recvonly, inactive → inactive, c=0.0.0.0 → inactive', async (t) => {
  const m = ['m=audio 49170 RTP/AVP 0'];
  const sendonly = negotiateAudio(offer([...m, 'a=sendonly']), US);
  const inactive = negotiateAudio(offer([...m, 'a=inactive']), US);
  const old = negotiateAudio(offer(m, ['c=IN IP4 0.0.0.0']), US);
  const recvonly = negotiateAudio(offer([...m, 'a=recvonly']), US);
  t.equal(sendonly.ok && sendonly.value.direction, 'recvonly');
  t.match(sendonly.ok ? sendonly.value.answerSdp : '', /a=recvonly\r\n$/);
  t.equal(inactive.ok && inactive.value.direction, 'inactive');
  t.equal(old.ok && old.value.direction, 'inactive');
  t.equal(recvonly.ok && recvonly.value.direction, 'sendonly');
});

t.test('a=rtcp port and media-level c= are honoured', async (t) => {
  const r = negotiateAudio(offer(['m=audio 3456 RTP/AVP 0', 'c=IN IP4 203.0.113.7', 'a=rtcp:9999'], []), US);
  t.same(r.ok && r.value.remote, { address: '203.0.113.7', port: 3456, rtcpPort: 9999 });
});

t.test('other m-lines are refused with port 0, in order', async (t) => {
  const r = negotiateAudio(offer(['m=video 5006 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'm=audio 5004 RTP/AVP 0']), US);
  t.ok(r.ok);
  t.match(r.ok ? r.value.answerSdp : '', /m=video 0 RTP\/AVP 96\r\nm=audio 40000 RTP\/AVP 0\r\n/);
});

t.test('IPv6 addresses on both sides', async (t) => {
  const r = negotiateAudio(offer(['m=audio 5004 RTP/AVP 0'], ['c=IN IP6 2001:db8::10']), { ...US, localAddress: '2001:db8::1' });
  t.ok(r.ok);
  t.equal(r.ok && r.value.remote.address, '2001:db8::10');
  t.match(r.ok ? r.value.answerSdp : '', /c=IN IP6 2001:db8::1\r\n/);
});

t.test('errors: no common codec, no audio, SRTP, broken SDP', async (t) => {
  const g729 = negotiateAudio(offer(['m=audio 5004 RTP/AVP 18', 'a=rtpmap:18 G729/8000']), US);
  t.equal(!g729.ok && g729.error.code, 'no-common-codec');
  const pcmuOnlyUs = negotiateAudio(offer(['m=audio 5004 RTP/AVP 8']), { ...US, codecs: ['PCMU'] });
  t.equal(!pcmuOnlyUs.ok && pcmuOnlyUs.error.code, 'no-common-codec');
  const video = negotiateAudio(offer(['m=video 5006 RTP/AVP 96']), US);
  t.equal(!video.ok && video.error.code, 'no-audio');
  const disabled = negotiateAudio(offer(['m=audio 0 RTP/AVP 0']), US);
  t.equal(!disabled.ok && disabled.error.code, 'no-audio');
  const srtp = negotiateAudio(offer(['m=audio 5004 RTP/SAVP 0']), US);
  t.equal(!srtp.ok && srtp.error.code, 'no-common-codec');
  const noC = negotiateAudio(offer(['m=audio 5004 RTP/AVP 0'], []), US);
  t.equal(!noC.ok && noC.error.code, 'bad-sdp');
  const junk = negotiateAudio('hello', US);
  t.equal(!junk.ok && junk.error.code, 'bad-sdp');
  t.equal(!junk.ok && junk.error.name, 'SdpError');
});

t.test('telephone-event dropped when we do not want it', async (t) => {
  const r = negotiateAudio(offer(['m=audio 5004 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000']), { ...US, telephoneEvent: false });
  t.ok(r.ok);
  t.equal(r.ok && r.value.telephoneEventPayloadType, undefined);
  t.notMatch(r.ok ? r.value.answerSdp : '', /telephone-event/);
});

t.test('buildOfferSdp makes an offer negotiateAudio accepts', async (t) => {
  const sdp = buildOfferSdp({ address: '192.0.2.10', port: 5004, codecs: ['opus', 'PCMU'], telephoneEvent: true, rtcpMux: true });
  t.match(sdp, /^m=audio 5004 RTP\/AVP 111 0 101 110\r$/m);
  const r = negotiateAudio(sdp, US);
  t.equal(r.ok && r.value.codec.name, 'opus');
  t.equal(r.ok && r.value.telephoneEventPayloadType, 110);
});
