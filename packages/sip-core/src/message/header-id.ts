/** The headers the parser structures; everything else is `other` and stays raw. */
export type HeaderId =
  | 'via'
  | 'from'
  | 'to'
  | 'call-id'
  | 'cseq'
  | 'max-forwards'
  | 'contact'
  | 'content-length'
  | 'content-type'
  | 'other';

/** Case-insensitive compare of `s[start, start+lit.length)` with lower-case ASCII `lit`. */
function eq(s: string, start: number, lit: string): boolean {
  for (let i = 0; i < lit.length; i++) {
    if ((s.charCodeAt(start + i) | 0x20) !== lit.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Classifies the header name `s[start, end)` (any case, long or compact form,
 * RFC 3261 §7.3.3) without allocating a lower-cased copy.
 */
export function headerId(s: string, start: number, end: number): HeaderId {
  switch (end - start) {
    case 1:
      switch (s.charCodeAt(start) | 0x20) {
        case 118: return 'via'; // v
        case 102: return 'from'; // f
        case 116: return 'to'; // t
        case 105: return 'call-id'; // i
        case 109: return 'contact'; // m
        case 108: return 'content-length'; // l
        case 99: return 'content-type'; // c
        default: return 'other';
      }
    case 2:
      return eq(s, start, 'to') ? 'to' : 'other';
    case 3:
      return eq(s, start, 'via') ? 'via' : 'other';
    case 4:
      return eq(s, start, 'from') ? 'from' : eq(s, start, 'cseq') ? 'cseq' : 'other';
    case 7:
      return eq(s, start, 'call-id') ? 'call-id' : eq(s, start, 'contact') ? 'contact' : 'other';
    case 12:
      return eq(s, start, 'max-forwards') ? 'max-forwards' : eq(s, start, 'content-type') ? 'content-type' : 'other';
    case 14:
      return eq(s, start, 'content-length') ? 'content-length' : 'other';
    default:
      return 'other';
  }
}
