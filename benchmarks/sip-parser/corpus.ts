/**
 * A corpus of realistic SIP messages as they reach a dial-in bridge: INVITEs
 * with SDP from a carrier trunk and from a softphone, the provisional and
 * final responses, ACK, BYE and an INFO carrying application/dtmf-relay.
 * Addresses are documentation ranges (RFC 5737, RFC 3849).
 */

function wire(head: readonly string[], body = ''): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  return Buffer.from(head.join('\r\n') + `\r\nContent-Length: ${bodyBytes.length}\r\n\r\n` + body, 'utf8');
}

const sdpTrunk = [
  'v=0',
  'o=- 3711406812 3711406812 IN IP4 198.51.100.20',
  's=SBC',
  'c=IN IP4 198.51.100.20',
  't=0 0',
  'm=audio 31568 RTP/AVP 0 8 18 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:18 G729/8000',
  'a=fmtp:18 annexb=no',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

const sdpSoftphone = [
  'v=0',
  'o=Z 1700000000123 1 IN IP4 203.0.113.77',
  's=Z',
  'c=IN IP4 203.0.113.77',
  't=0 0',
  'm=audio 8000 RTP/AVP 106 9 98 101 0 8 3',
  'a=rtpmap:106 opus/48000/2',
  'a=fmtp:106 sprop-maxcapturerate=16000; minptime=20; useinbandfec=1',
  'a=rtpmap:98 telephone-event/48000',
  'a=fmtp:98 0-16',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=sendrecv',
  'a=rtcp-mux',
  '',
].join('\r\n');

const sdpAnswer = [
  'v=0',
  'o=pinbridge 1 1 IN IP4 192.0.2.10',
  's=pinbridge',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

const dialog = {
  via: 'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---c2a7d5e9b7f1a3c4;rport',
  from: 'From: "+1 202 555 0147" <sip:+12025550147@198.51.100.20;user=phone>;tag=as7d9f8e2b',
  to: 'To: <sip:+18005550100@192.0.2.10;user=phone>;tag=pb-4f1c2e9a',
  callId: 'Call-ID: 6f3c2a1b7e9d4c8a0b1f2e3d4c5b6a79@198.51.100.20',
};

/** Named wire messages. */
export const CORPUS: ReadonlyArray<{ readonly kind: string; readonly bytes: Buffer }> = [
  {
    kind: 'INVITE trunk',
    bytes: wire(
      [
        'INVITE sip:+18005550100@192.0.2.10:5060;user=phone SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---c2a7d5e9b7f1a3c4;rport',
        'Record-Route: <sip:198.51.100.20;lr;ftag=as7d9f8e2b>',
        'Max-Forwards: 69',
        'From: "+1 202 555 0147" <sip:+12025550147@198.51.100.20;user=phone>;tag=as7d9f8e2b',
        'To: <sip:+18005550100@192.0.2.10;user=phone>',
        'Call-ID: 6f3c2a1b7e9d4c8a0b1f2e3d4c5b6a79@198.51.100.20',
        'CSeq: 102 INVITE',
        'Contact: <sip:+12025550147@198.51.100.20:5060;transport=udp>',
        'P-Asserted-Identity: "+1 202 555 0147" <sip:+12025550147@198.51.100.20;user=phone>',
        'Privacy: none',
        'Identity: eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0In0.eyJhdHRlc3QiOiJBIn0.c2lnbmF0dXJl;info=<https://cert.example.net/cert.pem>;alg=ES256;ppt=shaken',
        'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, REFER, NOTIFY',
        'Supported: timer, 100rel, replaces',
        'Session-Expires: 1800;refresher=uac',
        'Min-SE: 90',
        'User-Agent: CarrierSBC 7.2',
        'Content-Type: application/sdp',
      ],
      sdpTrunk,
    ),
  },
  {
    kind: 'INVITE softphone',
    bytes: wire(
      [
        'INVITE sip:conference@bridge.example.com;transport=UDP SIP/2.0',
        'Via: SIP/2.0/UDP 10.0.0.23:52344;branch=z9hG4bK-524287-1---0f1e2d3c4b5a6978;rport',
        'Max-Forwards: 70',
        'Contact: <sip:alice@203.0.113.77:52344;transport=UDP>;+sip.instance="<urn:uuid:7f0c6a9e-2c1d-4b8a-9e3f-5d6c7b8a9f01>"',
        'To: <sip:conference@bridge.example.com>',
        'From: "Alice" <sip:alice@example.com;transport=UDP>;tag=7b3e9c1d',
        'Call-ID: NzQ4MmM5ZjY0ZGJhYjI1ZmE3ZjUxMjE0ZDM2NGI0ZTc',
        'CSeq: 1 INVITE',
        'Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE',
        'Content-Type: application/sdp',
        'Supported: replaces, norefersub, extended-refer, timer, sec-agree, outbound, path, X-cisco-serviceuri',
        'User-Agent: Z 5.6.1 v2.10.20.2',
        'Allow-Events: presence, kpml, talk, as-feature-event',
      ],
      sdpSoftphone,
    ),
  },
  {
    kind: '100 Trying',
    bytes: wire([
      'SIP/2.0 100 Trying',
      dialog.via + '=5060;received=198.51.100.20',
      dialog.from,
      'To: <sip:+18005550100@192.0.2.10;user=phone>',
      dialog.callId,
      'CSeq: 102 INVITE',
    ]),
  },
  {
    kind: '180 Ringing',
    bytes: wire([
      'SIP/2.0 180 Ringing',
      dialog.via + '=5060;received=198.51.100.20',
      'Record-Route: <sip:198.51.100.20;lr;ftag=as7d9f8e2b>',
      dialog.from,
      dialog.to,
      dialog.callId,
      'CSeq: 102 INVITE',
      'Contact: <sip:192.0.2.10:5060>',
    ]),
  },
  {
    kind: '200 OK',
    bytes: wire(
      [
        'SIP/2.0 200 OK',
        dialog.via + '=5060;received=198.51.100.20',
        'Record-Route: <sip:198.51.100.20;lr;ftag=as7d9f8e2b>',
        dialog.from,
        dialog.to,
        dialog.callId,
        'CSeq: 102 INVITE',
        'Contact: <sip:192.0.2.10:5060>',
        'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE',
        'Supported: timer',
        'Session-Expires: 1800;refresher=uac',
        'Require: timer',
        'Content-Type: application/sdp',
      ],
      sdpAnswer,
    ),
  },
  {
    kind: 'ACK',
    bytes: wire([
      'ACK sip:192.0.2.10:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---9a8b7c6d5e4f3a2b;rport',
      'Max-Forwards: 70',
      dialog.from,
      dialog.to,
      dialog.callId,
      'CSeq: 102 ACK',
    ]),
  },
  {
    kind: 'INFO dtmf-relay',
    bytes: wire(
      [
        'INFO sip:192.0.2.10:5060 SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---1b2c3d4e5f6a7b8c;rport',
        'Max-Forwards: 70',
        dialog.from,
        dialog.to,
        dialog.callId,
        'CSeq: 103 INFO',
        'Contact: <sip:+12025550147@198.51.100.20:5060;transport=udp>',
        'Content-Type: application/dtmf-relay',
      ],
      'Signal=5\r\nDuration=160\r\n',
    ),
  },
  {
    kind: 'BYE',
    bytes: wire([
      'BYE sip:192.0.2.10:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-524287-1---2c3d4e5f6a7b8c9d;rport',
      'Max-Forwards: 70',
      dialog.from,
      dialog.to,
      dialog.callId,
      'CSeq: 104 BYE',
      'Reason: Q.850;cause=16;text="Normal call clearing"',
    ]),
  },
];
