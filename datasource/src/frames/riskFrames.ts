/**
 * The risk query: per entity (asset or zone) the impact, likelihood and score with the factors behind them,
 * or risk over time as one wide frame (a time field and a score field per entity), which the time series panel
 * draws as one series per entity and the core heatmap as one row per entity.
 */
import { type EntityRisk, explainRiskOverTime, riskBand } from '@conduit/core';
import { createDataFrame, type DataFrame, type Field, FieldType } from '@grafana/data';

import type { PlantAnalysis } from '../analysis/plantAnalysis';
import type { RiskEntityKind } from '../types';
import { analysisMeta } from './frameMeta';

export interface RiskFilter {
  kind: RiskEntityKind;
  /** Zone ids; undefined for every zone. */
  zones?: readonly string[];
}

export const DEFAULT_RISK_LIMIT = 20;
/** Risk over time is computed at most this many times per range. */
const MAX_RISK_POINTS = 200;

function inZones(entity: EntityRisk, zones: readonly string[] | undefined): boolean {
  return zones === undefined || (entity.zone !== undefined && zones.includes(entity.zone));
}

export function riskEntities(analysis: PlantAnalysis, filter: RiskFilter): EntityRisk[] {
  const assessment = analysis.risk();
  const entities = filter.kind === 'zone' ? assessment.zones : assessment.assets;
  return entities.filter((entity) => inZones(entity, filter.zones));
}

/** The factors that account for most of a score, for a table cell: `exposure 21.4, criticality 9.8`. */
export function topFactors(entity: EntityRisk, count = 3): string {
  return [...entity.factors]
    .filter((factor) => factor.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, count)
    .map((factor) => `${factor.label} ${factor.contribution.toFixed(1)}`)
    .join(', ');
}

export function riskEntitiesFrame(analysis: PlantAnalysis, filter: RiskFilter, refId: string): DataFrame {
  const rows = riskEntities(analysis, filter);
  const column = <T>(read: (entity: EntityRisk) => T): T[] => rows.map(read);
  const oneToFive = { min: 1, max: 5, decimals: 2 };
  return createDataFrame({
    refId,
    name: filter.kind === 'zone' ? 'zone risk' : 'asset risk',
    meta: analysisMeta(analysis, 'table', analysis.risk().warnings),
    fields: [
      { name: 'entity', type: FieldType.string, values: column((e) => e.name), config: { displayName: 'Entity' } },
      { name: 'id', type: FieldType.string, values: column((e) => e.id), config: { displayName: 'Id' } },
      { name: 'kind', type: FieldType.string, values: column((e) => e.kind), config: { displayName: 'Kind' } },
      { name: 'zone', type: FieldType.string, values: column((e) => e.zone ?? ''), config: { displayName: 'Zone' } },
      {
        name: 'purdueLevel',
        type: FieldType.number,
        values: column((e) => e.purdueLevel ?? null),
        config: { displayName: 'Purdue level' },
      },
      {
        name: 'impact',
        type: FieldType.number,
        values: column((e) => e.impact),
        config: { displayName: 'Impact', ...oneToFive },
      },
      {
        name: 'likelihood',
        type: FieldType.number,
        values: column((e) => e.likelihood),
        config: { displayName: 'Likelihood', ...oneToFive },
      },
      {
        name: 'score',
        type: FieldType.number,
        values: column((e) => e.score),
        config: { displayName: 'Risk score', min: 0, max: 100, decimals: 1 },
      },
      // The bands place each entity in a cell of a 5 x 5 likelihood x impact matrix.
      {
        name: 'impactBand',
        type: FieldType.number,
        values: column((e) => riskBand(e.impact)),
        config: { displayName: 'Impact band', min: 1, max: 5, decimals: 0 },
      },
      {
        name: 'likelihoodBand',
        type: FieldType.number,
        values: column((e) => riskBand(e.likelihood)),
        config: { displayName: 'Likelihood band', min: 1, max: 5, decimals: 0 },
      },
      {
        name: 'topFactors',
        type: FieldType.string,
        values: column((e) => topFactors(e)),
        config: { displayName: 'Main factors' },
      },
      {
        name: 'factors',
        type: FieldType.string,
        values: column((e) => JSON.stringify(e.factors)),
        config: { displayName: 'Factors (JSON)' },
      },
    ],
  });
}

/** The entities of the over-time view (highest risk first) and its bucket width, shared by its two frames. */
function overTimeShape(
  analysis: PlantAnalysis,
  filter: RiskFilter,
  limit: number,
  maxDataPoints: number | undefined
): { ranked: EntityRisk[]; width: number } {
  const ranked = riskEntities(analysis, filter).slice(0, Math.max(1, limit));
  const points = Math.max(1, Math.min(MAX_RISK_POINTS, maxDataPoints ?? MAX_RISK_POINTS));
  const width = Math.max(analysis.bucketMs, Math.ceil((analysis.to - analysis.from) / points));
  return { ranked, width };
}

export function riskOverTimeFrame(
  analysis: PlantAnalysis,
  filter: RiskFilter,
  limit: number,
  maxDataPoints: number | undefined,
  refId: string
): DataFrame {
  const { ranked, width } = overTimeShape(analysis, filter, limit, maxDataPoints);
  const series = analysis.riskOverTime(width).filter((point) => point.kind === filter.kind);
  const times: number[] = [];
  const column = new Map<string, number[]>(ranked.map((entity) => [entity.id, []]));
  for (const point of series) {
    if (times.length === 0 || times[times.length - 1] !== point.time) {
      times.push(point.time);
      for (const values of column.values()) {
        values.push(Number.NaN);
      }
    }
    const values = column.get(point.id);
    if (values !== undefined) {
      values[times.length - 1] = point.score;
    }
  }
  const fields: Array<Partial<Field>> = [{ name: 'time', type: FieldType.time, values: times }];
  for (const entity of ranked) {
    fields.push({
      name: entity.id,
      type: FieldType.number,
      values: (column.get(entity.id) ?? []).map((v) => (Number.isNaN(v) ? null : v)),
      labels: { kind: entity.kind, ...(entity.zone === undefined ? {} : { zone: entity.zone }) },
      config: { displayNameFromDS: entity.name, min: 0, max: 100, decimals: 1 },
    });
  }
  return createDataFrame({
    refId,
    name: 'risk over time',
    meta: analysisMeta(analysis, 'graph', analysis.risk().warnings),
    fields,
  });
}

/**
 * The factors of each series of the over-time view at every bucket end, one row per entity and time:
 * `factors` is a JSON list of `[id, points]`, with the detail as a third item where it differs from the detail
 * at the end of the range (which the entity view carries), so the frame stays small.
 */
export function riskFactorsOverTimeFrame(
  analysis: PlantAnalysis,
  filter: RiskFilter,
  limit: number,
  maxDataPoints: number | undefined,
  refId: string
): DataFrame {
  const { ranked, width } = overTimeShape(analysis, filter, limit, maxDataPoints);
  const endDetails = new Map(
    ranked.map((entity) => [entity.id, new Map(entity.factors.map((factor) => [factor.id, factor.detail]))])
  );
  const explained = explainRiskOverTime(
    {
      model: analysis.model,
      observations: analysis.observations,
      findings: analysis.findings,
      from: analysis.from,
      to: analysis.to,
      bucketMs: width,
      weights: analysis.model.risk?.weights,
    },
    filter.kind,
    new Set(ranked.map((entity) => entity.id))
  );
  const rows = explained.flatMap(({ time, entities }) => entities.map((entity) => ({ time, entity })));
  const column = <T>(read: (row: (typeof rows)[number]) => T): T[] => rows.map(read);
  return createDataFrame({
    refId,
    name: 'risk factors over time',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'time', type: FieldType.time, values: column((row) => row.time) },
      { name: 'id', type: FieldType.string, values: column((row) => row.entity.id) },
      { name: 'impact', type: FieldType.number, values: column((row) => row.entity.impact) },
      { name: 'likelihood', type: FieldType.number, values: column((row) => row.entity.likelihood) },
      { name: 'score', type: FieldType.number, values: column((row) => row.entity.score) },
      {
        name: 'factors',
        type: FieldType.string,
        values: column((row) =>
          JSON.stringify(
            row.entity.factors.map((factor) =>
              endDetails.get(row.entity.id)?.get(factor.id) === factor.detail
                ? [factor.id, factor.contribution]
                : [factor.id, factor.contribution, factor.detail]
            )
          )
        ),
      },
    ],
  });
}
