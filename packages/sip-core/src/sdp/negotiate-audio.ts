import { isIPv6 } from 'node:net';
import { parse, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { err, ok, type Result } from '../errors/index.js';
import { CODEC_FORMATS, STATIC_AUDIO_PAYLOADS, codecByName, type AudioCodecName, type NegotiatedCodec } from './audio-codec.js';
import { SdpError } from './sdp-error.js';

/** Media direction attribute (RFC 3264 §5.1). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** What we support, and where our RTP listens. */
export interface NegotiateAudioOptions {
  /** Codecs we can use; the caller's order wins among them (RFC 3264 §6.1). */
  readonly codecs: ReadonlyArray<AudioCodecName>;
  /** Whether to accept RFC 4733 telephone-event. */
  readonly telephoneEvent: boolean;
  /** Our RTP address for c= (IPv4 or IPv6). */
  readonly localAddress: string;
  /** Our RTP port for m=. */
  readonly localPort: number;
  /** s= line; default `pinbridge`. */
  readonly sessionName?: string;
  /** o= session id; default derived from the clock. */
  readonly sessionId?: string;
  /** o= version; bump on every new answer in the dialog (RFC 3264 §8). Default 1. */
  readonly sessionVersion?: number;
}

/** The result of an offer/answer exchange for the one audio stream. */
export interface NegotiatedAudio {
  /** The SDP answer to send. */
  readonly answerSdp: string;
  readonly codec: NegotiatedCodec;
  /** telephone-event payload type kept from the offer, if any. */
  readonly telephoneEventPayloadType?: number;
  /** Its clock rate (8000 or 48000). */
  readonly telephoneEventClockRateHz?: number;
  /** Where to send RTP and RTCP. */
  readonly remote: { readonly address: string; readonly port: number; readonly rtcpPort: number };
  /** Our direction in the answer: `recvonly`/`inactive` when the caller holds (RFC 3264 §8.4). */
  readonly direction: MediaDirection;
  /** Packet time in ms (offer's `a=ptime`, else 20). */
  readonly ptimeMs: number;
  /** Whether RTP and RTCP share the port (RFC 5761), accepted because offered. */
  readonly rtcpMux: boolean;
}

/** Answer direction for an offered one (RFC 3264 §6.1). */
function answerDirection(offered: MediaDirection): MediaDirection {
  switch (offered) {
    case 'sendonly':
      return 'recvonly';
    case 'recvonly':
      return 'sendonly';
    case 'inactive':
      return 'inactive';
    case 'sendrecv':
      return 'sendrecv';
  }
}

interface OfferedFormat {
  readonly pt: number;
  readonly name: string;
  readonly rate: number;
  readonly channels: number;
  readonly fmtp?: string;
}

/** The formats of an m-line in offer order, resolved through rtpmap or the static table. */
function offeredFormats(media: MediaDescription): OfferedFormat[] {
  const out: OfferedFormat[] = [];
  const pts = String(media.payloads ?? '')
    .split(' ')
    .filter((p) => /^\d{1,3}$/.test(p))
    .map(Number);
  for (const pt of pts) {
    const map = (media.rtp ?? []).find((r) => r.payload === pt);
    const fmtp = (media.fmtp ?? []).find((f) => f.payload === pt)?.config;
    const known = STATIC_AUDIO_PAYLOADS.get(pt);
    const name = map?.codec ?? known?.name;
    if (name === undefined) continue;
    const rate = map?.rate ?? known?.rate ?? 8000;
    const channels = map?.encoding ?? known?.channels ?? 1;
    out.push({ pt, name, rate, channels, ...(fmtp !== undefined ? { fmtp } : {}) });
  }
  return out;
}

function ipVersion(address: string): string {
  return isIPv6(address) ? 'IP6' : 'IP4';
}

/**
 * Answers an SDP offer for one audio stream (RFC 3264 §6): picks the first
 * codec in the caller's order that we support, keeps telephone-event at the
 * codec's clock rate (RFC 4733 §7.1.1), mirrors hold (sendonly → recvonly,
 * inactive → inactive, `c=0.0.0.0` → inactive, RFC 3264 §8.4), accepts
 * rtcp-mux (RFC 5761) and keeps ptime. Other m-lines are rejected with port 0
 * in the answer (RFC 3264 §6). Never throws.
 */
export function negotiateAudio(offerSdp: string, options: NegotiateAudioOptions): Result<NegotiatedAudio, SdpError> {
  let session: SessionDescription;
  try {
    session = parse(offerSdp);
  } catch (error) {
    return err(new SdpError('bad-sdp', 'offer does not parse', { cause: error }));
  }
  if (!/^v=0\r?\n/.test(offerSdp) || !Array.isArray(session.media)) return err(new SdpError('bad-sdp', 'offer lacks v=0'));
  const index = session.media.findIndex((m) => m.type === 'audio' && m.port > 0);
  if (index < 0) return err(new SdpError('no-audio', 'no active audio stream in the offer'));
  const media = session.media[index] as MediaDescription;
  if (!/^RTP\/AVPF?$/i.test(media.protocol)) return err(new SdpError('no-common-codec', `transport ${media.protocol} not supported`));
  const connection = media.connection ?? session.connection;
  if (connection === undefined || typeof connection.ip !== 'string' || connection.ip === '') return err(new SdpError('bad-sdp', 'no connection address'));
  if (!Number.isInteger(media.port) || media.port > 65535) return err(new SdpError('bad-sdp', 'bad media port'));

  const formats = offeredFormats(media);
  let chosen: { format: OfferedFormat; name: AudioCodecName } | undefined;
  for (const format of formats) {
    const name = codecByName(format.name);
    if (name !== undefined && options.codecs.includes(name) && format.rate === CODEC_FORMATS[name].rate) {
      chosen = { format, name };
      break;
    }
  }
  if (chosen === undefined) return err(new SdpError('no-common-codec', 'no offered codec is supported'));
  const codec: NegotiatedCodec = {
    name: chosen.name,
    payloadType: chosen.format.pt,
    clockRateHz: chosen.format.rate,
    channels: chosen.format.channels,
  };
  const events = options.telephoneEvent ? formats.filter((f) => f.name.toLowerCase() === 'telephone-event') : [];
  const event = events.find((f) => f.rate === codec.clockRateHz) ?? events[0];

  const hold0 = connection.ip === '0.0.0.0' || connection.ip === '::';
  const offered: MediaDirection = media.direction ?? session.direction ?? 'sendrecv';
  const direction = hold0 ? 'inactive' : answerDirection(offered);
  const rtcpMux = media.rtcpMux === 'rtcp-mux';
  const ptimeMs = typeof media.ptime === 'number' && media.ptime > 0 ? media.ptime : 20;
  const rtcpPort = rtcpMux ? media.port : (media.rtcp?.port ?? media.port + 1);

  const ip = ipVersion(options.localAddress);
  const lines = [
    'v=0',
    `o=pinbridge ${options.sessionId ?? String(Date.now())} ${String(options.sessionVersion ?? 1)} IN ${ip} ${options.localAddress}`,
    `s=${options.sessionName ?? 'pinbridge'}`,
    `c=IN ${ip} ${options.localAddress}`,
    't=0 0',
  ];
  session.media.forEach((m, i) => {
    if (i !== index) {
      // RFC 3264 §6: every offered stream gets an m-line; port 0 rejects it.
      lines.push(`m=${m.type} 0 ${m.protocol} ${String(m.payloads ?? '0').trim() || '0'}`);
      return;
    }
    const pts = [codec.payloadType, ...(event !== undefined ? [event.pt] : [])];
    lines.push(`m=audio ${String(options.localPort)} ${media.protocol} ${pts.join(' ')}`);
    const channels = codec.channels > 1 ? '/' + String(codec.channels) : '';
    lines.push(`a=rtpmap:${String(codec.payloadType)} ${chosen.format.name}/${String(codec.clockRateHz)}${channels}`);
    if (chosen.format.fmtp !== undefined && chosen.name === 'opus') lines.push(`a=fmtp:${String(codec.payloadType)} ${chosen.format.fmtp}`);
    if (event !== undefined) {
      lines.push(`a=rtpmap:${String(event.pt)} telephone-event/${String(event.rate)}`);
      lines.push(`a=fmtp:${String(event.pt)} 0-15`);
    }
    lines.push(`a=ptime:${String(ptimeMs)}`);
    if (rtcpMux) lines.push('a=rtcp-mux');
    lines.push(`a=${direction}`);
  });
  return ok({
    answerSdp: lines.join('\r\n') + '\r\n',
    codec,
    ...(event !== undefined ? { telephoneEventPayloadType: event.pt, telephoneEventClockRateHz: event.rate } : {}),
    remote: { address: connection.ip, port: media.port, rtcpPort },
    direction,
    ptimeMs,
    rtcpMux,
  });
}
