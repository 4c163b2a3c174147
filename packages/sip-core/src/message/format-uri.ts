import { HNV_UNRESERVED, PARAM_UNRESERVED, PASSWORD_EXTRA, UNRESERVED, USER_UNRESERVED } from './chars.js';
import type { Uri } from './types.js';
import { escapeUriPart } from './uri-escape.js';

const PARAM_CHARS = PARAM_UNRESERVED | UNRESERVED;
const HEADER_CHARS = HNV_UNRESERVED | UNRESERVED;

/**
 * Formats a URI in canonical form: components escaped where RFC 3261 §25.1
 * requires it (and only there), parameters and headers in stored order.
 */
export function formatUri(uri: Uri): string {
  if ('host' in uri) {
    let out = uri.scheme + ':';
    if (uri.user !== undefined) {
      out += escapeUriPart(uri.user, UNRESERVED | USER_UNRESERVED);
      if (uri.password !== undefined) out += ':' + escapeUriPart(uri.password, UNRESERVED | PASSWORD_EXTRA);
      out += '@';
    }
    out += uri.host;
    if (uri.port !== undefined) out += ':' + String(uri.port);
    for (const [name, value] of uri.params) {
      out += ';' + escapeUriPart(name, PARAM_CHARS);
      if (value !== null) out += '=' + escapeUriPart(value, PARAM_CHARS);
    }
    let sep = '?';
    for (const [name, value] of uri.headers) {
      out += sep + escapeUriPart(name, HEADER_CHARS) + '=' + escapeUriPart(value, HEADER_CHARS);
      sep = '&';
    }
    return out;
  }
  if ('number' in uri) {
    let out = 'tel:' + uri.number;
    for (const [name, value] of uri.params) out += value === null ? ';' + name : ';' + name + '=' + value;
    return out;
  }
  return uri.raw;
}
