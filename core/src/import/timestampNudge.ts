/**
 * InfluxDB keeps one point per series and timestamp: a second point with the same measurement, tag set
 * and time overwrites the first. Zeek timestamps have microsecond resolution, and two connections
 * between the same hosts on the same service can start in the same microsecond, so an importer moves
 * each point forward by 1 ns per earlier point of its measurement at the same time: no two points of an
 * import share a time, whatever their tags. The nanoseconds below Zeek's resolution are free, so no
 * nudged point can land on a real one, and moving a point of another series loses nothing. Keying on the
 * time alone, not the series, spares hashing every tag of every point.
 *
 * Memory is flat: the nudger remembers from fifteen sixteenths of `capacity` to `capacity` of the most recent
 * (measurement, time) pairs, each as a hash in one 32-bit entry of a typed array (4 MB by default). Twins
 * further apart in the log than that (conn.log is ordered by connection end, not start) are not caught; the
 * default covers at least 490,000 records. Two times whose hashes collide make one point move
 * 1 ns for nothing, which loses no data.
 */
import type { TelemetryPoint } from '../telemetryContract';

export const DEFAULT_NUDGE_CAPACITY = 1 << 19;

export interface TimestampNudger {
  /** The point itself when its measurement and time are new, else a copy moved forward to the next free nanosecond. */
  place(point: TelemetryPoint): TelemetryPoint;
  /** Points moved so far. */
  readonly nudged: number;
}

/**
 * The two 32-bit lanes of the last key `hashPoint` computed and the point's time as a double (module scratch, so
 * hashing allocates nothing).
 */
let laneA = 0;
let laneB = 0;
let laneTime = 0;

/** The lanes of the last measurement seen: a log's points are of one or two measurements. */
let lastMeasurement = '';
let measurementA = 0;
let measurementB = 0;

/**
 * A 64-bit hash of the measurement and the time, in `laneA` and `laneB`. The time is taken as a double: spaced
 * 256 ns apart at today's epoch, finer than Zeek's microseconds.
 */
function hashPoint(point: TelemetryPoint): void {
  const measurement = point.measurement;
  if (measurement !== lastMeasurement) {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < measurement.length; i++) {
      a = Math.imul(a ^ measurement.charCodeAt(i), 0x01000193);
      b = Math.imul(b ^ measurement.charCodeAt(i), 0x811c9dc5);
    }
    lastMeasurement = measurement;
    measurementA = a;
    measurementB = b;
  }
  const time = Number(point.timestampNs);
  // Exact for any double below 2^64, and no floating-point remainder (a library call per point).
  const high = Math.floor(time / 4294967296);
  const low = time - high * 4294967296;
  laneA = finalMix(measurementA ^ low ^ Math.imul(high, 0x85ebca6b));
  // Lane B takes in lane A too: the table's check bits come from B, and every bit of the time must reach them.
  laneB = finalMix(measurementB ^ high ^ Math.imul(low, 0x27d4eb2f) ^ laneA);
  laneTime = time;
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
function finalMix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Counts above this are kept beside the table: the table's entries hold a count in 8 bits. */
const COUNT_BITS = 8;
const COUNT_MASK = (1 << COUNT_BITS) - 1;

/**
 * An open-addressing table of hashes and how many points took each, one 32-bit entry per slot: 24 bits of lane B
 * above an 8-bit count (0 when the slot is empty), the slot itself chosen by lane A. Probing touches one small
 * array, so most points cost one memory read; a hash whose check bits match another's nudges a point for
 * nothing, which loses no data. Linear probing at most half full; it is only ever emptied whole, so it needs no
 * deletion.
 */
class HashCounts {
  private readonly entries: Int32Array;
  private readonly mask: number;
  /** Counts past what an entry holds (hundreds of points at one time), by hash. */
  private readonly large = new Map<string, number>();
  size = 0;
  /** The earliest and latest times placed here: a generation cannot hold a time outside them. */
  earliest = Infinity;
  latest = -Infinity;

  constructor(capacity: number) {
    let slots = 2;
    while (slots < capacity * 2) {
      slots *= 2;
    }
    this.entries = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The slot holding the hash, or the empty slot where it would go. */
  slotOf(a: number, check: number): number {
    let slot = a & this.mask;
    for (;;) {
      const entry = this.entries[slot];
      if (entry === 0 || entry >>> COUNT_BITS === check) {
        return slot;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** How many points took the hash at the slot `slotOf` gave (0 when none). */
  countAt(slot: number, a: number, b: number): number {
    const count = this.entries[slot] & COUNT_MASK;
    return count === COUNT_MASK ? (this.large.get(`${a}:${b}`) ?? count) : count;
  }

  /** Sets the count at the slot `slotOf` gave. */
  setAt(slot: number, a: number, b: number, check: number, count: number, time: number): void {
    if (this.entries[slot] === 0) {
      this.size++;
    }
    this.entries[slot] = (check << COUNT_BITS) | Math.min(count, COUNT_MASK);
    if (count >= COUNT_MASK) {
      this.large.set(`${a}:${b}`, count);
    }
    if (time > this.latest) {
      this.latest = time;
    }
    if (time < this.earliest) {
      this.earliest = time;
    }
  }

  /** Whether a point at this time may be here. */
  mayHold(time: number): boolean {
    return time >= this.earliest && time <= this.latest;
  }

  clear(): void {
    this.entries.fill(0);
    this.large.clear();
    this.size = 0;
    this.earliest = Infinity;
    this.latest = -Infinity;
  }
}

/**
 * Generations the remembered pairs are kept in, at most. More and smaller generations keep the one every point
 * writes to small enough to stay in the processor's cache (256 KB by default); more than this and a log out of
 * time order (conn.log, ordered by connection end) looks in too many of them.
 */
const MAX_GENERATIONS = 16;

export function createTimestampNudger(capacity: number = DEFAULT_NUDGE_CAPACITY): TimestampNudger {
  // Generations of an equal share of the capacity: when the current one fills, the oldest is emptied whole and
  // becomes the current one, which costs nothing per point. A point is looked up in an older generation only when
  // its time lies between the earliest and latest there: logs run roughly in time order, so most points are
  // looked up in the current generation alone.
  const count = Math.min(MAX_GENERATIONS, Math.max(2, capacity));
  const generationSize = Math.max(1, Math.floor(capacity / count));
  const generations = Array.from({ length: count }, () => new HashCounts(generationSize));
  let currentIndex = 0;
  // The latest time any older generation holds (they change only when the current one fills): a point later than
  // it, most points of a log in time order, is looked up in the current generation alone.
  let olderLatest = -Infinity;
  let nudged = 0;
  return {
    get nudged() {
      return nudged;
    },
    place(point) {
      hashPoint(point);
      const a = laneA;
      const b = laneB;
      const time = laneTime;
      const check = b >>> COUNT_BITS;
      let current = generations[currentIndex];
      let slot = current.slotOf(a, check);
      let earlier = current.countAt(slot, a, b);
      const inCurrent = earlier > 0;
      if (!inCurrent && time <= olderLatest) {
        // The newest older generation first: it holds the latest count of a time found in several.
        for (let back = 1; back < count && earlier === 0; back++) {
          const older = generations[(currentIndex + count - back) % count];
          if (older.mayHold(time)) {
            earlier = older.countAt(older.slotOf(a, check), a, b);
          }
        }
      }
      // A time new to the current generation takes a slot there: a full one gives way to the next.
      if (!inCurrent && current.size >= generationSize) {
        olderLatest = Math.max(olderLatest, current.latest);
        currentIndex = (currentIndex + 1) % count;
        current = generations[currentIndex];
        current.clear();
        slot = current.slotOf(a, check);
      }
      current.setAt(slot, a, b, check, earlier + 1, time);
      if (earlier === 0) {
        return point;
      }
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
