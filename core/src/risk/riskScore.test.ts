import { apportion, type FactorInput, scoreOf, scoreRisk } from './riskScore';

function input(id: string, value: number, weight = 1): FactorInput {
  return { id, label: id, value, weight, detail: '' };
}

describe('scoreRisk', () => {
  it('scores 0 when every factor is at its lowest and 100 when every factor is at its worst', () => {
    const low = scoreRisk([input('a', 0)], [input('b', 0)]);
    expect([low.impact, low.likelihood, low.score]).toEqual([1, 1, 0]);
    const high = scoreRisk([input('a', 1)], [input('b', 1)]);
    expect([high.impact, high.likelihood, high.score]).toEqual([5, 5, 100]);
  });

  it('maps the product of impact and likelihood onto 0..100', () => {
    expect(scoreOf(3, 3)).toBeCloseTo((100 * 8) / 24, 9);
    expect(scoreOf(5, 1)).toBeCloseTo((100 * 4) / 24, 9);
  });

  it('takes impact and likelihood as weighted means of their factors', () => {
    const result = scoreRisk([input('a', 1, 3), input('b', 0, 1)], [input('c', 0.5, 2)]);
    expect(result.impact).toBe(4);
    expect(result.likelihood).toBe(3);
  });

  it('splits the score between factors in proportion to weight times value on each side', () => {
    const result = scoreRisk([input('a', 1, 3), input('b', 1, 1)], [input('c', 0, 1)]);
    const [a, b, c] = result.factors;
    expect(a.contribution).toBeCloseTo(3 * b.contribution, 0);
    expect(c.contribution).toBe(0);
    expect(a.dimension).toBe('impact');
    expect(c.dimension).toBe('likelihood');
  });

  it('gives a factor with weight 0 no contribution', () => {
    const result = scoreRisk([input('a', 1, 0), input('b', 0.5, 1)], [input('c', 0.5, 1)]);
    expect(result.factors[0].contribution).toBe(0);
  });

  it('lists factors whose contributions sum exactly to the score', () => {
    const result = scoreRisk(
      [input('a', 0.33, 3), input('b', 0.71, 2), input('c', 0.2, 1)],
      [input('d', 0.9, 3), input('e', 0.1, 2)]
    );
    const sum = result.factors.reduce((s, f) => s + f.contribution, 0);
    expect(Math.round(sum * 10)).toBe(Math.round(result.score * 10));
  });
});

describe('apportion', () => {
  it('rounds parts so they add up to the rounded total', () => {
    const parts = [1 / 3, 1 / 3, 1 / 3];
    expect(apportion(parts, 1, 1)).toEqual([0.4, 0.3, 0.3]);
  });
});
