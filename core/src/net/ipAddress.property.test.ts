import fc from 'fast-check';

import { formatCidr, formatIpv4, formatIpv6, hostMask, parseCidr, parseIpv4, parseIpv6 } from './ipAddress';

const ipv6Value = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

describe('IP address text round trips', () => {
  it('reads back every IPv4 address it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        expect(parseIpv4(formatIpv4(value))).toBe(value);
      })
    );
  });

  it('reads back every IPv6 address it writes, and the text is in canonical form', () => {
    fc.assert(
      fc.property(ipv6Value, (value) => {
        const text = formatIpv6(value);
        expect(parseIpv6(text)).toBe(value);
        expect(formatIpv6(parseIpv6(text) ?? -1n)).toBe(text);
      })
    );
  });

  it('reads IPv6 in its full uncompressed form', () => {
    fc.assert(
      fc.property(ipv6Value, (value) => {
        const full = value.toString(16).padStart(32, '0').match(/.{4}/g)?.join(':') ?? '';
        expect(parseIpv6(full)).toBe(value);
      })
    );
  });

  it('reads back every range it writes', () => {
    fc.assert(
      fc.property(ipv6Value, fc.integer({ min: 0, max: 128 }), (value, prefix) => {
        const network = value & ~hostMask(6, prefix);
        expect(parseCidr(formatCidr({ version: 6, network, prefix }))).toEqual({ version: 6, network, prefix });
      })
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:./%x '.split('')) }), (text) => {
        parseIpv4(text);
        parseIpv6(text);
        parseCidr(text);
      })
    );
  });
});
