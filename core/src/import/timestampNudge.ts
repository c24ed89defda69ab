/**
 * InfluxDB keeps one point per series and timestamp: a second point with the same measurement, tag set
 * and time overwrites the first. Zeek timestamps have microsecond resolution, and two connections
 * between the same hosts on the same service can start in the same microsecond, so an importer moves
 * the later point forward by 1 ns per earlier twin. The nanoseconds below Zeek's resolution are free, so
 * no nudged point can land on a real one.
 *
 * Memory is flat: the nudger remembers the most recent `capacity` (series, time) pairs. Twins further
 * apart in the log than that (conn.log is ordered by connection end, not start) are not caught; the
 * default covers hundreds of thousands of records.
 */
import type { TelemetryPoint } from '../telemetryContract';

export const DEFAULT_NUDGE_CAPACITY = 1 << 18;

export interface TimestampNudger {
  /** The point itself when its series and time are new, else a copy moved forward to the next free nanosecond. */
  place(point: TelemetryPoint): TelemetryPoint;
  /** Points moved so far. */
  readonly nudged: number;
}

/** The series identity InfluxDB uses: measurement and tag set, tags in key order. */
export function seriesKey(point: TelemetryPoint): string {
  const keys = Object.keys(point.tags).sort();
  let key = point.measurement;
  for (const k of keys) {
    key += `,${k}=${point.tags[k]}`;
  }
  return key;
}

export function createTimestampNudger(capacity: number = DEFAULT_NUDGE_CAPACITY): TimestampNudger {
  // (series, original time) -> how many points already took that time, in insertion order for eviction.
  const seen = new Map<string, number>();
  let nudged = 0;
  return {
    get nudged() {
      return nudged;
    },
    place(point) {
      const key = `${point.timestampNs}|${seriesKey(point)}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        if (seen.size >= capacity) {
          const oldest = seen.keys().next();
          if (!oldest.done) {
            seen.delete(oldest.value);
          }
        }
        seen.set(key, 1);
        return point;
      }
      seen.set(key, earlier + 1);
      nudged++;
      return { ...point, timestampNs: point.timestampNs + BigInt(earlier) };
    },
  };
}
