import { parseDuration, parseTime } from './timeRange';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('command-line times', () => {
  it('reads now, relative offsets, ISO date-times with a zone and epoch milliseconds', () => {
    expect(parseTime('now', NOW)).toEqual({ value: NOW });
    expect(parseTime('-1d', NOW)).toEqual({ value: NOW - 86_400_000 });
    expect(parseTime('-90m', NOW)).toEqual({ value: NOW - 5_400_000 });
    expect(parseTime('+2h', NOW)).toEqual({ value: NOW + 7_200_000 });
    expect(parseTime('2026-01-14T00:00:00Z', NOW)).toEqual({ value: Date.UTC(2026, 0, 14) });
    expect(parseTime('2026-01-14T01:00:00+01:00', NOW)).toEqual({ value: Date.UTC(2026, 0, 14) });
    expect(parseTime('2026-01-14', NOW)).toEqual({ value: Date.UTC(2026, 0, 14) });
    expect(parseTime('1768435200000', NOW)).toEqual({ value: 1_768_435_200_000 });
  });

  it('refuses a date-time without a zone and anything else, saying what it accepts', () => {
    expect(parseTime('2026-01-14T00:00:00', NOW)).toEqual({ error: expect.stringContaining('with a zone') });
    expect(parseTime('yesterday', NOW)).toEqual({ error: expect.stringContaining('"yesterday" is not a time') });
    expect(parseTime('2026-13-45T00:00:00Z', NOW)).toHaveProperty('error');
  });

  it('reads durations and refuses zero or malformed ones', () => {
    expect(parseDuration('6h')).toEqual({ value: 21_600_000 });
    expect(parseDuration('90m')).toEqual({ value: 5_400_000 });
    expect(parseDuration('0h')).toHaveProperty('error');
    expect(parseDuration('six hours')).toHaveProperty('error');
  });
});
