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
    expect([1, 1.79, 1.8, 2.6, 3.39, 3.4, 4.19, 4.2, 5].map(riskBand)).toEqual([1, 1, 2, 3, 3, 4, 4, 5, 5]);
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
});
