/**
 * The likelihood x impact matrix of a risk heatmap: each entity falls in one of 5 x 5 cells.
 *
 * Impact and likelihood are continuous on 1..5; the matrix cuts that range into five equal bands of
 * width 0.8 ([1, 1.8) is band 1, ..., [4.2, 5] is band 5), so every band is as wide as every other.
 */
import type { EntityRisk, RiskAssessment, RiskEntityKind } from './assessRisk';

export type RiskBand = 1 | 2 | 3 | 4 | 5;

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
  /** Highest score first, then by id. */
  entities: RiskMatrixEntity[];
}

export interface RiskMatrix {
  /** counts[likelihood - 1][impact - 1]. */
  counts: number[][];
  /** All 25 cells, likelihood 1 to 5, then impact 1 to 5 within each likelihood. */
  cells: RiskMatrixCell[];
}

export interface RiskMatrixOptions {
  /** Which entities to place; assets by default, since zones roll their assets up. */
  kind?: RiskEntityKind | 'all';
}

const BANDS: RiskBand[] = [1, 2, 3, 4, 5];

export function riskBand(value: number): RiskBand {
  if (!Number.isFinite(value)) {
    return 1;
  }
  const band = 1 + Math.floor((value - 1) / 0.8 + 1e-9);
  return Math.min(5, Math.max(1, band)) as RiskBand;
}

export function riskMatrix(assessment: RiskAssessment, options: RiskMatrixOptions = {}): RiskMatrix {
  const kind = options?.kind ?? 'asset';
  const entities: EntityRisk[] = [];
  if (kind === 'asset' || kind === 'all') {
    entities.push(...listOf(assessment?.assets));
  }
  if (kind === 'zone' || kind === 'all') {
    entities.push(...listOf(assessment?.zones));
  }
  const cells: RiskMatrixCell[] = [];
  for (const likelihood of BANDS) {
    for (const impact of BANDS) {
      cells.push({ likelihood, impact, count: 0, entities: [] });
    }
  }
  for (const e of entities) {
    const cell = cells[(riskBand(e.likelihood) - 1) * 5 + (riskBand(e.impact) - 1)];
    cell.entities.push({ kind: e.kind, id: e.id, name: e.name, score: e.score });
    cell.count++;
  }
  for (const cell of cells) {
    cell.entities.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const counts = BANDS.map((l) => BANDS.map((i) => cells[(l - 1) * 5 + (i - 1)].count));
  return { counts, cells };
}

function listOf(value: unknown): EntityRisk[] {
  return Array.isArray(value)
    ? value.filter((e): e is EntityRisk => typeof e === 'object' && e !== null && typeof e.id === 'string')
    : [];
}
