/**
 * Whether an address is on the internet: not private, loopback, link-local, shared (CGNAT), multicast or
 * unspecified. Documentation ranges count as public, because demo plants use them for internet hosts.
 */
import { parseIp, parseIpv4 } from '../net/ipAddress';

const V4_NOT_PUBLIC: ReadonlyArray<[number, number]> = [
  [0x00000000, 8], // this network
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 shared address space
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0xe0000000, 3], // multicast and reserved (224/3)
];

function v4Public(value: number): boolean {
  for (const [network, prefix] of V4_NOT_PUBLIC) {
    const mask = prefix === 0 ? 0 : (-1 << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 === network) {
      return false;
    }
  }
  return true;
}

export function isPublicAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4 !== undefined) {
    return v4Public(v4);
  }
  const parsed = parseIp(ip);
  if (parsed === undefined) {
    return false;
  }
  if (parsed.version === 4) {
    return v4Public(Number(parsed.value));
  }
  const top16 = Number(parsed.value >> 112n);
  if (parsed.value <= 1n) {
    return false; // unspecified and loopback
  }
  if (parsed.value >> 32n === 0xffffn) {
    return v4Public(Number(parsed.value & 0xffffffffn)); // IPv4-mapped
  }
  // Unique local fc00::/7, link-local fe80::/10, multicast ff00::/8.
  return !((top16 & 0xfe00) === 0xfc00 || (top16 & 0xffc0) === 0xfe80 || (top16 & 0xff00) === 0xff00);
}
