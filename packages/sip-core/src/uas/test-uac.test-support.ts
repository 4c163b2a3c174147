// Hand-written SIP requests for the UAS tests (RFC 3261 §24 style), as a phone at
// 192.0.2.10:5062 would send them to pinbridge at 198.51.100.1:5060.

/** Fields that vary between test requests. */
export interface RequestSpec {
  readonly method: string;
  readonly branch: string;
  readonly callId?: string;
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly cseq: number;
  readonly cseqMethod?: string;
  readonly headers?: readonly string[];
  readonly body?: string;
  readonly contentType?: string;
}

/** A PCMU + telephone-event offer from the phone. */
export const OFFER =
  'v=0\r\no=phone 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n' +
  'm=audio 49170 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n';

/** Builds the request text. */
export function request(spec: RequestSpec): string {
  const body = spec.body ?? '';
  const lines = [
    `${spec.method} sip:conference@198.51.100.1:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5062;branch=${spec.branch};rport`,
    'Max-Forwards: 70',
    `From: "Phone" <sip:alice@192.0.2.10>;tag=${spec.fromTag ?? 'ftag1'}`,
    `To: <sip:conference@198.51.100.1>${spec.toTag !== undefined ? ';tag=' + spec.toTag : ''}`,
    `Call-ID: ${spec.callId ?? 'call-1@192.0.2.10'}`,
    `CSeq: ${String(spec.cseq)} ${spec.cseqMethod ?? spec.method}`,
    'Contact: <sip:alice@192.0.2.10:5062>',
    ...(spec.headers ?? []),
    ...(body !== '' ? [`Content-Type: ${spec.contentType ?? 'application/sdp'}`] : []),
    `Content-Length: ${String(Buffer.byteLength(body, 'latin1'))}`,
    '',
    body,
  ];
  return lines.join('\r\n');
}

/** Status code of a response text. */
export function statusOf(text: string): number {
  return Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? '0');
}

/** A header's value in a message text (first occurrence). */
export function headerOf(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(text);
  return m?.[1]?.trim();
}

/** The To tag of a response text. */
export function toTagOf(text: string): string {
  return /^To:.*;tag=([^;\s]+)/im.exec(text)?.[1] ?? '';
}
