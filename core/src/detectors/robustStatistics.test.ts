import fc from 'fast-check';
import { median, medianAbsoluteDeviation } from './robustStatistics';

/** The median of the finite values as a sort gives it. */
function sortedMedian(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// -0 is made 0: the two are one value to a median, though not to toBe.
const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((v) => v + 0) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) }
);

describe('robust statistics', () => {
  it('take the middle value, or the mean of the two middle values, of the finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, Number.NaN, 1, Infinity])).toBe(3);
    expect(median([])).toBeNaN();
    expect(median([Number.NaN, -Infinity])).toBeNaN();
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100], 3)).toBe(1);
    expect(medianAbsoluteDeviation([1, Number.NaN, 5], 3)).toBe(2);
  });

  it('agree with sorting for any values, and leave the values as they were', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 40 }),
        fc.double({ noNaN: true, min: -1e9, max: 1e9 }),
        (values, center) => {
          const before = [...values];
          expect(median(values)).toBe(sortedMedian(values));
          expect(medianAbsoluteDeviation(values, center)).toBe(sortedMedian(values.map((v) => Math.abs(v - center))));
          expect(values).toEqual(before);
        }
      )
    );
  });
});
