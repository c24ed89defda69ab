/**
 * InfluxDB keeps one point per series and timestamp: a second point with the same measurement, tag set
 * and time overwrites the first. Zeek timestamps have microsecond resolution, and two connections
 * between the same hosts on the same service can start in the same microsecond, so an importer moves
 * the later point forward by 1 ns per earlier twin. The nanoseconds below Zeek's resolution are free, so
 * no nudged point can land on a real one.
 *
 * Memory is flat: the nudger remembers the most recent `capacity` (series, time) pairs, each as a 53-bit number
 * hashed from the series and the time (a number key costs no string per point). Twins further apart in the log than that (conn.log is ordered by
 * connection end, not start) are not caught; the default covers a quarter of a million records. Two
 * series whose hashes collide at the same time make one point move 1 ns for nothing, which loses no data.
 */
import type { TelemetryPoint } from '../telemetryContract';

export const DEFAULT_NUDGE_CAPACITY = 1 << 18;

export interface TimestampNudger {
  /** The point itself when its series and time are new, else a copy moved forward to the next free nanosecond. */
  place(point: TelemetryPoint): TelemetryPoint;
  /** Points moved so far. */
  readonly nudged: number;
}

/**
 * A hash of the series identity and the time as one safe integer: FNV-1a of each tag pair in two 32-bit lanes,
 * the pairs summed so tag order does not matter (no sort per point), the measurement mixed in, then the time.
 * The time is taken as a double: spaced 256 ns apart at today's epoch, finer than Zeek's microseconds.
 */
function pointKey(point: TelemetryPoint): number {
  let sumA = 0;
  let sumB = 0;
  for (const key in point.tags) {
    const value = point.tags[key];
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      a = Math.imul(a ^ key.charCodeAt(i), 0x01000193);
      b = Math.imul(b ^ key.charCodeAt(i), 0x811c9dc5);
    }
    a = Math.imul(a ^ 0x3d, 0x01000193);
    b = Math.imul(b ^ 0x3d, 0x811c9dc5);
    for (let i = 0; i < value.length; i++) {
      a = Math.imul(a ^ value.charCodeAt(i), 0x01000193);
      b = Math.imul(b ^ value.charCodeAt(i), 0x811c9dc5);
    }
    sumA = (sumA + a) | 0;
    sumB = (sumB + b) | 0;
  }
  for (let i = 0; i < point.measurement.length; i++) {
    sumA = Math.imul(sumA ^ point.measurement.charCodeAt(i), 0x01000193);
    sumB = Math.imul(sumB ^ point.measurement.charCodeAt(i), 0x811c9dc5);
  }
  const time = Number(point.timestampNs);
  const low = time % 4294967296;
  const high = Math.floor(time / 4294967296);
  const a = Math.imul(sumA ^ low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b);
  const b = Math.imul(sumB ^ high, 0xc2b2ae35) ^ Math.imul(low >>> 11, 0x27d4eb2f);
  return (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff);
}

export function createTimestampNudger(capacity: number = DEFAULT_NUDGE_CAPACITY): TimestampNudger {
  // hash of (series, original time) -> how many points already took that time, in insertion order for eviction.
  const seen = new Map<number, number>();
  let nudged = 0;
  return {
    get nudged() {
      return nudged;
    },
    place(point) {
      const key = pointKey(point);
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
