import fc from 'fast-check';
import { bucketRunsOf, episodesOf, runsOf } from './episodes';

interface Hit {
  key: string;
  at: number;
}

const hits: Hit[] = [
  { key: 'b', at: 0 },
  { key: 'a', at: 30 },
  { key: 'a', at: 0 },
  { key: 'a', at: 10 },
  { key: 'a', at: 100 },
];

describe('episodes', () => {
  it('merges records of one key while gaps stay within the limit, ordered by start then key', () => {
    const episodes = episodesOf(
      hits,
      (h) => h.key,
      (h) => h.at,
      (h) => h.at + 10,
      15
    );
    expect(episodes.map((e) => [e.key, e.start, e.end, e.items.length])).toEqual([
      ['a', 0, 40, 3],
      ['b', 0, 10, 1],
      ['a', 100, 110, 1],
    ]);
  });

  it('splits records already in time order at gaps beyond the limit', () => {
    const runs = runsOf(
      [0, 1, 2, 10, 11],
      'k',
      (t) => t,
      (t) => t + 1,
      2
    );
    expect(runs.map((r) => [r.start, r.end])).toEqual([
      [0, 3],
      [10, 12],
    ]);
  });

  it("splits a series' buckets where its records would split, without the records", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 12 }),
        (steps, width, gap) => {
          // Bucket starts in time order, some apart by less than a bucket, some far apart.
          let at = 1_000;
          const starts = steps.map((step) => (at += step));
          const records = starts.map((bucketStart) => ({ bucketStart, bucketMs: width }));
          const expected = runsOf(
            records,
            'k',
            (r) => r.bucketStart,
            (r) => r.bucketStart + r.bucketMs,
            gap
          ).map((run) => ({
            from: records.indexOf(run.items[0]),
            to: records.indexOf(run.items[run.items.length - 1]) + 1,
            start: run.start,
            end: run.end,
          }));
          expect(bucketRunsOf(Float64Array.from(starts), width, gap)).toEqual(expected);
        }
      )
    );
  });
});
