export type { DialogRequestOptions } from './dialog.js';
export { Dialog, dialogKey } from './dialog.js';
export type { SessionRefresher, SessionTimerDecision } from './session-timer.js';
export { negotiateSessionTimer, parseSessionExpires, sessionExpiryMs } from './session-timer.js';
export { AnswerRetransmitter } from './answer-retransmitter.js';
