export { RtpError, err, ok } from './rtp-error.js';
export type { Result, RtpErrorCode } from './rtp-error.js';
export { RTP_HEADER_BYTES, RtpPacketView } from './rtp-packet-view.js';
export { writeRtpHeader } from './write-rtp-header.js';
export type { RtpHeaderFields } from './write-rtp-header.js';
export { seqAdd, seqDiff, seqNewer, tsAdd, tsDiff, tsNewer } from './sequence-math.js';
export { SsrcChangeDetector } from './ssrc-change-detector.js';
