/**
 * Episodes: records of one kind about one thing (a key), merged while they follow each other closely,
 * so that an hour of the same violation is one finding rather than sixty.
 */

export interface Episode<T> {
  key: string;
  /** Start of the first record. */
  start: number;
  /** End of the last record. */
  end: number;
  items: T[];
}

/**
 * Groups records by key, then splits each group where more than `maxGapMs` separates one record's end
 * from the next record's start. Episodes come ordered by start, then key.
 */
export function episodesOf<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  startOf: (item: T) => number,
  endOf: (item: T) => number,
  maxGapMs: number
): Array<Episode<T>> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [item]);
    } else {
      group.push(item);
    }
  }
  const episodes: Array<Episode<T>> = [];
  for (const [key, group] of groups) {
    group.sort((a, b) => startOf(a) - startOf(b));
    let current: Episode<T> | undefined;
    for (const item of group) {
      const start = startOf(item);
      const end = Math.max(start, endOf(item));
      if (current !== undefined && start - current.end <= maxGapMs) {
        current.items.push(item);
        current.end = Math.max(current.end, end);
      } else {
        current = { key, start, end, items: [item] };
        episodes.push(current);
      }
    }
  }
  return episodes.sort((a, b) => a.start - b.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A run of a series' buckets: those at indexes [from, to), covering [start, end). */
export interface BucketRun {
  from: number;
  to: number;
  start: number;
  end: number;
}

/**
 * Splits a series' buckets (their starts in time order, each `bucketMs` long) where more than `maxGapMs`
 * separates one bucket's end from the next one's start, as `runsOf` splits their records, without the records.
 */
export function bucketRunsOf(bucketStarts: Float64Array, bucketMs: number, maxGapMs: number): BucketRun[] {
  const runs: BucketRun[] = [];
  let current: BucketRun | undefined;
  for (let i = 0; i < bucketStarts.length; i++) {
    const start = bucketStarts[i];
    const end = Math.max(start, start + bucketMs);
    if (current !== undefined && start - current.end <= maxGapMs) {
      current.to = i + 1;
      current.end = Math.max(current.end, end);
    } else {
      current = { from: i, to: i + 1, start, end };
      runs.push(current);
    }
  }
  return runs;
}

/** Splits records already in time order into episodes where a gap exceeds `maxGapMs`. */
export function runsOf<T>(
  items: readonly T[],
  key: string,
  startOf: (item: T) => number,
  endOf: (item: T) => number,
  maxGapMs: number
): Array<Episode<T>> {
  const episodes: Array<Episode<T>> = [];
  let current: Episode<T> | undefined;
  for (const item of items) {
    const start = startOf(item);
    const end = Math.max(start, endOf(item));
    if (current !== undefined && start - current.end <= maxGapMs) {
      current.items.push(item);
      current.end = Math.max(current.end, end);
    } else {
      current = { key, start, end, items: [item] };
      episodes.push(current);
    }
  }
  return episodes;
}
