/**
 * Grouping records by their tag values without building a key string per record: a trie of maps on the
 * one or two tags where series differ most, whose leaves hold the few series that share them. Tag values
 * are usually the same string objects over and over, whose hashes V8 keeps, so a lookup is a map probe or
 * two and allocates nothing; a key string per record would allocate and hash a new string each time, which
 * dominates at millions of records.
 */

export interface TrieNode<L> {
  children: Map<string, TrieNode<L>>;
  leaf: L | undefined;
}

export function trieNode<L>(): TrieNode<L> {
  return { children: new Map(), leaf: undefined };
}

/** The child of `node` for `key`, created on first use. */
export function descend<L>(node: TrieNode<L>, key: string): TrieNode<L> {
  let child = node.children.get(key);
  if (child === undefined) {
    child = { children: new Map(), leaf: undefined };
    node.children.set(key, child);
  }
  return child;
}

export type SeriesTags = Readonly<Record<string, string | undefined>>;

/** The slot of a series that has no open bucket yet; no point lies a billion buckets before the first one. */
export const NO_SLOT = -0x40000000;

/** Where slot 0 starts and how wide a slot is, for a series to turn its slots into times. */
export interface BucketClock {
  /** Epoch milliseconds of slot 0. */
  readonly anchor: number;
  readonly bucketMs: number;
}

/** The slot of the bucket starting at `bucketStart`. */
function slotOf(clock: BucketClock, bucketStart: number): number {
  return (bucketStart - clock.anchor) / clock.bucketMs;
}

/** A series' closed buckets by index, in the order they first closed; each kind keeps its figures by the same index. */
export interface ClosedBuckets {
  /** Each closed bucket's slot. */
  readonly slots: number[];
  /** The index of the bucket the open bucket was reopened from, written back to when it closes again; else -1. */
  reopened: number;
  latestSlot: number;
  /** Index by slot, built when the first record arrives for a bucket before the latest closed one. */
  indexBySlot: Map<number, number> | undefined;
  ordered: boolean;
}

export function closedBuckets(): ClosedBuckets {
  return { slots: [], reopened: -1, latestSlot: NO_SLOT, indexBySlot: undefined, ordered: true };
}

/**
 * One series: the tag values below its trie node (up to seven) that tell it from its siblings there, the
 * bucket that records are arriving in (its open bucket) and its closed buckets. Each kind of series adds the
 * open bucket's figures to these fields, so the common case, a record for the open bucket, touches only the
 * series itself; a record for another bucket closes the open one, whose figures the kind keeps by the
 * bucket's index, and moves there. Buckets are counted in slots, small whole numbers from the first point's
 * bucket.
 *
 * Series (and the aggregation state) are made by object literals, not class instances. A literal's shape is held
 * by the code that makes it; a class's instance shapes were made anew after every full garbage collection that
 * freed them all, throwing away the optimised code built on them, and repeated analyses ran slower for it.
 */
export interface Series {
  readonly clock: BucketClock;
  readonly r0: string;
  readonly r1: string;
  readonly r2: string;
  readonly r3: string;
  readonly r4: string;
  readonly r5: string;
  readonly r6: string;
  /** The open bucket's slot; NO_SLOT when none is open. */
  slot: number;
  readonly closed: ClosedBuckets;
}

/** How one kind of series keeps its open bucket's figures once the bucket closes, and takes them back. */
export interface SeriesKind<S> {
  /** Keeps the open bucket's figures as closed bucket `index`: a new one, or one that was reopened. */
  save(series: S, index: number, reopened: boolean): void;
  /** Makes closed bucket `index`'s figures the open bucket's again. */
  load(series: S, index: number): void;
}

/** Makes a series of one kind from its tags and the tag values that tell it from its siblings there. */
export type SeriesFactory<S> = (
  clock: BucketClock,
  tags: SeriesTags,
  r0: string,
  r1: string,
  r2: string,
  r3: string,
  r4: string,
  r5: string,
  r6: string
) => S;

/**
 * Opens the bucket at `slot`, closing the open one. Returns true when the bucket is new, for the caller
 * to start its figures from the record at hand; false when an earlier bucket was reopened.
 */
export function moveTo<S extends Series>(series: S, kind: SeriesKind<S>, slot: number): boolean {
  closeBucket(series, kind);
  series.slot = slot;
  const closed = series.closed;
  if (slot > closed.latestSlot) {
    return true;
  }
  // A record older than the latest closed bucket: index the closed buckets once and look it up.
  let indexBySlot = closed.indexBySlot;
  if (indexBySlot === undefined) {
    indexBySlot = new Map();
    const slots = closed.slots;
    for (let i = 0; i < slots.length; i++) {
      indexBySlot.set(slots[i], i);
    }
    closed.indexBySlot = indexBySlot;
  }
  const index = indexBySlot.get(slot);
  if (index === undefined) {
    return true;
  }
  kind.load(series, index);
  closed.reopened = index;
  return false;
}

function closeBucket<S extends Series>(series: S, kind: SeriesKind<S>): void {
  const slot = series.slot;
  if (slot === NO_SLOT) {
    return;
  }
  const closed = series.closed;
  const reopened = closed.reopened;
  if (reopened >= 0) {
    kind.save(series, reopened, true);
    closed.reopened = -1;
    return;
  }
  const index = closed.slots.length;
  kind.save(series, index, false);
  closed.slots.push(slot);
  closed.indexBySlot?.set(slot, index);
  if (slot < closed.latestSlot) {
    closed.ordered = false;
  } else {
    closed.latestSlot = slot;
  }
}

/**
 * Closes the open bucket; returns the closed buckets' indexes in time order, or undefined when that is the
 * order they closed in (0, 1, 2 ...).
 */
export function finishSeries<S extends Series>(series: S, kind: SeriesKind<S>): Int32Array | undefined {
  closeBucket(series, kind);
  series.slot = NO_SLOT;
  const { slots, ordered } = series.closed;
  if (ordered) {
    return undefined;
  }
  return Int32Array.from(slots.keys()).sort((a, b) => slots[a] - slots[b]);
}

/**
 * The series among `candidates` (the siblings under one trie node) with these remaining tag values, or a
 * new one from `make` added to `candidates` and `all`. Siblings are few (one per service or user of a
 * pair), so a scan of string comparisons beats more map levels: a map probe costs about as much as the
 * rest of a flow's work.
 */
export function matchSeries<S extends Series>(
  candidates: S[],
  all: S[],
  make: SeriesFactory<S>,
  clock: BucketClock,
  tags: SeriesTags,
  r0: string,
  r1: string,
  r2: string,
  r3: string,
  r4: string,
  r5: string,
  r6: string
): S {
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c.r0 === r0 && c.r1 === r1 && c.r2 === r2 && c.r3 === r3 && c.r4 === r4 && c.r5 === r5 && c.r6 === r6) {
      return c;
    }
  }
  const created = make(clock, tags, r0, r1, r2, r3, r4, r5, r6);
  candidates.push(created);
  all.push(created);
  return created;
}

/** Records that carry the epoch milliseconds their bucket starts at. */
export interface BucketRecord {
  readonly bucketStart: number;
}

/**
 * The order series appear in when their records are merged by bucket, then by series in the order `compare`
 * gives their first records: the runs ordered by `compare` (for the merge), and the same runs in order of
 * their first bucket (the order of first appearance; ties keep the first order, the sort being stable).
 */
export function runOrders<T, F extends BucketRecord>(
  runs: readonly T[],
  firstOf: (run: T) => F,
  compare: (a: F, b: F) => number
): { byCompare: T[]; byAppearance: T[] } {
  const byCompare = runs.slice().sort((a, b) => compare(firstOf(a), firstOf(b)));
  const byAppearance = byCompare.slice().sort((a, b) => firstOf(a).bucketStart - firstOf(b).bucketStart);
  return { byCompare, byAppearance };
}

/**
 * Runs of records (each in time order, the runs ordered as `runOrders` gives them by `compare`) merged
 * into one list ordered by bucket, keeping the runs' order within a bucket. Records are placed by slot with
 * a counting sort, so the cost grows with the records, not with records times their logarithm.
 */
export function mergeRuns<R extends BucketRecord>(runs: ReadonlyArray<readonly R[]>, clock: BucketClock): R[] {
  let total = 0;
  let minStart = Infinity;
  let maxStart = -Infinity;
  for (const run of runs) {
    if (run.length === 0) {
      continue;
    }
    total += run.length;
    minStart = Math.min(minStart, run[0].bucketStart);
    maxStart = Math.max(maxStart, run[run.length - 1].bucketStart);
  }
  if (total === 0) {
    return [];
  }
  const first = slotOf(clock, minStart);
  const span = slotOf(clock, maxStart) - first + 1;
  if (!Number.isSafeInteger(span) || span > 4 * total + 1024) {
    // Few records spread over very many buckets: a stable comparison sort costs less than the counts.
    return runs.flat().sort((a, b) => a.bucketStart - b.bucketStart);
  }
  const next = new Int32Array(span + 1);
  for (const run of runs) {
    for (const record of run) {
      next[slotOf(clock, record.bucketStart) - first + 1]++;
    }
  }
  for (let i = 1; i <= span; i++) {
    next[i] += next[i - 1];
  }
  const merged: R[] = new Array(total);
  for (const run of runs) {
    for (const record of run) {
      merged[next[slotOf(clock, record.bucketStart) - first]++] = record;
    }
  }
  return merged;
}

/** Whether any two series under one node of the trie below `node` satisfy `clash`. */
export function siblingsClash<S>(node: TrieNode<S[]>, clash: (a: S, b: S) => boolean): boolean {
  const siblings = node.leaf;
  if (siblings !== undefined) {
    for (let i = 0; i < siblings.length; i++) {
      for (let j = i + 1; j < siblings.length; j++) {
        if (clash(siblings[i], siblings[j])) {
          return true;
        }
      }
    }
  }
  for (const child of node.children.values()) {
    if (siblingsClash(child, clash)) {
      return true;
    }
  }
  return false;
}
