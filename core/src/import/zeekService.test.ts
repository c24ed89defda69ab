import { contractService } from './zeekService';

describe("a connection's contract service", () => {
  it('is the first listed analyzer the contract knows', () => {
    expect(contractService('ssl,http', 'tcp', 443)).toBe('https');
    expect(contractService('gquic,ssl', 'udp', 443)).toBe('https');
    expect(contractService('MODBUS', 'tcp', 502)).toBe('modbus');
  });

  it('passes an analyzer the contract does not know through, lower-cased, when none is known', () => {
    expect(contractService('Gquic', 'udp', 443)).toBe('gquic');
    expect(contractService('-,irc', 'tcp', 6667)).toBe('irc');
  });

  it('is named after the well-known destination port when Zeek recognised nothing', () => {
    expect(contractService(undefined, 'tcp', 502)).toBe('modbus');
    expect(contractService('', 'udp', 47808)).toBe('bacnet');
    expect(contractService(undefined, 'tcp', 40000)).toBe('unknown');
  });
});
