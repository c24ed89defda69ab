import { skippedLevels } from './purdueDistance';

describe('skippedLevels', () => {
  it('counts the levels, the DMZ included, strictly between two levels in either direction', () => {
    expect(skippedLevels(4, 3.5)).toBe(0);
    expect(skippedLevels(4, 3)).toBe(1);
    expect(skippedLevels(4, 1)).toBe(3);
    expect(skippedLevels(1, 5)).toBe(4);
    expect(skippedLevels(2, 2)).toBe(0);
  });
});
