export { RtpPeer, tonePower } from './rtp-peer.js';
export type { ReceivedPacket } from './rtp-peer.js';
