import { isPublicAddress } from './publicAddress';

describe('isPublicAddress', () => {
  it('counts internet addresses, documentation ranges included, as public', () => {
    expect(['203.0.113.10', '8.8.8.8', '192.0.2.66', '2001:db8::1', '::ffff:8.8.8.8'].map(isPublicAddress)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('counts private, loopback, link-local, shared, multicast and malformed addresses as not public', () => {
    const local = [
      '10.20.1.10',
      '172.16.35.10',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.3.4',
      '100.64.0.1',
      '224.0.0.251',
      '0.0.0.0',
    ];
    expect(local.filter(isPublicAddress)).toEqual([]);
    expect(['fd10:10::10', 'fe80::1', 'ff02::1', '::1', '::', 'not an address', ''].filter(isPublicAddress)).toEqual(
      []
    );
    expect(isPublicAddress('172.32.0.1')).toBe(true);
  });
});
