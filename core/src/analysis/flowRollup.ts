/**
 * The analyzer's hourly flow rollup (`conduit_flow_rollup`, docs/data-contract.md): each store's flows summed per
 * hour and flow series, so that the topology of a long range reads one row per series and hour instead of every
 * flow. A series keeps all the tags of `flow`, so the topology built from the rollup is the topology built from
 * the flows: an hour's rows summed into a wider bucket are that bucket's flows summed (see `coalesceFlowSeries`).
 *
 * A pass writes the hours that end within it; the datasource reads the rollup only for hours inside the passes
 * that recorded writing it (`flow_rollup` on `conduit_analysis`), so passes stored before the rollup existed are
 * read from the flows.
 */
import type { TimeRange } from '../detectors/detectionContext';
import { selectQuery } from '../influx/influxql';
import type { FlowAggregate } from '../observations';
import type { StoreKind, TelemetryPoint } from '../telemetryContract';
import { bucketedTime, bucketOffset, FLOW_TAGS } from '../aggregation/observationQueries';

export const FLOW_ROLLUP_MS = 3_600_000;

const NS_PER_MS = 1_000_000n;

/** The whole hours that end within a pass's range (after its start, up to and with its end), or undefined. */
export function flowRollupHours(window: TimeRange): TimeRange | undefined {
  const firstEnd = Math.floor(window.from / FLOW_ROLLUP_MS) * FLOW_ROLLUP_MS + FLOW_ROLLUP_MS;
  const lastEnd = Math.floor(window.to / FLOW_ROLLUP_MS) * FLOW_ROLLUP_MS;
  return lastEnd < firstEnd ? undefined : { from: firstEnd - FLOW_ROLLUP_MS, to: lastEnd };
}

/**
 * The hours the rollup holds, from the ranges the passes that wrote it analysed (`analysedRanges(..., 'flow_rollup')`,
 * merged): each pass writes the hours that end within it, so a run of passes holds the hours from the one that holds
 * its start to the last that ends within it.
 */
export function rolledUpHours(passes: readonly TimeRange[]): TimeRange[] {
  return passes.map(flowRollupHours).filter((hours): hours is TimeRange => hours !== undefined);
}

/** One store's flows, read in hourly buckets, as rollup points: one per series and hour. */
export function flowRollupPoints(flows: readonly FlowAggregate[], store: StoreKind): TelemetryPoint[] {
  return flows.map((flow) => ({
    measurement: 'conduit_flow_rollup',
    tags: {
      src_ip: flow.srcIp,
      dst_ip: flow.dstIp,
      src_asset: flow.srcAsset,
      dst_asset: flow.dstAsset,
      src_zone: flow.srcZone,
      dst_zone: flow.dstZone,
      transport: flow.transport,
      service: flow.service,
      dst_port: flow.dstPort === 0 ? '' : String(flow.dstPort),
      store,
    },
    fields: { connections: Math.round(flow.connections), bytes: Math.round(flow.bytes) },
    timestampNs: BigInt(Math.round(flow.bucketStart)) * NS_PER_MS,
  }));
}

/**
 * The part of a range the rollup can serve: whole hours within one part the rolled-up passes cover, the longest
 * such run. Only for buckets of whole hours, since an hour's row cannot be split between two buckets.
 */
export function flowRollupSpan(
  range: TimeRange,
  rolledUp: readonly TimeRange[],
  bucketMs: number
): TimeRange | undefined {
  if (!(bucketMs >= FLOW_ROLLUP_MS) || bucketMs % FLOW_ROLLUP_MS !== 0) {
    return undefined;
  }
  let best: TimeRange | undefined;
  for (const part of rolledUp) {
    const from = Math.ceil(Math.max(range.from, part.from) / FLOW_ROLLUP_MS) * FLOW_ROLLUP_MS;
    const to = Math.floor(Math.min(range.to, part.to) / FLOW_ROLLUP_MS) * FLOW_ROLLUP_MS;
    if (to > from && (best === undefined || to - from > best.to - best.from)) {
      best = { from, to };
    }
  }
  return best;
}

/** Where the flows of a topology come from: the rollup for `rollup`, when it serves, and the telemetry for `telemetry`. */
export interface FlowReadPlan {
  rollup?: TimeRange;
  telemetry: TimeRange[];
  /** Where the buckets start: the epoch's grid shifted by this much (`bucketOffsetMs` of the observation queries). */
  bucketOffsetMs: number;
}

/**
 * Where a range's buckets start. Buckets of whole hours start at the hour that holds the range's start, so that the
 * first bucket holds no hours before the range for the rollup to lack (on the epoch's grid a week's daily buckets
 * would start up to a day early); finer buckets keep the epoch's grid, as the store draws it by default.
 */
export function flowBucketGrid(from: number, bucketMs: number): { start: number; offsetMs: number } {
  if (bucketMs >= FLOW_ROLLUP_MS && bucketMs % FLOW_ROLLUP_MS === 0) {
    const start = Math.floor(from / FLOW_ROLLUP_MS) * FLOW_ROLLUP_MS;
    return { start, offsetMs: bucketOffset(start, bucketMs) };
  }
  return { start: Math.floor(from / bucketMs) * bucketMs, offsetMs: 0 };
}

/**
 * How to read the flows of a range in buckets of `bucketMs`: whole buckets, from the start of the one that holds the
 * range's start (`flowBucketGrid`, so that the rollup serves a range from its first hour and no part of an hour is
 * read apart), the hours the rolled-up passes cover from the rollup, the rest from the telemetry.
 */
export function flowReadPlan(range: TimeRange, rolledUp: readonly TimeRange[], bucketMs: number): FlowReadPlan {
  const grid = flowBucketGrid(range.from, bucketMs);
  const whole = { from: grid.start, to: range.to };
  const rollup = flowRollupSpan(whole, rolledUp, bucketMs);
  if (rollup === undefined) {
    return { telemetry: [whole], bucketOffsetMs: grid.offsetMs };
  }
  const telemetry = [
    { from: whole.from, to: rollup.from },
    { from: rollup.to, to: whole.to },
  ].filter((part) => part.to > part.from);
  return { rollup, telemetry, bucketOffsetMs: grid.offsetMs };
}

/**
 * InfluxQL for the rollup of a span in buckets of `bucketMs`, per flow series with the stores merged, in the
 * columns the flow reader takes (`count_points`, `bytes`). In hourly buckets the rollup's own rows are read as they
 * are: a series has one row per store and hour, which the topology sums (`coalesceFlowSeries`), and influxd
 * answers the plain read in about half the time of the same rows summed per bucket.
 */
export function flowRollupQuery(span: TimeRange, bucketMs: number, bucketOffsetMs = 0): string {
  const hourly = bucketMs === FLOW_ROLLUP_MS;
  const aggregate = hourly ? {} : { aggregate: 'sum' as const };
  return selectQuery({
    measurement: 'conduit_flow_rollup',
    fields: [
      { field: 'connections', ...aggregate, alias: 'count_points' },
      { field: 'bytes', ...aggregate, alias: 'bytes' },
    ],
    timeRange: { from: Math.ceil(span.from), to: Math.ceil(span.to) - 1 },
    ...(hourly ? {} : { ...bucketedTime(bucketMs, bucketOffsetMs), fill: 'none' as const }),
    groupByTags: FLOW_TAGS,
  });
}
