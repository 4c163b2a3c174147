export type { SipSource, SipDestination, SipTransportProtocol } from './sip-source.js';
export type { SipTransport, SipTransportContext, SipInbound, SipLogger, SipBoundAddress, SipTcpOptions } from './sip-transport.js';
export type { SipStackStats } from './sip-stack-stats.js';
export { createSipStackStats } from './sip-stack-stats.js';
export { createUdpTransport } from './udp-transport.js';
export { createTcpTransport } from './tcp-transport.js';
export { answerMalformed } from './answer-malformed.js';
export { responseDestination, stampVia, bareHost, DEFAULT_SIP_PORT } from './response-destination.js';
