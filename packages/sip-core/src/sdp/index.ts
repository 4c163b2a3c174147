export type { SdpErrorCode } from './sdp-error.js';
export { SdpError, sipStatusForSdpError } from './sdp-error.js';
export type { AudioCodecName, NegotiatedCodec } from './audio-codec.js';
export type { MediaDirection, NegotiateAudioOptions, NegotiatedAudio } from './negotiate-audio.js';
export { negotiateAudio } from './negotiate-audio.js';
export type { BuildOfferOptions } from './build-offer-sdp.js';
export { buildOfferSdp } from './build-offer-sdp.js';
