import type { EntityRisk, RiskAssessment } from './assessRisk';
import { riskBand, riskMatrix } from './riskMatrix';
import { DEFAULT_RISK_WEIGHTS } from './riskWeights';

function entity(kind: 'asset' | 'zone', id: string, impact: number, likelihood: number, score: number): EntityRisk {
  return { kind, id, name: id, impact, likelihood, score, factors: [] };
}

function assessment(assets: EntityRisk[], zones: EntityRisk[] = []): RiskAssessment {
  return { at: 0, assets, zones, weights: { ...DEFAULT_RISK_WEIGHTS }, warnings: [] };
}

describe('riskBand', () => {
  it('cuts 1..5 into five bands of equal width', () => {
    expect([1, 1.79, 1.8, 2.6, 3.39, 3.4, 4.19, 4.2, 5].map((v) => riskBand(v))).toEqual([1, 1, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('cuts 1..5 into three bands of equal width for a 3 x 3 matrix, so the top of the scale stays on it', () => {
    expect([1, 2.33, 2.34, 3.66, 3.67, 5].map((v) => riskBand(v, 3))).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('puts a value that is not a number in the lowest band', () => {
    expect(riskBand(Number.NaN)).toBe(1);
  });
});

describe('riskMatrix', () => {
  it('places each asset in the cell of its likelihood and impact bands, highest score first', () => {
    const matrix = riskMatrix(
      assessment([
        entity('asset', 'plc', 5, 4.5, 88),
        entity('asset', 'hmi', 4.9, 4.4, 80),
        entity('asset', 'printer', 1.2, 1.1, 1),
      ])
    );
    expect(matrix.counts[4][4]).toBe(2);
    expect(matrix.counts[0][0]).toBe(1);
    const top = matrix.cells.find((c) => c.likelihood === 5 && c.impact === 5);
    expect(top?.entities.map((e) => e.id)).toEqual(['plc', 'hmi']);
    expect(matrix.cells).toHaveLength(25);
  });

  it('places assets by default, zones or both on request', () => {
    const a = assessment([entity('asset', 'plc', 5, 5, 100)], [entity('zone', 'control', 3, 3, 33)]);
    const total = (m: ReturnType<typeof riskMatrix>) => m.counts.flat().reduce((s, c) => s + c, 0);
    expect(total(riskMatrix(a))).toBe(1);
    expect(total(riskMatrix(a, { kind: 'zone' }))).toBe(1);
    expect(riskMatrix(a, { kind: 'zone' }).counts[2][2]).toBe(1);
    expect(total(riskMatrix(a, { kind: 'all' }))).toBe(2);
  });

  it('keeps every entity on a 3 x 3 matrix, bands 4 and 5 of five included', () => {
    const matrix = riskMatrix(
      assessment([
        entity('asset', 'plc', 5, 4.5, 88),
        entity('asset', 'hmi', 4.0, 3.5, 60),
        entity('asset', 'ups', 1, 1, 0),
      ]),
      { levels: 3 }
    );
    expect(matrix.levels).toBe(3);
    expect(matrix.cells).toHaveLength(9);
    expect(matrix.counts).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
  });

  it('gives each cell the score of its centre, rising towards high likelihood and impact', () => {
    const matrix = riskMatrix(assessment([]));
    const centre = (l: number, i: number) =>
      matrix.cells.find((c) => c.likelihood === l && c.impact === i)?.centreScore;
    expect(centre(3, 3)).toBeCloseTo((100 * (3 * 3 - 1)) / 24, 6);
    expect(centre(5, 5)).toBeGreaterThan(centre(4, 5) ?? Infinity);
    expect(centre(1, 1)).toBeLessThan(centre(1, 2) ?? -Infinity);
  });
});
