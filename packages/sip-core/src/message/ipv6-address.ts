function isHexGroup(s: string): boolean {
  if (s.length === 0 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !/^[0-9]+$/.test(p) || Number(p) > 255) return false;
  }
  return true;
}

/**
 * Whether `s` is an `IPv6address` (RFC 3261 §25.1 as corrected by RFC 5118
 * §4.10: at most one "::", 1-4 hex digits per group, an optional trailing
 * IPv4 address counting as two groups; `2001:db8:::1` is invalid).
 */
export function isIPv6Address(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const groupsOf = (part: string): number => {
    if (part.length === 0) return 0;
    const groups = part.split(':');
    let n = 0;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        if (!isIPv4(g)) return -1;
        n += 2;
      } else if (isHexGroup(g)) n += 1;
      else return -1;
    }
    return n;
  };
  if (dbl < 0) return groupsOf(s) === 8;
  const head = groupsOf(s.slice(0, dbl));
  const tail = groupsOf(s.slice(dbl + 2));
  if (head < 0 || tail < 0) return false;
  if (s.slice(0, dbl).includes('.')) return false;
  return head + tail <= 7;
}
