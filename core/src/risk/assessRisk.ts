/**
 * The risk model: per asset and per zone, an impact and a likelihood on 1..5 and a score on 0..100,
 * each carrying the factors it was computed from. docs/risk-model.md describes every factor.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import type { PurdueLevel, ZoneModel } from '../model/zoneModel';
import { evaluateAt, prepareRisk } from './riskPreparation';
import type { RiskFactor } from './riskScore';
import type { RiskWeights } from './riskWeights';

export interface RiskInput {
  model: ZoneModel;
  observations: Observations;
  findings: Finding[];
  /** The assessment time, in milliseconds since the epoch: later findings are not seen yet. */
  at: number;
  /** Overrides of DEFAULT_RISK_WEIGHTS. */
  weights?: Partial<RiskWeights>;
}

export type RiskEntityKind = 'asset' | 'zone';

export interface EntityRisk {
  kind: RiskEntityKind;
  id: string;
  name: string;
  /** The zone id: the asset's zone, or the zone itself. */
  zone?: string;
  purdueLevel?: PurdueLevel;
  /** 1 to 5. */
  impact: number;
  /** 1 to 5. */
  likelihood: number;
  /** 0 to 100; the factors' contributions sum to it. */
  score: number;
  factors: RiskFactor[];
}

export interface RiskAssessment {
  at: number;
  /** Highest score first, then by id. */
  assets: EntityRisk[];
  /** Highest score first, then by id. */
  zones: EntityRisk[];
  /** The weights in effect. */
  weights: RiskWeights;
  /** Inputs that were refused or could not be used, each naming the field at fault. */
  warnings: string[];
}

export function assessRisk(input: RiskInput): RiskAssessment {
  const prepared = prepareRisk(input);
  const at = validTime(input, prepared.warnings);
  const { assets, zones } = evaluateAt(prepared, at);
  return {
    at,
    assets: assets.sort(byScore),
    zones: zones.sort(byScore),
    weights: prepared.weights,
    warnings: prepared.warnings,
  };
}

function byScore(a: EntityRisk, b: EntityRisk): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The assessment time; without a valid one, the end of the observed range keeps the result deterministic. */
function validTime(input: RiskInput | undefined, warnings: string[]): number {
  const at: unknown = input?.at;
  if (typeof at === 'number' && Number.isFinite(at)) {
    return at;
  }
  const end: unknown = input?.observations?.range?.to;
  const fallback = typeof end === 'number' && Number.isFinite(end) ? end : 0;
  warnings.push(
    `at: ${JSON.stringify(at) ?? String(at)} is not a time in milliseconds; the end of the observed range (${fallback}) is used`
  );
  return fallback;
}
