/**
 * Score = f(impact, likelihood), and the attribution of the score to the factors behind it.
 *
 * Impact and likelihood are each 1 + 4 x the weighted mean of their factors' values (0 to 1), so both lie
 * in 1..5. The score maps their product onto 0..100: score = 100 x (impact x likelihood - 1) / 24, which is
 * 0 for 1 x 1 and 100 for 5 x 5. To explain a product additively, the score is split between impact and
 * likelihood by their Shapley values (each side's average marginal effect, starting from 1 x 1), and each
 * side's share is split among its factors in proportion to weight x value. The contributions therefore sum
 * to the score exactly (to the displayed precision).
 */

export type RiskDimension = 'impact' | 'likelihood';

export interface RiskFactor {
  /** Stable identifier: `criticality`, `safety`, `purdue-level`, `exposure`, ... */
  id: string;
  label: string;
  dimension: RiskDimension;
  /** The factor's normalised input, 0 (no risk) to 1 (worst). */
  value: number;
  /** The weight in effect (see RiskWeights). */
  weight: number;
  /** Score points this factor accounts for; the contributions of one score sum to it. */
  contribution: number;
  /** What was observed, in words. */
  detail: string;
}

/** A factor before attribution. */
export interface FactorInput {
  id: string;
  label: string;
  value: number;
  weight: number;
  detail: string;
}

export interface RiskScore {
  /** 1 to 5, two decimals. */
  impact: number;
  /** 1 to 5, two decimals. */
  likelihood: number;
  /** 0 to 100, one decimal. */
  score: number;
  factors: RiskFactor[];
}

/** Score points per unit of (impact x likelihood - 1). */
const SCORE_SCALE = 100 / 24;

/** Maps a weighted mean of 0..1 values onto 1..5; no weight at all means the lowest value. */
export function dimensionValue(weightedSum: number, totalWeight: number): number {
  if (!(totalWeight > 0)) {
    return 1;
  }
  return 1 + 4 * clamp01(weightedSum / totalWeight);
}

export function scoreOf(impact: number, likelihood: number): number {
  return clampScore(SCORE_SCALE * (impact * likelihood - 1));
}

export function scoreRisk(impactInputs: FactorInput[], likelihoodInputs: FactorInput[]): RiskScore {
  const impactSide = side(impactInputs);
  const likelihoodSide = side(likelihoodInputs);
  const impact = dimensionValue(impactSide.weightedSum, impactSide.totalWeight);
  const likelihood = dimensionValue(likelihoodSide.weightedSum, likelihoodSide.totalWeight);
  const impactShare = (SCORE_SCALE * (impact - 1) * (likelihood + 1)) / 2;
  const likelihoodShare = (SCORE_SCALE * (likelihood - 1) * (impact + 1)) / 2;
  const raw = [
    ...shares(impactSide.inputs, impactSide.weightedSum, impactShare),
    ...shares(likelihoodSide.inputs, likelihoodSide.weightedSum, likelihoodShare),
  ];
  const score = roundTo(scoreOf(impact, likelihood), 1);
  const contributions = apportion(
    raw.map((r) => r.share),
    score,
    1
  );
  const factors: RiskFactor[] = raw.map((r, i) => ({
    id: r.input.id,
    label: r.input.label,
    dimension: i < impactSide.inputs.length ? 'impact' : 'likelihood',
    value: roundTo(r.input.value, 3),
    weight: r.input.weight,
    contribution: contributions[i],
    detail: r.input.detail,
  }));
  return { impact: roundTo(impact, 2), likelihood: roundTo(likelihood, 2), score, factors };
}

interface Side {
  inputs: FactorInput[];
  weightedSum: number;
  totalWeight: number;
}

function side(inputs: FactorInput[]): Side {
  const clean = inputs.map((input) => ({ ...input, value: clamp01(input.value), weight: cleanWeight(input.weight) }));
  const weightedSum = sumProducts(
    clean.map((c) => c.weight),
    clean.map((c) => c.value)
  );
  const totalWeight = sum(clean.map((c) => c.weight));
  return { inputs: clean, weightedSum, totalWeight };
}

/** A usable weight: negative and non-finite weights count as 0. */
export function cleanWeight(weight: number): number {
  return Number.isFinite(weight) && weight > 0 ? weight : 0;
}

/**
 * Impact or likelihood from cleaned weights and values (see cleanWeight, clamp01), summed in the same
 * order as scoreRisk sums them, so a caller that reuses buffers gets bit-for-bit the same result.
 */
export function dimensionFromArrays(weights: ArrayLike<number>, values: ArrayLike<number>): number {
  return dimensionValue(sumProducts(weights, values), sum(weights));
}

function sumProducts(weights: ArrayLike<number>, values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] * values[i];
  }
  return total;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i];
  }
  return total;
}

function shares(
  inputs: FactorInput[],
  weightedSum: number,
  total: number
): Array<{ input: FactorInput; share: number }> {
  return inputs.map((input) => ({
    input,
    share: weightedSum > 0 ? (total * input.weight * input.value) / weightedSum : 0,
  }));
}

/**
 * Rounds non-negative parts to `decimals` so that they sum exactly to `total` (largest remainder method),
 * which keeps "the factors add up to the score" true on screen as well as in arithmetic.
 */
export function apportion(parts: number[], total: number, decimals: number): number[] {
  const unit = 10 ** decimals;
  const target = Math.round(total * unit);
  const scaled = parts.map((p) => Math.max(0, p) * unit);
  const floors = scaled.map(Math.floor);
  let remainder = target - floors.reduce((a, b) => a + b, 0);
  const order = scaled
    .map((s, i) => ({ i, fraction: s - floors[i] }))
    .sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (let k = 0; remainder > 0 && order.length > 0; k++) {
    floors[order[k % order.length].i] += 1;
    remainder--;
  }
  for (let k = order.length - 1; remainder < 0 && k >= 0; k--) {
    const i = order[k].i;
    if (floors[i] > 0) {
      floors[i] -= 1;
      remainder++;
    }
  }
  return floors.map((f) => f / unit);
}

export function clamp01(value: number): number {
  if (!Number.isFinite(value)) {
    return 0;
  }
  return Math.min(1, Math.max(0, value));
}

function clampScore(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

export function roundTo(value: number, decimals: number): number {
  const unit = 10 ** decimals;
  return Math.round(value * unit) / unit;
}
