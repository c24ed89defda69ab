import fc from 'fast-check';
import { medianInPlace, selectInPlace } from './bucketMedian';

/** The median as a sort gives it: what selection must agree with. */
function sortedMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// -0 is made 0: the two are one value to a median, though not to toBe.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((v) => v + 0);

describe('bucket median', () => {
  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(medianInPlace(Float64Array.of(10, 1, 2), 0, 3)).toBe(2);
    expect(medianInPlace(Float64Array.of(10, 4, 1, 2), 0, 4)).toBe(3);
    expect(medianInPlace(Float64Array.of(100, 7, 1, 5, -100), 1, 4)).toBe(5);
    expect(medianInPlace(Float64Array.of(100, 7, 1, -3, 5, -100), 1, 5)).toBe(3);
    expect(medianInPlace(Float64Array.of(4.5), 0, 1)).toBe(4.5);
  });

  it('is NaN for a bucket without values', () => {
    expect(medianInPlace(new Float64Array(3), 1, 1)).toBeNaN();
  });

  it('agrees with sorting for any values, and reorders only the values of its range', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { maxLength: 20 }),
        fc.array(finite, { minLength: 1, maxLength: 300 }),
        fc.array(finite, { maxLength: 20 }),
        (before, bucket, after) => {
          const values = Float64Array.from([...before, ...bucket, ...after]);
          const start = before.length;
          const end = start + bucket.length;
          expect(medianInPlace(values, start, end)).toBe(sortedMedian(bucket));
          expect(Array.from(values.subarray(0, start))).toEqual(before);
          expect(Array.from(values.subarray(end))).toEqual(after);
          expect(Array.from(values.subarray(start, end)).sort((a, b) => a - b)).toEqual(
            [...bucket].sort((a, b) => a - b)
          );
        }
      )
    );
  });

  it('agrees with sorting on ordered, reversed, constant and few-valued buckets', () => {
    const shapes: number[][] = [
      Array.from({ length: 1001 }, (_, i) => i),
      Array.from({ length: 1000 }, (_, i) => 1000 - i),
      Array.from({ length: 999 }, () => 0.7),
      Array.from({ length: 1000 }, (_, i) => i % 3),
      Array.from({ length: 1000 }, (_, i) => (i < 500 ? i : 1000 - i)),
    ];
    for (const shape of shapes) {
      expect(medianInPlace(Float64Array.from(shape), 0, shape.length)).toBe(sortedMedian(shape));
    }
  });

  it('places the k-th value with none greater before it and none smaller after it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (list, pick) => {
          const values = Float64Array.from(list);
          const k = pick % list.length;
          selectInPlace(values, 0, list.length, k);
          const sorted = [...list].sort((a, b) => a - b);
          expect(values[k]).toBe(sorted[k]);
          for (let i = 0; i < list.length; i++) {
            expect(i < k ? values[i] <= values[k] : values[i] >= values[k]).toBe(true);
          }
        }
      )
    );
  });

  it('sorts what is left once it has partitioned as often as it may, with the same answer', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), fc.nat({ max: 3 }), (list, rounds) => {
        const values = Float64Array.from(list);
        const k = list.length >> 1;
        selectInPlace(values, 0, list.length, k, rounds);
        expect(values[k]).toBe([...list].sort((a, b) => a - b)[k]);
      })
    );
  });
});
