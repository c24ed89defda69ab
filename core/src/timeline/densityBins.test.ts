import { binMarks } from './densityBins';

const at = (time: number, severity: 'low' | 'high' | 'critical' = 'low') => ({ time, severity });

describe('binMarks', () => {
  it('keeps marks that stand apart as single marks', () => {
    const bins = binMarks([at(0), at(10), at(20)], (time) => time, 6);

    expect(bins.map((bin) => bin.count)).toEqual([1, 1, 1]);
  });

  it('merges marks closer than the gap into one strip with their count and worst severity', () => {
    const bins = binMarks([at(0), at(2, 'critical'), at(4), at(30, 'high')], (time) => time, 6);

    expect(bins).toEqual([
      { first: 0, last: 2, count: 3, x0: 0, x1: 4, worst: 'critical' },
      { first: 3, last: 3, count: 1, x0: 30, x1: 30, worst: 'high' },
    ]);
  });

  it('chains a crowd into one strip however long it runs, so strips never overlap', () => {
    const marks = Array.from({ length: 1000 }, (_, index) => at(index));

    const bins = binMarks(marks, (time) => time, 2);

    expect(bins).toHaveLength(1);
    expect(bins[0]).toMatchObject({ count: 1000, x0: 0, x1: 999 });
  });

  it('counts every mark once at any zoom', () => {
    const marks = Array.from({ length: 500 }, (_, index) => at((index * 7919) % 1000)).sort((a, b) => a.time - b.time);
    for (const scale of [0.01, 0.1, 1, 10]) {
      const bins = binMarks(marks, (time) => time * scale, 4);
      expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(marks.length);
      for (let i = 1; i < bins.length; i++) {
        expect(bins[i].x0 - bins[i - 1].x1).toBeGreaterThanOrEqual(4);
      }
    }
  });
});
