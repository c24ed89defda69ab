/**
 * InfluxDB keeps one point per series and timestamp: a second point with the same measurement, tag set
 * and time overwrites the first. Zeek timestamps have microsecond resolution, and two connections
 * between the same hosts on the same service can start in the same microsecond, so an importer moves
 * the later point forward by 1 ns per earlier twin. The nanoseconds below Zeek's resolution are free, so
 * no nudged point can land on a real one.
 *
 * Memory is flat: the nudger remembers from half of `capacity` to `capacity` of the most recent (series, time)
 * pairs, each as a 64-bit hash of the series and the time in typed arrays (about 12 MB by default).
 * Twins further apart in the log than that (conn.log is ordered by connection end, not start) are not caught;
 * the default covers at least a quarter of a million records. Two series whose hashes collide at the same time
 * make one point move 1 ns for nothing, which loses no data.
 */
import type { TelemetryPoint } from '../telemetryContract';

export const DEFAULT_NUDGE_CAPACITY = 1 << 19;

export interface TimestampNudger {
  /** The point itself when its series and time are new, else a copy moved forward to the next free nanosecond. */
  place(point: TelemetryPoint): TelemetryPoint;
  /** Points moved so far. */
  readonly nudged: number;
}

/** The two 32-bit lanes of the last key `hashPoint` computed (module scratch, so hashing allocates nothing). */
let laneA = 0;
let laneB = 0;

/**
 * A 64-bit hash of the series identity and the time, in `laneA` and `laneB`: FNV-1a of each tag value in two
 * lanes, seeded by its key's length and end letters (keys are few and fixed, values carry the identity), the
 * pairs summed so tag order does not matter (no sort per point), the measurement mixed in, then the time. The
 * time is taken as a double: spaced 256 ns apart at today's epoch, finer than Zeek's microseconds.
 */
function hashPoint(point: TelemetryPoint): void {
  let sumA = 0;
  let sumB = 0;
  for (const key in point.tags) {
    const value = point.tags[key];
    const seed = (key.length << 16) ^ (key.charCodeAt(0) << 8) ^ key.charCodeAt(key.length - 1);
    let a = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
    let b = Math.imul(0x01000193 ^ seed, 0x811c9dc5);
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
  laneA = Math.imul(sumA ^ low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b);
  laneB = Math.imul(sumB ^ high, 0xc2b2ae35) ^ Math.imul(low >>> 11, 0x27d4eb2f);
  // Zero marks an empty slot in the tables below.
  if (laneA === 0 && laneB === 0) {
    laneA = 1;
  }
}

/**
 * An open-addressing table of (hash, count) in typed arrays: no object and no boxed number per point. Linear
 * probing at most half full; it is only ever emptied whole, so it needs no deletion.
 */
class HashCounts {
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly counts: Int32Array;
  private readonly mask: number;
  size = 0;

  constructor(entries: number) {
    let slots = 2;
    while (slots < entries * 2) {
      slots *= 2;
    }
    this.a = new Int32Array(slots);
    this.b = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The slot holding the hash, or the empty slot where it would go. */
  private slotOf(a: number, b: number): number {
    let slot = (a ^ (b >>> 7)) & this.mask;
    while (this.counts[slot] !== 0 && (this.a[slot] !== a || this.b[slot] !== b)) {
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }

  /** How many points took the hash (0 when none). */
  get(a: number, b: number): number {
    return this.counts[this.slotOf(a, b)];
  }

  set(a: number, b: number, count: number): void {
    const slot = this.slotOf(a, b);
    if (this.counts[slot] === 0) {
      this.size++;
      this.a[slot] = a;
      this.b[slot] = b;
    }
    this.counts[slot] = count;
  }

  clear(): void {
    this.counts.fill(0);
    this.size = 0;
  }
}

export function createTimestampNudger(capacity: number = DEFAULT_NUDGE_CAPACITY): TimestampNudger {
  // Two generations of half the capacity each: when the current one fills it becomes the previous, and the
  // oldest is dropped whole, which costs nothing per point.
  const generation = Math.max(1, Math.floor(capacity / 2));
  let current = new HashCounts(generation);
  let previous = new HashCounts(generation);
  let nudged = 0;
  return {
    get nudged() {
      return nudged;
    },
    place(point) {
      hashPoint(point);
      const a = laneA;
      const b = laneB;
      const earlier = current.get(a, b) || previous.get(a, b);
      if (earlier === 0) {
        if (current.size >= generation) {
          const emptied = previous;
          emptied.clear();
          previous = current;
          current = emptied;
        }
        current.set(a, b, 1);
        return point;
      }
      current.set(a, b, earlier + 1);
      nudged++;
      return {
        measurement: point.measurement,
        tags: point.tags,
        fields: point.fields,
        timestampNs: point.timestampNs + BigInt(earlier),
      };
    },
  };
}
