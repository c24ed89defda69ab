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

/** What a leaf holds: the buckets of one series, by start time. */
export interface Bucketed {
  bucketStart: number;
}

/**
 * One series' buckets: usually appended in time order, so the latest is checked first. The series' tag
 * values below its trie node (up to six) are kept to tell it from its siblings there.
 */
export class SeriesBuckets<A extends Bucketed> {
  readonly list: A[] = [];

  constructor(
    readonly r0: string,
    readonly r1: string,
    readonly r2: string,
    readonly r3: string,
    readonly r4: string,
    readonly r5: string
  ) {}

  private last: A | undefined;
  private byStart: Map<number, A> | undefined;
  private ordered = true;

  find(bucketStart: number): A | undefined {
    const last = this.last;
    if (last !== undefined && last.bucketStart === bucketStart) {
      return last;
    }
    if (last === undefined || bucketStart > last.bucketStart) {
      return undefined;
    }
    // A record older than the latest bucket: index the buckets once and look it up.
    if (this.byStart === undefined) {
      this.byStart = new Map(this.list.map((a) => [a.bucketStart, a]));
    }
    return this.byStart.get(bucketStart);
  }

  add(aggregate: A): void {
    const last = this.last;
    if (last !== undefined && aggregate.bucketStart < last.bucketStart) {
      this.ordered = false;
    } else {
      this.last = aggregate;
    }
    this.list.push(aggregate);
    this.byStart?.set(aggregate.bucketStart, aggregate);
  }

  /** The buckets in time order. */
  sorted(): A[] {
    if (!this.ordered) {
      this.list.sort((a, b) => a.bucketStart - b.bucketStart);
      this.ordered = true;
    }
    return this.list;
  }
}

/**
 * The series among `candidates` (the siblings under one trie node) with these remaining tag values, or a
 * new one added to `candidates` and `all`. Siblings are few (one per service or user of a pair), so a
 * scan of string comparisons beats more map levels.
 */
export function matchSeries<A extends Bucketed>(
  candidates: Array<SeriesBuckets<A>>,
  all: Array<SeriesBuckets<A>>,
  r0: string,
  r1: string,
  r2: string,
  r3: string,
  r4: string,
  r5: string
): SeriesBuckets<A> {
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c.r0 === r0 && c.r1 === r1 && c.r2 === r2 && c.r3 === r3 && c.r4 === r4 && c.r5 === r5) {
      return c;
    }
  }
  const created = new SeriesBuckets<A>(r0, r1, r2, r3, r4, r5);
  candidates.push(created);
  all.push(created);
  return created;
}

/**
 * Every series' buckets in one list ordered by bucket, then by series in the order `compareSeries` gives
 * their first buckets. Series are sorted (few), then a stable sort by bucket merges their runs.
 */
export function mergeSeries<A extends Bucketed, R>(
  series: Array<SeriesBuckets<A>>,
  compareSeries: (a: A, b: A) => number,
  output: (a: A) => R
): R[] {
  const lists = series.map((s) => s.sorted()).filter((list) => list.length > 0);
  lists.sort((a, b) => compareSeries(a[0], b[0]));
  const all: A[] = [];
  for (const list of lists) {
    for (const item of list) {
      all.push(item);
    }
  }
  all.sort((a, b) => a.bucketStart - b.bucketStart);
  return all.map(output);
}
