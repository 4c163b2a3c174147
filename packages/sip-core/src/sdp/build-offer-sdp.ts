import { isIPv6 } from 'node:net';
import { CODEC_FORMATS, type AudioCodecName } from './audio-codec.js';
import type { MediaDirection } from './negotiate-audio.js';

/** Options of {@link buildOfferSdp}. */
export interface BuildOfferOptions {
  readonly address: string;
  readonly port: number;
  /** In preference order. */
  readonly codecs: ReadonlyArray<AudioCodecName>;
  /** Adds telephone-event at 8000 Hz (PT 101) and, with opus, at 48000 Hz (PT 110). */
  readonly telephoneEvent: boolean;
  readonly direction?: MediaDirection;
  readonly ptimeMs?: number;
  readonly rtcpMux?: boolean;
  readonly sessionName?: string;
}

/** Builds a one-stream audio SDP offer (RFC 4566, RFC 3264 §5), for tests and outgoing refreshes. */
export function buildOfferSdp(options: BuildOfferOptions): string {
  const ip = isIPv6(options.address) ? 'IP6' : 'IP4';
  const pts: number[] = [];
  const attrs: string[] = [];
  for (const name of options.codecs) {
    const f = CODEC_FORMATS[name];
    pts.push(f.defaultPt);
    attrs.push(`a=rtpmap:${String(f.defaultPt)} ${name}/${String(f.rate)}${f.channels > 1 ? '/' + String(f.channels) : ''}`);
  }
  if (options.telephoneEvent) {
    pts.push(101);
    attrs.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16');
    if (options.codecs.includes('opus')) {
      pts.push(110);
      attrs.push('a=rtpmap:110 telephone-event/48000', 'a=fmtp:110 0-16');
    }
  }
  attrs.push(`a=ptime:${String(options.ptimeMs ?? 20)}`);
  if (options.rtcpMux === true) attrs.push('a=rtcp-mux');
  attrs.push(`a=${options.direction ?? 'sendrecv'}`);
  return (
    [
      'v=0',
      `o=- 1 1 IN ${ip} ${options.address}`,
      `s=${options.sessionName ?? 'pinbridge'}`,
      `c=IN ${ip} ${options.address}`,
      't=0 0',
      `m=audio ${String(options.port)} RTP/AVP ${pts.join(' ')}`,
      ...attrs,
    ].join('\r\n') + '\r\n'
  );
}
