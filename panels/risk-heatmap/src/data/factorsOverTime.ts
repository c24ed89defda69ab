/**
 * The factors of each timeline row at every bucket end, from the Conduit risk query's "factors per bucket"
 * frame: one row per entity and time, `factors` a JSON list of `[id, points]` or `[id, points, detail]` (the
 * detail only where it differs from the entity view's, which gives every factor its label and words).
 */
import type { EntityRisk, RiskFactor } from '@conduit/core';
import { type DataFrame, FieldType } from '@grafana/data';

import { fieldNamed, type RiskEntityRow } from './riskEntities';
import { timeField } from './timelineModel';

export type ExplainedScore = Pick<EntityRisk, 'score' | 'impact' | 'likelihood' | 'factors'>;

/** The explained score of an entity at a bucket end, or undefined when the frames do not carry it. */
export type ExplainAt = (id: string, time: number) => ExplainedScore | undefined;

export function isFactorsOverTimeFrame(frame: DataFrame): boolean {
  return (
    timeField(frame) !== undefined &&
    fieldNamed(frame, 'id')?.type === FieldType.string &&
    fieldNamed(frame, 'factors')?.type === FieldType.string
  );
}

function number(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function factorsAt(text: unknown, entity: RiskEntityRow | undefined): RiskFactor[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(text));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) {
    return [];
  }
  const atEnd = new Map((entity?.factors ?? []).map((factor) => [factor.id, factor]));
  return parsed.flatMap((item: unknown): RiskFactor[] => {
    if (!Array.isArray(item) || typeof item[0] !== 'string' || typeof item[1] !== 'number') {
      return [];
    }
    const [id, contribution, detail] = item as [string, number, unknown];
    const known = atEnd.get(id);
    return [
      {
        id,
        label: known?.label ?? id,
        dimension: known?.dimension ?? 'likelihood',
        value: known?.value ?? 0,
        weight: known?.weight ?? 0,
        contribution,
        detail: typeof detail === 'string' ? detail : (known?.detail ?? ''),
      },
    ];
  });
}

/** Indexes the rows by entity and time; a row's factors are read when a hover card asks for them. */
export function readFactorsOverTime(frames: DataFrame[], entities: ReadonlyMap<string, RiskEntityRow>): ExplainAt {
  const index = new Map<string, Map<number, { frame: DataFrame; row: number }>>();
  for (const frame of frames.filter(isFactorsOverTimeFrame)) {
    const times = timeField(frame)?.values ?? [];
    const ids = fieldNamed(frame, 'id')?.values ?? [];
    for (let row = 0; row < frame.length; row++) {
      const id = String(ids[row]);
      let byTime = index.get(id);
      if (byTime === undefined) {
        byTime = new Map();
        index.set(id, byTime);
      }
      byTime.set(number(times[row]), { frame, row });
    }
  }
  return (id, time) => {
    const at = index.get(id)?.get(time);
    if (at === undefined) {
      return undefined;
    }
    const value = (name: string) => number(fieldNamed(at.frame, name)?.values[at.row]);
    return {
      score: value('score'),
      impact: value('impact'),
      likelihood: value('likelihood'),
      factors: factorsAt(fieldNamed(at.frame, 'factors')?.values[at.row], entities.get(id)),
    };
  };
}
