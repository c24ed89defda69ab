/**
 * Robust statistics (median, MAD) that the process detectors judge points by: a few wild buckets in the
 * baseline do not move them, as they would move a mean and a standard deviation.
 *
 * The values are copied into a typed array and the median selected there (see bucketMedian.ts): sorting a
 * plain array with a comparator boxes every fractional difference it returns, a heap number per comparison.
 */
import { medianInPlace } from '../aggregation/bucketMedian';

/** Median of finite values (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const finite = new Float64Array(values.length);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isFinite(value)) {
      finite[size++] = value;
    }
  }
  return medianInPlace(finite, 0, size);
}

/** Median absolute deviation of the finite values from `center`. */
export function medianAbsoluteDeviation(values: readonly number[], center: number): number {
  const deviations = new Float64Array(values.length);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = Math.abs(values[i] - center);
    if (Number.isFinite(deviation)) {
      deviations[size++] = deviation;
    }
  }
  return medianInPlace(deviations, 0, size);
}

/** The MAD scaled so that it estimates the standard deviation of normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;
