/**
 * Bucket widths: the store aggregates into buckets (GROUP BY time()) so that a panel never receives more
 * points than it can draw (`maxDataPoints`), and widths come from a short ladder of round durations so that
 * panels of similar size ask for the same buckets, which lets them share one fetch.
 */
import { FLOW_ROLLUP_MS } from '@conduit/core';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const BUCKET_LADDER_MS: readonly number[] = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
];

/** The detectors' thresholds are counted in buckets of about a minute; finer buckets only cost more. */
export const ANALYSIS_MIN_BUCKET_MS = MINUTE;
/** Analysis buckets per range at most, whatever the panel size: detectors need no more. */
export const ANALYSIS_MAX_BUCKETS = 500;
/** When Grafana gives no maxDataPoints (some API callers). */
export const DEFAULT_MAX_DATA_POINTS = 1000;

/**
 * The narrowest ladder width at least `minMs` wide that cuts `spanMs` into at most `maxPoints` buckets.
 * Bad inputs fall back to sane values rather than throwing.
 */
export function bucketFor(spanMs: number, maxPoints: number | undefined, minMs = SECOND): number {
  const points =
    typeof maxPoints === 'number' && Number.isFinite(maxPoints) && maxPoints >= 1 ? maxPoints : DEFAULT_MAX_DATA_POINTS;
  const span = Number.isFinite(spanMs) && spanMs > 0 ? spanMs : HOUR;
  const floor = Number.isFinite(minMs) && minMs > 0 ? minMs : SECOND;
  const wanted = Math.max(floor, span / Math.floor(points));
  const step = BUCKET_LADDER_MS.find((width) => width >= wanted);
  return step ?? Math.ceil(wanted / DAY) * DAY;
}

/**
 * Flow buckets per range for the topology. Its edges sum over the whole range, so only their first and last seen
 * depend on the bucket, and the store answers far faster with few buckets: a day of the demo plant's flows took
 * 430 ms in 5-minute buckets and 130 ms in hourly ones on influxd 1.6.
 */
export const TOPOLOGY_MAX_BUCKETS = 48;

/**
 * Beyond two days the topology's buckets are whole days: its edges' first and last seen are to the day on a week's
 * view, and influxd sums a week of the analyzer's hourly rollup in about half the time, and answers a third less, than
 * in 6-hour buckets (the demo plant on influxd 1.6: 190 against 380 ms, 266 against 385 KB).
 */
export const TOPOLOGY_HOURLY_MAX_SPAN_MS = 2 * DAY;

/**
 * The topology's bucket of a range: at least a minute, at most TOPOLOGY_MAX_BUCKETS buckets, whole hours from a day
 * up, so that the analyzer's hourly flow rollup can serve the range (an hour's row fits in one bucket), and whole
 * days beyond TOPOLOGY_HOURLY_MAX_SPAN_MS.
 */
export function topologyBucketMs(spanMs: number): number {
  const bucket = bucketFor(spanMs, TOPOLOGY_MAX_BUCKETS, ANALYSIS_MIN_BUCKET_MS);
  if (spanMs > TOPOLOGY_HOURLY_MAX_SPAN_MS) {
    return Math.max(bucket, DAY);
  }
  return spanMs >= DAY ? Math.max(bucket, FLOW_ROLLUP_MS) : bucket;
}

/** The analysis bucket of a range: at least a minute, at most ANALYSIS_MAX_BUCKETS (or maxDataPoints) buckets. */
export function analysisBucketMs(spanMs: number, maxDataPoints?: number): number {
  const limit = Math.min(ANALYSIS_MAX_BUCKETS, maxDataPoints ?? ANALYSIS_MAX_BUCKETS);
  return bucketFor(spanMs, limit, ANALYSIS_MIN_BUCKET_MS);
}

const UNITS: Array<[number, string]> = [
  [7 * DAY, 'w'],
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
  [SECOND, 's'],
];

/** An InfluxQL duration literal for a width in milliseconds: `5m`, `1h`, `1500ms`. */
export function durationLiteral(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  for (const [size, unit] of UNITS) {
    if (whole % size === 0) {
      return `${whole / size}${unit}`;
    }
  }
  return `${whole}ms`;
}

const DURATION = /^([0-9]+)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/** Milliseconds of a duration such as `30s` or `5m`, or undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return ms > 0 ? ms : undefined;
}
