import { countOf } from './countOf';

describe('countOf', () => {
  it('puts the noun in the singular for exactly one, the plural otherwise', () => {
    expect(countOf(1, 'line')).toBe('1 line');
    expect(countOf(0, 'point')).toBe('0 points');
    expect(countOf(2, 'finding')).toBe('2 findings');
  });
});
