/** Frames shaped as the Conduit datasource's risk query returns them, for the panel's tests. */
import type { RiskFactor } from '@conduit/core';
import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';

export interface ScoredEntity {
  id: string;
  zone: string;
  purdueLevel: number;
  impact: number;
  likelihood: number;
  score: number;
  factors?: RiskFactor[];
}

export function factor(id: string, dimension: 'impact' | 'likelihood', contribution: number, detail = ''): RiskFactor {
  return { id, label: id.replace('-', ' '), dimension, value: 0.5, weight: 1, contribution, detail };
}

export function entitiesFrame(entities: ScoredEntity[], kind: 'asset' | 'zone' = 'asset'): DataFrame {
  return toDataFrame({
    name: `${kind} risk`,
    refId: 'A',
    fields: [
      { name: 'entity', type: FieldType.string, values: entities.map((e) => e.id) },
      { name: 'id', type: FieldType.string, values: entities.map((e) => e.id) },
      { name: 'kind', type: FieldType.string, values: entities.map(() => kind) },
      { name: 'zone', type: FieldType.string, values: entities.map((e) => e.zone) },
      { name: 'purdueLevel', type: FieldType.number, values: entities.map((e) => e.purdueLevel) },
      { name: 'impact', type: FieldType.number, values: entities.map((e) => e.impact) },
      { name: 'likelihood', type: FieldType.number, values: entities.map((e) => e.likelihood) },
      { name: 'score', type: FieldType.number, values: entities.map((e) => e.score), config: { min: 0, max: 100 } },
      { name: 'factors', type: FieldType.string, values: entities.map((e) => JSON.stringify(e.factors ?? [])) },
    ],
  });
}

/** The over-time view: a time field and one score field per entity, labelled with its zone. */
export function overTimeFrame(
  times: number[],
  series: Array<{ id: string; zone?: string; values: Array<number | null> }>
): DataFrame {
  return toDataFrame({
    name: 'risk over time',
    refId: 'B',
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      ...series.map((s) => ({
        name: s.id,
        type: FieldType.number,
        values: s.values,
        labels: s.zone === undefined ? {} : { zone: s.zone },
        config: { min: 0, max: 100, displayNameFromDS: s.id },
      })),
    ],
  });
}

/** The "factors per bucket" frame: one row per entity and time, factors as `[id, points, detail?]`. */
export function factorsOverTimeFrame(
  rows: Array<{ time: number; id: string; score: number; factors: Array<[string, number] | [string, number, string]> }>
): DataFrame {
  return toDataFrame({
    name: 'risk factors over time',
    refId: 'B',
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((r) => r.time) },
      { name: 'id', type: FieldType.string, values: rows.map((r) => r.id) },
      { name: 'impact', type: FieldType.number, values: rows.map(() => 4) },
      { name: 'likelihood', type: FieldType.number, values: rows.map(() => 3) },
      { name: 'score', type: FieldType.number, values: rows.map((r) => r.score) },
      { name: 'factors', type: FieldType.string, values: rows.map((r) => JSON.stringify(r.factors)) },
    ],
  });
}
