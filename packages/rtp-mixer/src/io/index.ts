export { PortPool } from './bind-socket-pair.js';
export type { PortSlice, SocketPair } from './bind-socket-pair.js';
export { MAX_PACKETS_PER_SECOND, PROBATION_PACKETS, RELATCH_AFTER_SILENCE_MS, RtpPort } from './rtp-port.js';
export type { PortRemote, RtpHandler, RtpPortCounters, RtpPortOptions } from './rtp-port.js';
export { ReceiveStatistics } from './receive-statistics.js';
export { buildRtcpReport, rtcpReportSize, srMiddleNtp } from './build-rtcp-report.js';
export type { ReportBlock, SenderInfo } from './build-rtcp-report.js';
