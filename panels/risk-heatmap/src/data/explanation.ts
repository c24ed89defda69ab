/**
 * A score explained in words, from the factors the risk model attaches to it (docs/risk-model.md): the
 * score, impact and likelihood, then each factor that adds points, largest first, with what was observed.
 */
import type { EntityRisk, RiskFactor } from '@conduit/core';

export interface FactorLine {
  id: string;
  /** `Exposure: 7.8 points of likelihood`. */
  text: string;
  /** What was observed: `reached from lower-trust Office IT (L4, 4 levels down); Modbus`. */
  detail: string;
  contribution: number;
}

export interface Explanation {
  /** `Score 38.8 of 100: impact 3.17 x likelihood 3.26 (1 to 5 each)`. */
  summary: string;
  factors: FactorLine[];
  /** Factors that add nothing, named in one line so that none is hidden. */
  zeroFactors: string;
}

function points(value: number): string {
  return `${value.toFixed(1)} ${value === 1 ? 'point' : 'points'}`;
}

function factorLine(factor: RiskFactor): FactorLine {
  return {
    id: factor.id,
    text: `${factor.label}: ${points(factor.contribution)} of ${factor.dimension}`,
    detail: factor.detail,
    contribution: factor.contribution,
  };
}

export function explainRisk(entity: Pick<EntityRisk, 'score' | 'impact' | 'likelihood' | 'factors'>): Explanation {
  const adding = entity.factors
    .filter((factor) => factor.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.label.localeCompare(b.label));
  const zero = entity.factors.filter((factor) => !(factor.contribution > 0)).map((factor) => factor.label);
  return {
    summary: `Score ${entity.score.toFixed(1)} of 100: impact ${entity.impact.toFixed(2)} x likelihood ${entity.likelihood.toFixed(2)} (1 to 5 each)`,
    factors: adding.map(factorLine),
    zeroFactors: zero.length === 0 ? '' : `No points from ${zero.join(', ')}`,
  };
}
