export { SipError } from './sip-error.js';
export { ok, err } from './result.js';
export type { Result, Ok, Err } from './result.js';
