/**
 * The likelihood x impact matrix of a risk heatmap: each entity falls in one of 5 x 5 (or 3 x 3) cells.
 *
 * Impact and likelihood are continuous on 1..5; the matrix cuts that range into bands of equal width (0.8 for
 * five levels: [1, 1.8) is band 1, ..., [4.2, 5] is band 5; 4/3 for three), so every band is as wide as every
 * other and no entity falls off the matrix whatever the number of levels.
 */
import type { EntityRisk, RiskAssessment, RiskEntityKind } from './assessRisk';
import { scoreOf } from './riskScore';

// A matrix's cells and frames without a score field are scored by the risk model's own formula.
export { scoreOf };

export type RiskBand = 1 | 2 | 3 | 4 | 5;

/** Levels on each axis of the matrix: the classic 3 x 3 (low, medium, high) or 5 x 5. */
export type RiskMatrixLevels = 3 | 5;

export interface RiskMatrixEntity {
  kind: RiskEntityKind;
  id: string;
  name: string;
  score: number;
}

export interface RiskMatrixCell {
  likelihood: RiskBand;
  impact: RiskBand;
  count: number;
  /** The score of the cell's centre, which colours the cell by risk band. */
  centreScore: number;
  /** Highest score first, then by id. */
  entities: RiskMatrixEntity[];
}

export interface RiskMatrix {
  levels: RiskMatrixLevels;
  /** counts[likelihood - 1][impact - 1]. */
  counts: number[][];
  /** All levels x levels cells, likelihood 1 to `levels`, then impact 1 to `levels` within each likelihood. */
  cells: RiskMatrixCell[];
}

export interface RiskMatrixOptions {
  /** Which entities to place; assets by default, since zones roll their assets up. */
  kind?: RiskEntityKind | 'all';
  /** 5 by default. */
  levels?: RiskMatrixLevels;
}

/** The band of a value on 1..5, among `levels` bands of equal width. */
export function riskBand(value: number, levels: RiskMatrixLevels = 5): RiskBand {
  if (!Number.isFinite(value)) {
    return 1;
  }
  const band = 1 + Math.floor(((value - 1) * levels) / 4 + 1e-9);
  return Math.min(levels, Math.max(1, band)) as RiskBand;
}

/** The centre of a band on the 1..5 scale. */
export function riskBandCentre(band: number, levels: RiskMatrixLevels = 5): number {
  return 1 + ((band - 0.5) * 4) / levels;
}

export function riskMatrix(
  assessment: Pick<RiskAssessment, 'assets' | 'zones'>,
  options: RiskMatrixOptions = {}
): RiskMatrix {
  const kind = options?.kind ?? 'asset';
  const levels: RiskMatrixLevels = options?.levels === 3 ? 3 : 5;
  const bands = Array.from({ length: levels }, (_, index) => (index + 1) as RiskBand);
  const entities: EntityRisk[] = [];
  if (kind === 'asset' || kind === 'all') {
    entities.push(...listOf(assessment?.assets));
  }
  if (kind === 'zone' || kind === 'all') {
    entities.push(...listOf(assessment?.zones));
  }
  const cells: RiskMatrixCell[] = [];
  for (const likelihood of bands) {
    for (const impact of bands) {
      const centreScore = scoreOf(riskBandCentre(impact, levels), riskBandCentre(likelihood, levels));
      cells.push({ likelihood, impact, count: 0, centreScore, entities: [] });
    }
  }
  for (const e of entities) {
    const cell = cells[(riskBand(e.likelihood, levels) - 1) * levels + (riskBand(e.impact, levels) - 1)];
    cell.entities.push({ kind: e.kind, id: e.id, name: e.name, score: e.score });
    cell.count++;
  }
  for (const cell of cells) {
    cell.entities.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const counts = bands.map((l) => bands.map((i) => cells[(l - 1) * levels + (i - 1)].count));
  return { levels, counts, cells };
}

function listOf(value: unknown): EntityRisk[] {
  return Array.isArray(value)
    ? value.filter((e): e is EntityRisk => typeof e === 'object' && e !== null && typeof e.id === 'string')
    : [];
}
