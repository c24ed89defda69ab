/**
 * Risk as a time series: the assessment at the end of each bucket, weighing only the findings seen by
 * then. Everything that does not depend on time is computed once, and each entity's findings are walked
 * with a cursor, so the cost is one assessment plus the findings inside the decay horizon per bucket.
 */
import type { EntityRisk, RiskEntityKind, RiskInput } from './assessRisk';
import { evaluateAt, newSeriesState, prepareRisk, valuesAt } from './riskPreparation';

export interface RiskOverTimeInput extends Omit<RiskInput, 'at'> {
  from: number;
  to: number;
  bucketMs: number;
}

export interface RiskPoint {
  /** End of the bucket, in milliseconds since the epoch. */
  time: number;
  kind: RiskEntityKind;
  id: string;
  name: string;
  score: number;
  impact: number;
  likelihood: number;
}

/** More buckets than this widen the bucket so a mistaken range cannot exhaust memory. */
export const MAX_RISK_BUCKETS = 5000;

/**
 * Points ordered by time, then assets before zones, then id. The bucket ends are from + bucketMs, from +
 * 2 x bucketMs, ... and `to` itself closes the last (possibly shorter) bucket. An empty list comes back
 * when the range or the bucket size is not usable (to before from, bucketMs not a positive number).
 */
export function riskOverTime(input: RiskOverTimeInput): RiskPoint[] {
  const times = riskBucketEnds(input?.from, input?.to, input?.bucketMs);
  if (times.length === 0) {
    return [];
  }
  const prepared = prepareRisk({ ...input, at: times[times.length - 1] });
  const state = newSeriesState(prepared);
  const assetOrder = order(prepared.assets.map((a) => a.id));
  const zoneOrder = order(prepared.zones.map((z) => z.id));
  const points: RiskPoint[] = [];
  for (const time of times) {
    const values = valuesAt(prepared, time, state);
    for (const i of assetOrder) {
      const a = prepared.assets[i];
      points.push({ time, kind: 'asset', id: a.id, name: a.name, ...values.assets[i] });
    }
    for (const i of zoneOrder) {
      const z = prepared.zones[i];
      points.push({ time, kind: 'zone', id: z.id, name: z.name, ...values.zones[i] });
    }
  }
  return points;
}

export interface ExplainedRiskPoints {
  /** End of the bucket, in milliseconds since the epoch. */
  time: number;
  /** The entities asked for, each with every factor explained at that time. */
  entities: EntityRisk[];
}

/**
 * The explained assessment of some entities at the end of each bucket: what a heatmap's hover card shows for a
 * past instant. Costs a full evaluation per bucket (riskOverTime does without the factors), so callers ask for
 * the few entities they show.
 */
export function explainRiskOverTime(
  input: RiskOverTimeInput,
  kind: RiskEntityKind,
  ids: ReadonlySet<string>
): ExplainedRiskPoints[] {
  const times = riskBucketEnds(input?.from, input?.to, input?.bucketMs);
  if (times.length === 0 || ids.size === 0) {
    return [];
  }
  const prepared = prepareRisk({ ...input, at: times[times.length - 1] });
  return times.map((time) => {
    const evaluated = evaluateAt(prepared, time);
    const entities = (kind === 'zone' ? evaluated.zones : evaluated.assets).filter((entity) => ids.has(entity.id));
    return { time, entities };
  });
}

export function riskBucketEnds(from: unknown, to: unknown, bucketMs: unknown): number[] {
  if (
    typeof from !== 'number' ||
    typeof to !== 'number' ||
    typeof bucketMs !== 'number' ||
    !Number.isFinite(from) ||
    !Number.isFinite(to) ||
    !Number.isFinite(bucketMs) ||
    bucketMs <= 0 ||
    to < from
  ) {
    return [];
  }
  const span = to - from;
  const step = Math.max(bucketMs, span / MAX_RISK_BUCKETS);
  const ends: number[] = [];
  for (let k = 1; from + k * step < to; k++) {
    ends.push(from + k * step);
  }
  ends.push(to);
  return ends;
}

function order(ids: string[]): number[] {
  return ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : a - b));
}
