import { sortedRunDistinct, sortedRunMedian, sortRun } from './sortedValues';

describe('sorted values', () => {
  it('sorts a short run in place and leaves the values outside it alone', () => {
    const values = Float64Array.of(9, 3, 1, 2, 2, -1);
    sortRun(values, 1, 5);
    expect(Array.from(values)).toEqual([9, 1, 2, 2, 3, -1]);
  });

  it('sorts a run longer than the insertion-sort limit numerically', () => {
    const values = new Float64Array(300);
    for (let i = 0; i < values.length; i++) {
      values[i] = ((i * 37) % 300) - 150;
    }
    sortRun(values, 0, values.length);
    for (let i = 1; i < values.length; i++) {
      expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
    expect(values[0]).toBe(-150);
  });

  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(sortedRunMedian(Float64Array.of(1, 2, 10), 0, 3)).toBe(2);
    expect(sortedRunMedian(Float64Array.of(1, 2, 4, 10), 0, 4)).toBe(3);
    expect(sortedRunMedian(Float64Array.of(100, 1, 5, 7), 1, 3)).toBe(3);
  });

  it('counts each repeated value once', () => {
    expect(sortedRunDistinct(Float64Array.of(1, 1, 2, 3, 3, 3), 0, 6)).toBe(3);
    expect(sortedRunDistinct(new Float64Array(0), 0, 0)).toBe(0);
  });
});
