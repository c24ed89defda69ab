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

/** What a series keeps of each of its buckets: at least the bucket's index counted from the run's first bucket. */
export interface Slotted {
  slot: number;
}

export type SeriesTags = Readonly<Record<string, string | undefined>>;

/** The slot of a series that has no open bucket yet; no point lies a billion buckets before the first one. */
export const NO_SLOT = -0x40000000;

/**
 * One series: the tag values below its trie node (up to six) that tell it from its siblings there, the tags
 * of its first record to describe it, and its buckets. The bucket records arrive in (its open bucket) is
 * kept in the subclass's own fields, so the common case, a record for the open bucket, touches only this
 * object; a record for another bucket moves the open bucket there first.
 */
export abstract class Series<B extends Slotted> {
  /** The open bucket's slot. */
  slot = NO_SLOT;
  private readonly closed: B[] = [];
  /** The closed bucket the open bucket was reopened from, written back to when it closes again. */
  private reopened: B | undefined;
  private latestClosed = NO_SLOT;
  private bySlot: Map<number, B> | undefined;
  private ordered = true;

  constructor(
    readonly tags: SeriesTags,
    readonly r0: string,
    readonly r1: string,
    readonly r2: string,
    readonly r3: string,
    readonly r4: string,
    readonly r5: string
  ) {}

  /** The open bucket's figures as a record: written into `into` when given, else a new one. */
  protected abstract save(into: B | undefined): B;

  /** Makes a closed bucket's figures the open bucket's. */
  protected abstract load(bucket: B): void;

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
    if (this.bySlot === undefined) {
      this.bySlot = new Map(this.closed.map((b) => [b.slot, b]));
    }
    const earlier = this.bySlot.get(slot);
    if (earlier === undefined) {
      return true;
    }
    this.load(earlier);
    this.reopened = earlier;
    return false;
  }

  /** Every bucket, the open one included, in time order. */
  buckets(): B[] {
    this.close();
    this.slot = NO_SLOT;
    if (!this.ordered) {
      this.closed.sort((a, b) => a.slot - b.slot);
      this.ordered = true;
    }
    return this.closed;
  }

  private close(): void {
    if (this.slot === NO_SLOT) {
      return;
    }
    const reopened = this.reopened;
    const saved = this.save(reopened);
    if (reopened !== undefined) {
      this.reopened = undefined;
      return;
    }
    this.closed.push(saved);
    this.bySlot?.set(saved.slot, saved);
    if (saved.slot < this.latestClosed) {
      this.ordered = false;
    } else {
      this.latestClosed = saved.slot;
    }
  }
}

/**
 * The series among `candidates` (the siblings under one trie node) with these remaining tag values, or a
 * new one made by `make` and added to `candidates` and `all`. Siblings are few (one per service or user of
 * a pair), so a scan of string comparisons beats more map levels.
 */
export function matchSeries<S extends Series<Slotted>>(
  candidates: S[],
  all: S[],
  make: (tags: SeriesTags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) => S,
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
  const created = make(tags, r0, r1, r2, r3, r4, r5);
  candidates.push(created);
  all.push(created);
  return created;
}

/**
 * Every series' buckets, made into records by `output`, in one list ordered by bucket, then by series in
 * the order `compare` gives their first records. Buckets are placed by slot with a counting sort, so the
 * cost grows with the records, not with records times their logarithm.
 */
export function mergeSeries<B extends Slotted, R>(
  series: ReadonlyArray<Series<B>>,
  output: (series: Series<B>, bucket: B) => R,
  compare: (a: R, b: R) => number
): R[] {
  const runs: Array<{ buckets: B[]; records: R[] }> = [];
  let total = 0;
  let minSlot = Infinity;
  let maxSlot = -Infinity;
  for (const s of series) {
    const buckets = s.buckets();
    if (buckets.length === 0) {
      continue;
    }
    runs.push({ buckets, records: buckets.map((bucket) => output(s, bucket)) });
    total += buckets.length;
    minSlot = Math.min(minSlot, buckets[0].slot);
    maxSlot = Math.max(maxSlot, buckets[buckets.length - 1].slot);
  }
  runs.sort((a, b) => compare(a.records[0], b.records[0]));
  const span = maxSlot - minSlot + 1;
  if (total === 0 || !Number.isSafeInteger(span) || span > 4 * total + 1024) {
    // Few records spread over very many buckets: a stable comparison sort costs less than the counts.
    const placed = runs.flatMap((run) =>
      run.buckets.map((bucket, i) => ({ slot: bucket.slot, record: run.records[i] }))
    );
    placed.sort((a, b) => a.slot - b.slot);
    return placed.map((p) => p.record);
  }
  const next = new Int32Array(span + 1);
  for (const run of runs) {
    for (const bucket of run.buckets) {
      next[bucket.slot - minSlot + 1]++;
    }
  }
  for (let i = 1; i <= span; i++) {
    next[i] += next[i - 1];
  }
  const merged: R[] = new Array(total);
  for (const run of runs) {
    const { buckets, records } = run;
    for (let i = 0; i < buckets.length; i++) {
      merged[next[buckets[i].slot - minSlot]++] = records[i];
    }
  }
  return merged;
}
