import {
  cidrContains,
  cidrContainsAddress,
  formatCidr,
  formatIp,
  formatIpv4,
  formatIpv6,
  ipv4FromMapped,
  isCidrError,
  parseCidr,
  parseIp,
  parseIpv4,
  parseIpv6,
  type Cidr,
} from './ipAddress';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (isCidrError(parsed)) {
    throw new Error(parsed.error);
  }
  return parsed;
}

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.1.2.3', 0x0a010203],
    ['192.168.0.1', 0xc0a80001],
    ['255.255.255.255', 0xffffffff],
  ])('reads %s as an unsigned 32-bit number', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.',
    '.1.2.3',
    '1..2.3',
    '01.2.3.4',
    '1.2.3.4 ',
    'a.b.c.d',
    '1.2.3.-4',
  ])('refuses %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });
});

describe('parseIpv6', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 0x20010db8000000000000000000000001n],
    ['fe80::1:2', 0xfe800000000000000000000000010002n],
    ['::ffff:1.2.3.4', 0xffff01020304n],
    ['64:ff9b::192.0.2.33', 0x0064ff9b0000000000000000c0000221n],
    ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:1.2.3.4', 0x00010002000300040005000601020304n],
  ])('reads %s', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
  });

  it.each([
    ':',
    ':::',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8',
    '12345::',
    'g::1',
    'fe80::1%eth0',
    '::1.2.3.4:5',
    '::ffff:1.2.3.256',
    '1.2.3.4',
  ])('refuses %j', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });
});

describe('parseIp', () => {
  it('tells the versions apart', () => {
    expect(parseIp('10.0.0.1')).toEqual({ version: 4, value: 0x0a000001n });
    expect(parseIp('::1')).toEqual({ version: 6, value: 1n });
    expect(parseIp('plc-1')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes IPv4 as dotted quad', () => {
    expect(formatIpv4(0xc0a80001)).toBe('192.168.0.1');
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
  });

  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
  ])('writes %s in RFC 5952 form as %s', (text, canonical) => {
    expect(formatIpv6(parseIpv6(text) ?? -1n)).toBe(canonical);
  });

  it('formats either version through formatIp', () => {
    expect(formatIp({ version: 4, value: 0x0a000001n })).toBe('10.0.0.1');
    expect(formatIp({ version: 6, value: 1n })).toBe('::1');
  });
});

describe('parseCidr', () => {
  it('reads a range in canonical and non-canonical spelling', () => {
    expect(parseCidr('10.1.0.0/16')).toEqual({ version: 4, network: 0x0a010000n, prefix: 16 });
    expect(formatCidr(cidr('2001:0DB8:0::/32'))).toBe('2001:db8::/32');
    expect(parseCidr('0.0.0.0/0')).toEqual({ version: 4, network: 0n, prefix: 0 });
    expect(parseCidr('::/0')).toEqual({ version: 6, network: 0n, prefix: 0 });
  });

  it('reads a bare address as a range of one host', () => {
    expect(parseCidr('10.1.2.3')).toEqual({ version: 4, network: 0x0a010203n, prefix: 32 });
    expect(parseCidr('::1')).toEqual({ version: 6, network: 1n, prefix: 128 });
  });

  it('names a bad address', () => {
    expect(parseCidr('10.1.2.300/24')).toEqual({ error: 'bad address "10.1.2.300"' });
    expect(parseCidr('/24')).toEqual({ error: 'bad address ""' });
  });

  it('names a prefix out of range for the version', () => {
    expect(parseCidr('10.0.0.0/33')).toEqual({ error: 'prefix length 33 out of range 0..32 for IPv4' });
    expect(parseCidr('2001:db8::/129')).toEqual({ error: 'prefix length 129 out of range 0..128 for IPv6' });
  });

  it('names a prefix that is not a number', () => {
    expect(parseCidr('10.0.0.0/')).toEqual({ error: 'bad prefix length "" (expected a whole number from 0 to 32)' });
    expect(parseCidr('10.0.0.0/08')).toEqual({
      error: 'bad prefix length "08" (expected a whole number from 0 to 32)',
    });
    expect(parseCidr('10.0.0.0/8/8')).toEqual({
      error: 'bad prefix length "8/8" (expected a whole number from 0 to 32)',
    });
  });

  it('names host bits that are set and the network that was probably meant', () => {
    expect(parseCidr('10.1.2.3/16')).toEqual({ error: 'host bits set after /16 (the network is 10.1.0.0/16)' });
    expect(parseCidr('2001:db8::1/64')).toEqual({ error: 'host bits set after /64 (the network is 2001:db8::/64)' });
  });
});

describe('containment', () => {
  it('finds a range inside another and an address inside a range', () => {
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrContains(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(cidr('10.1.0.0/16'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrContains(cidr('10.1.0.0/16'), cidr('10.2.0.0/16'))).toBe(false);
    expect(cidrContains(cidr('::/0'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrContainsAddress(cidr('2001:db8::/32'), { version: 6, value: parseIpv6('2001:db8:ffff::1') ?? 0n })).toBe(
      true
    );
  });

  it('extracts the IPv4 address of an IPv4-mapped IPv6 address only', () => {
    expect(ipv4FromMapped(parseIpv6('::ffff:10.0.0.1') ?? 0n)).toBe(0x0a000001);
    expect(ipv4FromMapped(parseIpv6('::10.0.0.1') ?? 0n)).toBeUndefined();
    expect(ipv4FromMapped(parseIpv6('1::ffff:10.0.0.1') ?? 0n)).toBeUndefined();
  });
});
