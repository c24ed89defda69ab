/**
 * The knobs of the risk model. Factor weights are relative: impact is the weighted mean of the impact
 * factors and likelihood the weighted mean of the likelihood factors, so doubling one weight doubles
 * that factor's share, and a weight of 0 switches a factor off. docs/risk-model.md explains each one.
 */

export interface RiskWeights {
  /** Impact: the asset's criticality (1 to 5) from the inventory or the zone model. */
  criticality: number;
  /** Impact: safety instrumented systems (safety zones, safety PLCs). */
  safety: number;
  /** Impact: how close to the process the asset sits (L0 and L1 highest). */
  purdueLevel: number;
  /** Likelihood: observed paths into the entity from lower-trust zones, the internet and cleartext OT protocols. */
  exposure: number;
  /** Likelihood: vulnerability count, highest CVSS and known-exploited vulnerabilities. */
  vulnerabilities: number;
  /** Likelihood: findings about the entity, by severity, decaying with `findingHalfLifeMs`. */
  recentFindings: number;
  /** Likelihood: weakness of the conduit controls into the zone, raised by SL-A below SL-T. */
  compensatingControls: number;
  /** Zones: weight of the rolled-up asset impact and asset likelihood beside the zone's own factors. */
  zoneAssets: number;
  /** Zones: share of the highest asset value in the roll-up; the rest is the mean (0 to 1). */
  zoneMaxShare: number;
  /** Age at which a finding counts half as much as a fresh one, in milliseconds. */
  findingHalfLifeMs: number;
}

export const DEFAULT_RISK_WEIGHTS: Readonly<RiskWeights> = Object.freeze({
  criticality: 3,
  safety: 2,
  purdueLevel: 1,
  exposure: 3,
  vulnerabilities: 2,
  recentFindings: 3,
  compensatingControls: 2,
  zoneAssets: 4,
  zoneMaxShare: 0.7,
  findingHalfLifeMs: 24 * 60 * 60 * 1000,
});

export const RISK_WEIGHT_NAMES = Object.keys(DEFAULT_RISK_WEIGHTS) as Array<keyof RiskWeights>;

export interface ResolvedRiskWeights {
  weights: RiskWeights;
  /** One sentence per refused value, naming the field. */
  warnings: string[];
}

/**
 * Completes partial weights with the defaults. Values that are not finite non-negative numbers (or, for
 * `zoneMaxShare`, outside 0 to 1; for `findingHalfLifeMs`, not positive) are refused with a warning.
 */
export function resolveRiskWeights(partial: Partial<RiskWeights> | undefined): ResolvedRiskWeights {
  const weights: RiskWeights = { ...DEFAULT_RISK_WEIGHTS };
  const problems = riskWeightProblems(partial);
  const warnings = problems.map((p) => `${p.path}: ${p.message}; ${p.consequence}`);
  if (partial === undefined || partial === null || typeof partial !== 'object') {
    return { weights, warnings };
  }
  const refused = new Set(problems.map((p) => p.name));
  const given = partial as Record<string, unknown>;
  for (const name of RISK_WEIGHT_NAMES) {
    if (given[name] !== undefined && !refused.has(name)) {
      weights[name] = given[name] as number;
    }
  }
  return { weights, warnings };
}

export interface RiskWeightProblem {
  /** The weight's name, or '' for the whole object. */
  name: string;
  /** `weights` or `weights.<name>`. */
  path: string;
  message: string;
  /** What `resolveRiskWeights` does about it. */
  consequence: string;
}

/** Every unknown or unusable weight; shared by the zone model validator and `resolveRiskWeights`. */
export function riskWeightProblems(partial: unknown): RiskWeightProblem[] {
  if (partial === undefined || partial === null) {
    return [];
  }
  if (typeof partial !== 'object' || Array.isArray(partial)) {
    return [
      { name: '', path: 'weights', message: 'expected an object of numbers', consequence: 'the defaults are used' },
    ];
  }
  const given = partial as Record<string, unknown>;
  const problems: RiskWeightProblem[] = [];
  for (const key of Object.keys(given)) {
    if (!(RISK_WEIGHT_NAMES as string[]).includes(key)) {
      problems.push({
        name: key,
        path: `weights.${key}`,
        message: `unknown weight (known: ${RISK_WEIGHT_NAMES.join(', ')})`,
        consequence: 'ignored',
      });
    }
  }
  for (const name of RISK_WEIGHT_NAMES) {
    const value = given[name];
    if (value === undefined) {
      continue;
    }
    const problem = weightProblem(name, value);
    if (problem) {
      problems.push({
        name,
        path: `weights.${name}`,
        message: problem,
        consequence: `the default ${DEFAULT_RISK_WEIGHTS[name]} is used`,
      });
    }
  }
  return problems;
}

function weightProblem(name: keyof RiskWeights, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `${JSON.stringify(value) ?? String(value)} is not a finite number`;
  }
  if (name === 'zoneMaxShare') {
    return value < 0 || value > 1 ? `${value} is outside 0 to 1` : undefined;
  }
  if (name === 'findingHalfLifeMs') {
    return value <= 0 ? `${value} is not a positive duration` : undefined;
  }
  return value < 0 ? `${value} is negative` : undefined;
}
