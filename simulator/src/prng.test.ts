import { createPrng, deriveSeed, streamFor } from './prng';

function draws(seed: number, n = 50): number[] {
  const rng = createPrng(seed);
  return Array.from({ length: n }, () => rng.next());
}

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws(42)).toEqual(draws(42));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draws(42)).not.toEqual(draws(43));
  });

  it('keeps uniform draws in [0, 1) and integers within their bounds', () => {
    const rng = createPrng(7);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(3, 5);
      expect([3, 4, 5]).toContain(k);
    }
  });

  it('draws normals with mean near 0 and standard deviation near 1', () => {
    const rng = createPrng(9);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('derives independent streams per activity name', () => {
    expect(deriveSeed(1, 'poll/scada-1')).not.toBe(deriveSeed(1, 'poll/scada-2'));
    expect(deriveSeed(1, 'poll/scada-1')).not.toBe(deriveSeed(2, 'poll/scada-1'));
    expect(streamFor(1, 'a').next()).toBe(streamFor(1, 'a').next());
  });
});
