/**
 * The store path to observations: InfluxQL that asks InfluxDB for the same totals and statistics that
 * `aggregateTelemetry` computes from raw points, grouped by time bucket and by the tags detectors tell
 * apart, so only aggregates leave the store. Controller states, alerts and the inventory are few and are
 * read as records.
 *
 * Differences the store imposes, all documented on `observationsFromInfluxResults`: first and last seen
 * within a bucket are the bucket's bounds, and a point's distinct-value count is known only as "one value"
 * or "more than one" (InfluxQL's count(distinct()) is not among the builder's aggregates).
 */
import { type SelectField, selectQuery } from '../influx/influxql';
import { measurementContract, type StoreKind } from '../telemetryContract';
import { normaliseBucketMs } from './telemetryAggregation';

export type ObservedMeasurement =
  'flow' | 'ot_operation' | 'process_value' | 'controller_state' | 'auth' | 'alert' | 'asset';

export interface ObservationQuery {
  measurement: ObservedMeasurement;
  /** The stores that hold the measurement: send the query to each and hand every answer over. */
  stores: readonly StoreKind[];
  influxql: string;
}

export interface ObservationQueryOptions {
  /** Epoch milliseconds, inclusive. */
  from: number;
  /** Epoch milliseconds, exclusive. */
  to: number;
  bucketMs: number;
  /**
   * Where the buckets start: the epoch's grid (InfluxQL's own) shifted by this many milliseconds, so that a range's
   * first bucket can start where the range does. Taken modulo the bucket; none when omitted.
   */
  bucketOffsetMs?: number;
  /**
   * Only the latest record of each asset series in the range (`ORDER BY time DESC LIMIT 1`), not every record: all
   * the topology uses, and the store stops at each series' newest point instead of reading the range.
   */
  latestAssets?: boolean;
}

export const FLOW_TAGS = [
  'src_ip',
  'dst_ip',
  'src_asset',
  'dst_asset',
  'src_zone',
  'dst_zone',
  'transport',
  'service',
  'dst_port',
] as const;
export const OT_OPERATION_TAGS = [
  'src_ip',
  'dst_ip',
  'src_asset',
  'dst_asset',
  'src_zone',
  'dst_zone',
  'protocol',
  'operation',
  'function_code',
] as const;
export const PROCESS_VALUE_TAGS = ['asset', 'zone', 'point', 'kind', 'unit'] as const;
export const CONTROLLER_STATE_TAGS = ['asset', 'zone'] as const;
export const AUTH_TAGS = ['asset', 'zone', 'src_ip', 'src_asset', 'src_zone', 'user', 'method', 'result'] as const;
export const ALERT_TAGS = ['source', 'severity', 'asset', 'zone', 'src_ip', 'dst_ip', 'technique'] as const;
export const ASSET_TAGS = ['asset', 'zone', 'role', 'vendor', 'model'] as const;

const COUNT_ALL: SelectField = { field: '*', aggregate: 'count' };

/**
 * The count of a measurement's points: of the field every point carries when the contract names one (far
 * cheaper for the store), else of every field. The reader takes the largest `count_` column.
 */
function countPoints(measurement: ObservedMeasurement): SelectField {
  const field = measurementContract(measurement)?.countedBy;
  return field === undefined ? COUNT_ALL : { field, aggregate: 'count', alias: 'count_points' };
}

export type ObservationQueriesResult = { queries: ObservationQuery[] } | { error: string };

/** A bucket offset as the store takes it: whole milliseconds within one bucket (none for a missing or bad one). */
export function bucketOffset(offsetMs: number | undefined, bucketMs: number): number {
  if (offsetMs === undefined || !Number.isFinite(offsetMs)) {
    return 0;
  }
  return ((Math.round(offsetMs) % bucketMs) + bucketMs) % bucketMs;
}

/** The GROUP BY time() options of buckets of `bucketMs` shifted by `offsetMs` (`bucketOffset`), for `selectQuery`. */
export function bucketedTime(bucketMs: number, offsetMs?: number): { groupByTime: string; groupByTimeOffset?: string } {
  const offset = bucketOffset(offsetMs, bucketMs);
  return offset === 0
    ? { groupByTime: `${bucketMs}ms` }
    : { groupByTime: `${bucketMs}ms`, groupByTimeOffset: `${offset}ms` };
}

/**
 * The queries that make observations of [from, to) in buckets of `bucketMs`. Never throws: a bad range
 * yields an error naming it.
 */
export function observationQueries(options: ObservationQueryOptions): ObservationQueriesResult {
  const { from, to } = options;
  if (typeof from !== 'number' || !Number.isFinite(from) || typeof to !== 'number' || !Number.isFinite(to)) {
    return { error: 'from and to must be finite epoch milliseconds' };
  }
  if (to <= from) {
    return { error: `to (${to}) must be after from (${from})` };
  }
  const bucketMs = normaliseBucketMs(options.bucketMs);
  // The builder's range includes its end; points before `to` are those up to its last millisecond.
  const timeRange = { from: Math.ceil(from), to: Math.ceil(to) - 1 };
  const bucketed = bucketedTime(bucketMs, options.bucketOffsetMs);
  try {
    const queries: ObservationQuery[] = [
      {
        measurement: 'flow',
        stores: ['it', 'ot'],
        influxql: selectQuery({
          measurement: 'flow',
          fields: [
            countPoints('flow'),
            { field: 'bytes_out', aggregate: 'sum', alias: 'bytes_out' },
            { field: 'bytes_in', aggregate: 'sum', alias: 'bytes_in' },
          ],
          timeRange,
          ...bucketed,
          groupByTags: FLOW_TAGS,
          fill: 'none',
        }),
      },
      {
        measurement: 'ot_operation',
        stores: ['ot'],
        influxql: selectQuery({
          measurement: 'ot_operation',
          fields: [
            countPoints('ot_operation'),
            { field: 'address', aggregate: 'min', alias: 'min_address' },
            { field: 'address', aggregate: 'max', alias: 'max_address' },
            { field: 'value', aggregate: 'last', alias: 'last_value' },
          ],
          timeRange,
          ...bucketed,
          groupByTags: OT_OPERATION_TAGS,
          fill: 'none',
        }),
      },
      {
        measurement: 'process_value',
        stores: ['ot'],
        influxql: selectQuery({
          measurement: 'process_value',
          fields: (['count', 'mean', 'median', 'min', 'max', 'first', 'last'] as const).map((aggregate) => ({
            field: 'value',
            aggregate,
            alias: aggregate,
          })),
          timeRange,
          ...bucketed,
          groupByTags: PROCESS_VALUE_TAGS,
          fill: 'none',
        }),
      },
      {
        measurement: 'controller_state',
        stores: ['ot'],
        influxql: selectQuery({
          measurement: 'controller_state',
          fields: [{ field: 'mode' }, { field: 'program_hash' }, { field: 'firmware' }],
          timeRange,
          groupByTags: CONTROLLER_STATE_TAGS,
        }),
      },
      {
        measurement: 'auth',
        stores: ['it', 'ot'],
        influxql: selectQuery({
          measurement: 'auth',
          fields: [{ field: 'count', aggregate: 'sum', alias: 'attempts' }, countPoints('auth')],
          timeRange,
          ...bucketed,
          groupByTags: AUTH_TAGS,
          fill: 'none',
        }),
      },
      {
        measurement: 'alert',
        stores: ['it', 'ot'],
        influxql: selectQuery({
          measurement: 'alert',
          fields: [{ field: 'signature' }, { field: 'category' }, { field: 'message' }],
          timeRange,
          groupByTags: ALERT_TAGS,
        }),
      },
      {
        measurement: 'asset',
        stores: ['it', 'ot'],
        influxql: selectQuery({
          measurement: 'asset',
          fields: ['ip', 'firmware', 'criticality', 'vuln_count', 'vuln_known_exploited', 'cvss_max'].map((field) => ({
            field,
          })),
          timeRange,
          groupByTags: ASSET_TAGS,
          ...(options.latestAssets === true ? { orderDesc: true, limit: 1 } : {}),
        }),
      },
    ];
    return { queries };
  } catch (error) {
    return { error: `cannot build the observation queries: ${error instanceof Error ? error.message : String(error)}` };
  }
}
