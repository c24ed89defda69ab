/**
 * Robust statistics (median, MAD) that the process detectors judge points by: a few wild buckets in the
 * baseline do not move them, as they would move a mean and a standard deviation.
 */

/** Median of finite values (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) {
    return Number.NaN;
  }
  const middle = n >> 1;
  return n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median absolute deviation from `center`. */
export function medianAbsoluteDeviation(values: readonly number[], center: number): number {
  return median(values.map((v) => Math.abs(v - center)));
}

/** The MAD scaled so that it estimates the standard deviation of normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;
