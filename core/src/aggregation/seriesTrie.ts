/**
 * Grouping records by their tag values without building a key string per record: a trie of maps, one
 * level per tag, whose leaves hold one series' buckets. Tag values are usually the same string objects
 * over and over, whose hashes V8 keeps, so a lookup is a few map probes and allocates nothing; a key
 * string per record would allocate and hash a new string each time, which dominates at millions of records.
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

/**
 * One series: the tag values below its trie node (up to six) that tell it from its siblings there, and
 * its buckets. The bucket that records are arriving in (its open bucket) is kept in the subclass's own
 * fields, so the common case, a record for the open bucket, touches only this object; a record for another
 * bucket closes the open one into its finished record `R` and moves there. Buckets are counted in slots, small
 * whole numbers from the first point's bucket, which compare and pass without a heap box.
 */
export abstract class Series<R> {
  /** The open bucket's slot. */
  slot = NO_SLOT;
  private readonly records: R[] = [];
  private readonly slots: number[] = [];
  /** The index of the record the open bucket was reopened from, written back to when it closes again. */
  private reopened = -1;
  private latestClosed = NO_SLOT;
  private indexBySlot: Map<number, number> | undefined;
  private ordered = true;

  constructor(
    readonly clock: BucketClock,
    readonly r0: string,
    readonly r1: string,
    readonly r2: string,
    readonly r3: string,
    readonly r4: string,
    readonly r5: string
  ) {}

  /** The open bucket as a finished record: `into` updated when given (a reopened bucket), else a new one. */
  protected abstract save(into: R | undefined, index: number): R;

  /** Makes a closed bucket's figures the open bucket's again. */
  protected abstract load(record: R, index: number): void;

  /**
   * Opens the bucket at `slot`, closing the open one. Returns true when the bucket is new, for the caller
   * to start its figures from the record at hand; false when an earlier bucket was reopened.
   */
  moveTo(slot: number): boolean {
    this.close();
    this.slot = slot;
    if (slot > this.latestClosed) {
      return true;
    }
    // A record older than the latest closed bucket: index the closed buckets once and look it up.
    if (this.indexBySlot === undefined) {
      this.indexBySlot = new Map(this.slots.map((s, i) => [s, i]));
    }
    const index = this.indexBySlot.get(slot);
    if (index === undefined) {
      return true;
    }
    this.load(this.records[index], index);
    this.reopened = index;
    return false;
  }

  /** Closes the open bucket; returns every bucket's record with its slot, in time order. */
  finish(): { records: R[]; slots: number[] } {
    this.close();
    this.slot = NO_SLOT;
    if (this.ordered) {
      return { records: this.records, slots: this.slots };
    }
    const order = this.slots.map((_, i) => i).sort((a, b) => this.slots[a] - this.slots[b]);
    return { records: order.map((i) => this.records[i]), slots: order.map((i) => this.slots[i]) };
  }

  private close(): void {
    if (this.slot === NO_SLOT) {
      return;
    }
    const reopened = this.reopened;
    if (reopened >= 0) {
      this.save(this.records[reopened], reopened);
      this.reopened = -1;
      return;
    }
    const index = this.records.length;
    this.records.push(this.save(undefined, index));
    this.slots.push(this.slot);
    this.indexBySlot?.set(this.slot, index);
    if (this.slot < this.latestClosed) {
      this.ordered = false;
    } else {
      this.latestClosed = this.slot;
    }
  }
}

/**
 * The series among `candidates` (the siblings under one trie node) with these remaining tag values, or a
 * new one of class `Make` added to `candidates` and `all`. Siblings are few (one per service or user of
 * a pair), so a scan of string comparisons beats more map levels.
 */
export function matchSeries<S extends Series<unknown>>(
  candidates: S[],
  all: S[],
  Make: new (
    clock: BucketClock,
    tags: SeriesTags,
    r0: string,
    r1: string,
    r2: string,
    r3: string,
    r4: string,
    r5: string
  ) => S,
  clock: BucketClock,
  tags: SeriesTags,
  r0: string,
  r1: string,
  r2: string,
  r3: string,
  r4: string,
  r5: string
): S {
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c.r0 === r0 && c.r1 === r1 && c.r2 === r2 && c.r3 === r3 && c.r4 === r4 && c.r5 === r5) {
      return c;
    }
  }
  const created = new Make(clock, tags, r0, r1, r2, r3, r4, r5);
  candidates.push(created);
  all.push(created);
  return created;
}

/**
 * Every series' records in one list ordered by bucket, then by series in the order `compare` gives their
 * first records. Records are placed by slot with a counting sort, so the cost grows with the records, not
 * with records times their logarithm.
 */
export function mergeSeries<R>(series: ReadonlyArray<Series<R>>, compare: (a: R, b: R) => number): R[] {
  const runs: Array<{ records: R[]; slots: number[] }> = [];
  let total = 0;
  let minSlot = Infinity;
  let maxSlot = -Infinity;
  for (const s of series) {
    const run = s.finish();
    const count = run.slots.length;
    if (count === 0) {
      continue;
    }
    runs.push(run);
    total += count;
    minSlot = Math.min(minSlot, run.slots[0]);
    maxSlot = Math.max(maxSlot, run.slots[count - 1]);
  }
  runs.sort((a, b) => compare(a.records[0], b.records[0]));
  const span = maxSlot - minSlot + 1;
  if (total === 0 || !Number.isSafeInteger(span) || span > 4 * total + 1024) {
    // Few records spread over very many buckets: a stable comparison sort costs less than the counts.
    const placed = runs.flatMap((run) => run.records.map((record, i) => ({ slot: run.slots[i], record })));
    placed.sort((a, b) => a.slot - b.slot);
    return placed.map((p) => p.record);
  }
  const next = new Int32Array(span + 1);
  for (const run of runs) {
    for (const slot of run.slots) {
      next[slot - minSlot + 1]++;
    }
  }
  for (let i = 1; i <= span; i++) {
    next[i] += next[i - 1];
  }
  const merged: R[] = new Array(total);
  for (const { records, slots } of runs) {
    for (let i = 0; i < slots.length; i++) {
      merged[next[slots[i] - minSlot]++] = records[i];
    }
  }
  return merged;
}
