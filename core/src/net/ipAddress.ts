/**
 * IPv4 and IPv6 addresses and CIDR ranges as numbers, so ranges can be compared and looked up.
 *
 * IPv4 has a path of its own on plain numbers (unsigned 32-bit) because zone attribution parses
 * millions of addresses and must not allocate a bigint for each. IPv6 values are bigints.
 * Zone indices (`fe80::1%eth0`) are refused: telemetry addresses name hosts, not interfaces.
 */

export type IpVersion = 4 | 6;

export interface IpAddress {
  version: IpVersion;
  value: bigint;
}

export interface Cidr {
  version: IpVersion;
  /** The network address: the range's first address, host bits zero. */
  network: bigint;
  prefix: number;
}

export interface CidrError {
  error: string;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;

/** Bits in an address of each version. */
export function addressBits(version: IpVersion): number {
  return version === 4 ? 32 : 128;
}

/**
 * Parses dotted-quad IPv4 text to an unsigned 32-bit number. Octets with leading zeros are refused
 * because some tools read them as octal.
 */
export function parseIpv4(text: string): number | undefined {
  const length = text.length;
  if (length < 7 || length > 15) {
    return undefined;
  }
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (digits > 0 && octet === 0) {
        return undefined;
      }
      octet = octet * 10 + (c - DIGIT_0);
      digits++;
      if (octet > 255) {
        return undefined;
      }
    } else if (c === DOT) {
      if (digits === 0 || dots === 3) {
        return undefined;
      }
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) {
    return undefined;
  }
  return value * 256 + octet;
}

function parseHexGroup(text: string): number | undefined {
  if (text.length < 1 || text.length > 4) {
    return undefined;
  }
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower-case letters; digits keep their code
    let digit: number;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      digit = c - DIGIT_0;
    } else if (c >= 97 && c <= 102) {
      digit = c - 87;
    } else {
      return undefined;
    }
    value = value * 16 + digit;
  }
  return value;
}

/** Parses the groups on one side of `::` into 16-bit values; a dotted IPv4 tail counts as two groups. */
function parseGroups(text: string, allowIpv4Tail: boolean): number[] | undefined {
  if (text === '') {
    return [];
  }
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (allowIpv4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) {
        return undefined;
      }
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else {
      const group = parseHexGroup(part);
      if (group === undefined) {
        return undefined;
      }
      groups.push(group);
    }
  }
  return groups;
}

/** Parses IPv6 text (RFC 4291 forms, including `::` and an embedded IPv4 tail) to a 128-bit bigint. */
export function parseIpv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45 || !text.includes(':')) {
    return undefined;
  }
  const gap = text.indexOf('::');
  let groups: number[] | undefined;
  if (gap === -1) {
    groups = parseGroups(text, true);
    if (groups === undefined || groups.length !== 8) {
      return undefined;
    }
  } else {
    if (text.indexOf('::', gap + 1) !== -1) {
      return undefined;
    }
    const head = parseGroups(text.slice(0, gap), false);
    const tail = parseGroups(text.slice(gap + 2), true);
    // `::` stands for at least one group of zeros.
    if (head === undefined || tail === undefined || head.length + tail.length > 7) {
      return undefined;
    }
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  let value = 0n;
  for (const group of groups) {
    value = (value << 16n) | BigInt(group);
  }
  return value;
}

/** Parses an IPv4 or IPv6 address; undefined when the text is neither. */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) {
    return { version: 4, value: BigInt(v4) };
  }
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

const LOW_32 = (1n << 32n) - 1n;

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), if it is one. */
export function ipv4FromMapped(value: bigint): number | undefined {
  return value >> 32n === 0xffffn ? Number(value & LOW_32) : undefined;
}

/** Formats an unsigned 32-bit number as dotted-quad text. */
export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${
    value % 256
  }`;
}

/** Formats an IPv6 value in the RFC 5952 canonical form (lower case, longest zero run as `::`). */
export function formatIpv6(value: bigint): string {
  const mapped = ipv4FromMapped(value);
  if (mapped !== undefined) {
    return `::ffff:${formatIpv4(mapped)}`;
  }
  const groups: number[] = [];
  for (let shift = 112; shift >= 0; shift -= 16) {
    groups.push(Number((value >> BigInt(shift)) & 0xffffn));
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) {
      end++;
    }
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart === -1) {
    return hex(groups);
  }
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** Formats an address in its canonical text form. */
export function formatIp(address: IpAddress): string {
  return address.version === 4 ? formatIpv4(Number(address.value)) : formatIpv6(address.value);
}

/** Formats a range as `network/prefix` in canonical form. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ version: cidr.version, value: cidr.network })}/${cidr.prefix}`;
}

/** The mask of the host part of a range: the bits that must be zero in its network address. */
export function hostMask(version: IpVersion, prefix: number): bigint {
  return (1n << BigInt(addressBits(version) - prefix)) - 1n;
}

/**
 * Parses `address/prefix`. A bare address is a range of one host (/32 or /128), as zone files often
 * list single hosts. The error says what is wrong: the address, the prefix, or host bits that are set.
 */
export function parseCidr(text: string): Cidr | CidrError {
  if (typeof text !== 'string') {
    return { error: 'not a string' };
  }
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIp(addressText);
  if (address === undefined) {
    return { error: `bad address "${addressText}"` };
  }
  const bits = addressBits(address.version);
  let prefix = bits;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) {
      return { error: `bad prefix length "${prefixText}" (expected a whole number from 0 to ${bits})` };
    }
    prefix = Number(prefixText);
    if (prefix > bits) {
      return { error: `prefix length ${prefix} out of range 0..${bits} for IPv${address.version}` };
    }
  }
  const hostBits = address.value & hostMask(address.version, prefix);
  if (hostBits !== 0n) {
    const network = { version: address.version, network: address.value - hostBits, prefix };
    return {
      error: `host bits set after /${prefix} (the network is ${formatCidr(network)})`,
    };
  }
  return { version: address.version, network: address.value, prefix };
}

/** True when `inner` lies within `outer` (a range contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.version === inner.version &&
    outer.prefix <= inner.prefix &&
    (inner.network & ~hostMask(outer.version, outer.prefix)) === outer.network
  );
}

/** True when the address lies within the range. */
export function cidrContainsAddress(cidr: Cidr, address: IpAddress): boolean {
  return cidrContains(cidr, { version: address.version, network: address.value, prefix: addressBits(address.version) });
}

/** Type guard separating a parsed range from a parse error. */
export function isCidrError(result: Cidr | CidrError): result is CidrError {
  return 'error' in result;
}
