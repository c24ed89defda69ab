/**
 * Time conversions shared by both ways of making observations (raw points and store answers).
 */

/**
 * Nanoseconds since the epoch to whole milliseconds, without allocating a bigint per call.
 *
 * `Number(ns)` is exact to about 256 ns at today's dates, so a timestamp on a millisecond (what writers
 * produce) may land a hair below it; anything within a microsecond of a millisecond is taken to be on it.
 * Only a point less than a microsecond before a bucket boundary could be bucketed differently from the
 * store, which buckets on exact nanoseconds.
 */
export function nanosecondsToMs(ns: bigint | number): number {
  const approx = Number(ns) / 1e6;
  const nearest = Math.round(approx);
  return Math.abs(approx - nearest) < 1e-3 ? nearest : Math.floor(approx);
}

/** Start of the bucket holding `ms`; buckets are aligned on the epoch, as InfluxDB's GROUP BY time() aligns them. */
export function bucketStartOf(ms: number, bucketMs: number): number {
  return ms - (((ms % bucketMs) + bucketMs) % bucketMs);
}
