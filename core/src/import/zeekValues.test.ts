import { createZeekLogReader, type ZeekRecord } from './zeekLogReader';
import { optionalInterval, parseCount, parseZeekTime } from './zeekValues';

/** A TSV record with one field, `duration`, holding the text. */
function durationRecord(text: string): ZeekRecord {
  const reader = createZeekLogReader('tsv');
  reader.readLine('#fields\tduration');
  const result = reader.readLine(text);
  if (result.type !== 'record') {
    throw new Error(`not a record: ${text}`);
  }
  return result.record;
}

describe('Zeek times', () => {
  it('reads epoch seconds to nanoseconds without float rounding', () => {
    expect(parseZeekTime('1709280000.123456')).toBe(1709280000123456000n);
    expect(parseZeekTime('1709280000.123456789')).toBe(1709280000123456789n);
    expect(parseZeekTime('1709280000')).toBe(1709280000000000000n);
    expect(parseZeekTime('999999999999.999999999')).toBe(999999999999999999999n);
    expect(parseZeekTime('0.5')).toBe(500000000n);
  });

  it('reads ISO 8601 times with a zone', () => {
    expect(parseZeekTime('2024-03-01T08:00:03.250000Z')).toBe(1709280003250000000n);
    expect(parseZeekTime('2024-03-01T09:00:03+01:00')).toBe(1709280003000000000n);
  });

  it('refuses anything else', () => {
    for (const text of [
      '',
      '-1',
      '1e9',
      '1709280000.',
      '.5',
      '1709280000.1234567891',
      '1709280000000.0',
      '17092800a0.1',
      '1709280000.1a',
      '1.2.3',
      'yesterday',
      '2024-03-01T08:00:03',
      '2024-13-01T08:00:03Z',
    ]) {
      expect(parseZeekTime(text)).toBeUndefined();
    }
  });
});

describe('Zeek counts', () => {
  it('reads 1 to 15 digits exactly, and nothing else', () => {
    expect(parseCount('0')).toBe(0);
    expect(parseCount('502')).toBe(502);
    expect(parseCount('999999999999999')).toBe(999999999999999);
    for (const text of ['', '-1', '+1', '1.5', '1e3', ' 1', '0x10', '1000000000000000']) {
      expect(parseCount(text)).toBeNaN();
    }
  });
});

describe('Zeek intervals', () => {
  it('reads seconds as Zeek writes them, and exponents', () => {
    expect(optionalInterval(durationRecord('0.000512'), 'duration')).toBe(0.000512);
    expect(optionalInterval(durationRecord('12'), 'duration')).toBe(12);
    expect(optionalInterval(durationRecord('1e-3'), 'duration')).toBe(0.001);
    expect(optionalInterval(durationRecord('-'), 'duration')).toBeUndefined();
  });

  it('names the field and the value it refuses', () => {
    for (const text of ['.5', '5.', '1.2.3', '-1', 'abc', '0x1']) {
      expect(() => optionalInterval(durationRecord(text), 'duration')).toThrow(`bad interval "${text}" in duration`);
    }
  });
});
