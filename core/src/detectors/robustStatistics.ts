/**
 * Per-point time series of bucket statistics, and the robust statistics (median, MAD) the process and
 * sensor detectors judge them by.
 */
import type { ProcessPointStat } from '../observations';

export interface PointSeries {
  key: string;
  asset: string;
  zone: string;
  point: string;
  kind: string;
  unit: string;
  /** Bucket statistics in time order. */
  stats: ProcessPointStat[];
}

/** Groups process statistics by asset and point; series come in key order, buckets in time order. */
export function pointSeries(stats: readonly ProcessPointStat[]): PointSeries[] {
  const byKey = new Map<string, PointSeries>();
  for (const stat of stats) {
    const key = `${stat.asset}|${stat.point}`;
    let series = byKey.get(key);
    if (series === undefined) {
      series = {
        key,
        asset: stat.asset,
        zone: stat.zone,
        point: stat.point,
        kind: stat.kind,
        unit: stat.unit,
        stats: [],
      };
      byKey.set(key, series);
    }
    series.stats.push(stat);
  }
  const all = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const series of all) {
    series.stats.sort((a, b) => a.bucketStart - b.bucketStart);
  }
  return all;
}

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
