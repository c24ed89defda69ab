import { parseZeekTime } from './zeekValues';

describe('Zeek times', () => {
  it('reads epoch seconds to nanoseconds without float rounding', () => {
    expect(parseZeekTime('1709280000.123456')).toBe(1709280000123456000n);
    expect(parseZeekTime('1709280000.123456789')).toBe(1709280000123456789n);
    expect(parseZeekTime('1709280000')).toBe(1709280000000000000n);
  });

  it('reads ISO 8601 times with a zone', () => {
    expect(parseZeekTime('2024-03-01T08:00:03.250000Z')).toBe(1709280003250000000n);
    expect(parseZeekTime('2024-03-01T09:00:03+01:00')).toBe(1709280003000000000n);
  });

  it('refuses anything else', () => {
    for (const text of ['', '-1', '1e9', '1709280000.', 'yesterday', '2024-03-01T08:00:03', '2024-13-01T08:00:03Z']) {
      expect(parseZeekTime(text)).toBeUndefined();
    }
  });
});
