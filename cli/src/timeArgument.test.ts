import { parseDuration, parseTime } from './timeArgument';

describe('time arguments', () => {
  const now = Date.parse('2024-03-01T12:00:00Z');

  it('reads ISO 8601 times with a zone, dates as midnight UTC, and epoch milliseconds', () => {
    expect(parseTime('2024-03-01T08:00:00Z', now)).toBe(1709280000000);
    expect(parseTime('2024-03-01T09:00:00.5+01:00', now)).toBe(1709280000500);
    expect(parseTime('2024-03-01', now)).toBe(1709251200000);
    expect(parseTime('1709280000000', now)).toBe(1709280000000);
  });

  it('reads now and times relative to it', () => {
    expect(parseTime('now', now)).toBe(now);
    expect(parseTime('now-6h', now)).toBe(now - 6 * 3_600_000);
    expect(parseTime('now+1d', now)).toBe(now + 86_400_000);
  });

  it('refuses times without a zone and anything else', () => {
    for (const text of ['2024-03-01T08:00:00', 'yesterday', 'now-', 'now-6x', '2024-02-30T00:00:00Z', '']) {
      expect(parseTime(text, now)).toBeUndefined();
    }
  });

  it('reads durations in ms, s, m, h, d and w', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('5')).toBeUndefined();
  });
});
