/**
 * IPv4 and IPv6 CIDR matching over BigInt (RFC 4632 for v4 prefixes; RFC 4291 §2.2 text
 * forms for v6, including `::` compression and a trailing dotted IPv4 part; RFC 4291
 * §2.5.5.2 IPv4-mapped addresses match IPv4 rules).
 */
import { err, ok } from '../config/index.js';
import type { Result } from '../config/index.js';
import { PolicyError } from './policy-error.js';

/** A parsed address: family and its 32- or 128-bit value. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A parsed CIDR block. */
export interface CidrBlock {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefixLength: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith('0'))) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const zoneless = text.split('%')[0] ?? '';
  const halves = zoneless.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
      out.push(parseInt(piece, 16));
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return value;
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim().replace(/^\[|\]$/g, '');
  if (!trimmed.includes(':')) {
    const v4 = parseIpv4(trimmed);
    return v4 === undefined ? undefined : { family: 4, value: v4 };
  }
  const v6 = parseIpv6(trimmed);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** Parses `addr/len` (or a bare address as a host route). Host bits must be zero. */
export function parseCidr(text: string): Result<CidrBlock, PolicyError> {
  const [addrText, lenText, extra] = text.trim().split('/');
  if (addrText === undefined || extra !== undefined) return err(new PolicyError('invalid-cidr', `bad CIDR ${JSON.stringify(text)}`));
  const addr = parseIpAddress(addrText);
  if (addr === undefined) return err(new PolicyError('invalid-cidr', `bad address in ${JSON.stringify(text)}`));
  const bits = addr.family === 4 ? 32 : 128;
  // A mapped v6 block like ::ffff:10.0.0.0/104 is the v4 block /8.
  const isMapped = addrText.includes(':') && addr.family === 4;
  let prefixLength = bits;
  if (lenText !== undefined) {
    if (!/^\d{1,3}$/.test(lenText)) return err(new PolicyError('invalid-cidr', `bad prefix length in ${JSON.stringify(text)}`));
    prefixLength = Number(lenText) - (isMapped ? 96 : 0);
  }
  if (prefixLength < 0 || prefixLength > bits) return err(new PolicyError('invalid-cidr', `prefix length out of range in ${JSON.stringify(text)}`));
  const mask = maskOf(bits, prefixLength);
  if ((addr.value & ~mask & ((1n << BigInt(bits)) - 1n)) !== 0n) return err(new PolicyError('invalid-cidr', `host bits set in ${JSON.stringify(text)}`));
  return ok({ family: addr.family, network: addr.value & mask, prefixLength });
}

function maskOf(bits: number, prefixLength: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return (all << BigInt(bits - prefixLength)) & all;
}

/** Whether `ip` lies in `block` (different families never match). */
export function cidrContains(block: CidrBlock, ip: IpAddress): boolean {
  if (block.family !== ip.family) return false;
  const bits = block.family === 4 ? 32 : 128;
  return (ip.value & maskOf(bits, block.prefixLength)) === block.network;
}
