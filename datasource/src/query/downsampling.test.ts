import { analysisBucketMs, bucketFor, durationLiteral, parseDurationMs, topologyBucketMs } from './downsampling';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('bucketFor', () => {
  it.each([
    [HOUR, 1000, 5_000],
    [24 * HOUR, 1000, 2 * MINUTE],
    [7 * 24 * HOUR, 800, 15 * MINUTE],
    [30 * 24 * HOUR, 300, 3 * HOUR],
  ])('cuts %i ms into no more than %i buckets with the narrowest round width (%i ms)', (span, points, width) => {
    expect(bucketFor(span, points)).toBe(width);
    expect(span / bucketFor(span, points)).toBeLessThanOrEqual(points);
  });

  it('never goes below the minimum width', () => {
    expect(bucketFor(HOUR, 100_000, 10_000)).toBe(10_000);
  });

  it('widens past the ladder in whole days', () => {
    expect(bucketFor(3650 * 24 * HOUR, 100)).toBe(37 * 24 * HOUR);
  });

  it('falls back to sane values on bad input instead of throwing', () => {
    expect(bucketFor(Number.NaN, Number.NaN)).toBeGreaterThan(0);
    expect(bucketFor(-5, 0)).toBeGreaterThan(0);
  });
});

describe('analysisBucketMs', () => {
  it('keeps a minute for a few hours, so the detectors count in their own buckets', () => {
    expect(analysisBucketMs(6 * HOUR, 1200)).toBe(MINUTE);
  });

  it('gives panels of different widths the same bucket so they share one fetch', () => {
    expect(analysisBucketMs(24 * HOUR, 900)).toBe(analysisBucketMs(24 * HOUR, 1900));
  });

  it('follows a narrow panel below the analysis cap', () => {
    expect((24 * HOUR) / analysisBucketMs(24 * HOUR, 100)).toBeLessThanOrEqual(100);
  });
});

describe('topologyBucketMs', () => {
  it('cuts a range of up to two days into at most 48 buckets of at least a minute, whatever the panel', () => {
    expect(topologyBucketMs(HOUR / 2)).toBe(MINUTE);
    expect(topologyBucketMs(HOUR)).toBe(2 * MINUTE);
    expect(topologyBucketMs(12 * HOUR)).toBe(15 * MINUTE);
    expect(topologyBucketMs(2 * 24 * HOUR)).toBe(HOUR);
  });

  it('takes whole hours from a day up, which the hourly flow rollup can serve', () => {
    expect(topologyBucketMs(23 * HOUR)).toBe(30 * MINUTE);
    expect(topologyBucketMs(24 * HOUR)).toBe(HOUR);
    expect(topologyBucketMs(30 * 24 * HOUR) % HOUR).toBe(0);
  });

  it('takes whole days beyond two days, where first and last seen to the day are enough', () => {
    expect(topologyBucketMs(2 * 24 * HOUR + MINUTE)).toBe(24 * HOUR);
    expect(topologyBucketMs(7 * 24 * HOUR)).toBe(24 * HOUR);
    expect(topologyBucketMs(90 * 24 * HOUR) % (24 * HOUR)).toBe(0);
  });
});

describe('durationLiteral and parseDurationMs', () => {
  it.each([
    [5 * MINUTE, '5m'],
    [HOUR, '1h'],
    [1500, '1500ms'],
    [7 * 24 * HOUR, '1w'],
  ])('writes %i ms as %s and reads it back', (ms, text) => {
    expect(durationLiteral(ms)).toBe(text);
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('reads nothing from text that is not a duration', () => {
    expect(parseDurationMs('$__interval')).toBeUndefined();
    expect(parseDurationMs('0s')).toBeUndefined();
    expect(parseDurationMs('5 minutes')).toBeUndefined();
  });
});
