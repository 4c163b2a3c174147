/**
 * CIDR ranges for trunk source matching (RFC 4632 for IPv4, RFC 4291 §2.3 for IPv6
 * prefixes). Parsed once when the routing table is built; matching is a pure bit compare.
 * IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2), which a dual-stack
 * socket reports, match the IPv4 range.
 */

/** A parsed CIDR range: the address as 4 or 16 bytes plus the prefix length. */
export interface IpRange {
  readonly bytes: Uint8Array;
  readonly prefixLength: number;
  readonly text: string;
}

/** Parses a dotted-quad IPv4 address into 4 bytes. */
function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Parses an IPv6 address (with `::` compression and an optional dotted-quad tail) into 16 bytes. */
function parseIpv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf('%');
  const addr = zone >= 0 ? text.slice(0, zone) : text;
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const groups: number[] = [];
    const pieces = s.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
      groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 comes back as 4 bytes. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return v4;
  const v6 = parseIpv6(text);
  if (v6 === undefined) return undefined;
  const isMapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return isMapped ? v6.slice(12) : v6;
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address (a host range); undefined when malformed. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const addrText = slash >= 0 ? text.slice(0, slash) : text;
  const bytes = parseIpAddress(addrText.trim());
  if (bytes === undefined) return undefined;
  const maxBits = bytes.length * 8;
  let prefixLength = maxBits;
  if (slash >= 0) {
    const p = text.slice(slash + 1).trim();
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    prefixLength = Number(p);
    if (prefixLength > maxBits) return undefined;
  }
  return { bytes, prefixLength, text };
}

/** True when `address` lies inside `range` (same family; mapped IPv4 counts as IPv4). */
export function ipInRange(address: string | Uint8Array, range: IpRange): boolean {
  const bytes = typeof address === 'string' ? parseIpAddress(address) : address;
  if (bytes === undefined || bytes.length !== range.bytes.length) return false;
  let bits = range.prefixLength;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}
