/**
 * Time conversions shared by both ways of making observations (raw points and store answers).
 */

/**
 * Nanoseconds since the epoch to whole milliseconds (floored, as InfluxDB buckets them), without
 * allocating a bigint for most points.
 *
 * `Number(ns)` is exact to about 256 ns at today's dates, so its quotient is trusted except within a
 * microsecond of a millisecond boundary, where the exact bigint division decides.
 */
export function nanosecondsToMs(ns: bigint | number): number {
  const approx = Number(ns) / 1e6;
  const floor = Math.floor(approx);
  const fraction = approx - floor;
  if (fraction > 1e-3 && fraction < 1 - 1e-3) {
    return floor;
  }
  if (typeof ns !== 'bigint') {
    return floor;
  }
  let quotient = ns / 1_000_000n;
  if (ns < 0n && quotient * 1_000_000n !== ns) {
    quotient -= 1n;
  }
  return Number(quotient);
}

/** Start of the bucket holding `ms`; buckets are aligned on the epoch, as InfluxDB's GROUP BY time() aligns them. */
export function bucketStartOf(ms: number, bucketMs: number): number {
  return ms - (((ms % bucketMs) + bucketMs) % bucketMs);
}
