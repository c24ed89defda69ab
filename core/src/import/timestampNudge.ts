/**
 * InfluxDB keeps one point per series and timestamp: a second point with the same measurement, tag set
 * and time overwrites the first. Zeek timestamps have microsecond resolution, and two connections
 * between the same hosts on the same service can start in the same microsecond, so an importer moves
 * the later point forward by 1 ns per earlier twin. The nanoseconds below Zeek's resolution are free, so
 * no nudged point can land on a real one.
 *
 * Memory is flat: the nudger remembers from half of `capacity` to `capacity` of the most recent (series, time)
 * pairs, each as a 64-bit hash of the series and the time in typed arrays (about 13 MB by default).
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
 * Each tag's lanes from the previous point, by the tag's place in its tag object. Points of one log repeat their
 * zones, assets, protocol and often their hosts from the point before, so most tags are not hashed again.
 */
const MEMO_PLACES = 32;
const memoKeys: Array<string | undefined> = new Array<string | undefined>(MEMO_PLACES).fill(undefined);
const memoValues: Array<string | undefined> = new Array<string | undefined>(MEMO_PLACES).fill(undefined);
const memoA = new Int32Array(MEMO_PLACES);
const memoB = new Int32Array(MEMO_PLACES);

/**
 * A 64-bit hash of the series identity and the time, in `laneA` and `laneB`: FNV-1a of each tag value in two
 * lanes, seeded by its key's length and end letters (keys are few and fixed, values carry the identity), the
 * pairs summed so tag order does not matter (no sort per point), the measurement mixed in, then the time. The
 * time is taken as a double: spaced 256 ns apart at today's epoch, finer than Zeek's microseconds.
 */
function hashPoint(point: TelemetryPoint): void {
  let sumA = 0;
  let sumB = 0;
  let place = 0;
  const tags = point.tags;
  for (const key in tags) {
    const value = tags[key];
    let a: number;
    let b: number;
    if (place < MEMO_PLACES && memoValues[place] === value && memoKeys[place] === key) {
      a = memoA[place];
      b = memoB[place];
    } else {
      const seed = (key.length << 16) ^ (key.charCodeAt(0) << 8) ^ key.charCodeAt(key.length - 1);
      a = Math.imul(0x811c9dc5 ^ seed, 0x01000193);
      b = Math.imul(0x01000193 ^ seed, 0x811c9dc5);
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        a = Math.imul(a ^ code, 0x01000193);
        b = Math.imul(b ^ code, 0x811c9dc5);
      }
      if (place < MEMO_PLACES) {
        memoKeys[place] = key;
        memoValues[place] = value;
        memoA[place] = a;
        memoB[place] = b;
      }
    }
    sumA = (sumA + a) | 0;
    sumB = (sumB + b) | 0;
    place++;
  }
  for (let i = 0; i < point.measurement.length; i++) {
    sumA = Math.imul(sumA ^ point.measurement.charCodeAt(i), 0x01000193);
    sumB = Math.imul(sumB ^ point.measurement.charCodeAt(i), 0x811c9dc5);
  }
  const time = Number(point.timestampNs);
  // Exact for any double below 2^64, and no floating-point remainder (a library call per point).
  const high = Math.floor(time / 4294967296);
  const low = time - high * 4294967296;
  laneA = Math.imul(sumA ^ low, 0x9e3779b1) ^ Math.imul(high, 0x85ebca6b);
  laneB = Math.imul(sumB ^ high, 0xc2b2ae35) ^ Math.imul(low >>> 11, 0x27d4eb2f);
}

/**
 * An open-addressing table of (hash, count), in typed arrays: no object and no boxed number per point. A byte
 * per slot holds a fingerprint of its hash (0 when empty), so a probe for a new hash, most probes, reads only
 * the bytes: a small array that stays in the processor's cache, where the full entries would not. Linear
 * probing at most half full; it is only ever emptied whole, so it needs no deletion.
 */
class HashCounts {
  private readonly fingerprints: Uint8Array;
  /** Per slot: lane A, lane B and the count, side by side. */
  private readonly entries: Int32Array;
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 2;
    while (slots < capacity * 2) {
      slots *= 2;
    }
    this.fingerprints = new Uint8Array(slots);
    this.entries = new Int32Array(slots * 3);
    this.mask = slots - 1;
  }

  /** The slot holding the hash, or the empty slot where it would go. */
  private slotOf(a: number, b: number, fingerprint: number): number {
    let slot = (a ^ (b >>> 7)) & this.mask;
    for (;;) {
      const held = this.fingerprints[slot];
      if (held === 0) {
        return slot;
      }
      if (held === fingerprint && this.entries[slot * 3] === a && this.entries[slot * 3 + 1] === b) {
        return slot;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** How many points took the hash (0 when none). */
  get(a: number, b: number): number {
    const fingerprint = fingerprintOf(b);
    const slot = this.slotOf(a, b, fingerprint);
    return this.fingerprints[slot] === 0 ? 0 : this.entries[slot * 3 + 2];
  }

  set(a: number, b: number, count: number): void {
    const fingerprint = fingerprintOf(b);
    const slot = this.slotOf(a, b, fingerprint);
    if (this.fingerprints[slot] === 0) {
      this.size++;
      this.fingerprints[slot] = fingerprint;
      this.entries[slot * 3] = a;
      this.entries[slot * 3 + 1] = b;
    }
    this.entries[slot * 3 + 2] = count;
  }

  clear(): void {
    this.fingerprints.fill(0);
    this.size = 0;
  }
}

/** 1 to 255 from bits of lane B that the slot index does not use much. */
function fingerprintOf(b: number): number {
  return ((b >>> 24) % 255) + 1;
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
