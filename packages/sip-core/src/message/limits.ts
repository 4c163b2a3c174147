import type { SipLimits } from './types.js';

/**
 * Safe defaults (SECURITY.md "SIP parser": ≤ 16 KiB per message, ≤ 100 headers;
 * Kamailio's MSG_MAX_SIZE is of the same order).
 */
export const DEFAULT_SIP_LIMITS: SipLimits = Object.freeze({
  maxMessageBytes: 16384,
  maxHeaders: 100,
  maxLineBytes: 8192,
});
