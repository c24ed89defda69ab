/**
 * Telemetry frames: one frame per series of InfluxDB's answer, as Grafana's own InfluxDB datasource shapes them
 * (a time field and the value columns, the series' tags as labels on the values). The core parser has already
 * put each column into an array, so a frame only wraps them.
 */
import { type ColumnType, type InfluxSeries, parseInfluxResponse } from '@conduit/core';
import {
  createDataFrame,
  type DataFrame,
  type Field,
  FieldType,
  type QueryResultMeta,
  type QueryResultMetaNotice,
} from '@grafana/data';

import { warningNotices } from '../frames/frameMeta';

/** Units of the telemetry contract's fields, as Grafana names units; values aggregated without changing unit. */
const FIELD_UNITS: Readonly<Record<string, string>> = {
  bytes_out: 'decbytes',
  bytes_in: 'decbytes',
  duration: 's',
  scan_time_ms: 'ms',
};

/** Aggregations whose result has the unit of the field; counts are plain numbers. */
const UNIT_KEEPING = new Set([
  'sum',
  'mean',
  'median',
  'min',
  'max',
  'first',
  'last',
  'spread',
  'stddev',
  'percentile',
]);

/** The unit of a builder query's value column, when the contract knows the field's unit. */
export function telemetryUnit(field: string | undefined, aggregation: string | undefined): string | undefined {
  if (aggregation === 'count' || aggregation === 'distinct') {
    return 'short';
  }
  const unit = field === undefined ? undefined : FIELD_UNITS[field];
  return unit !== undefined && UNIT_KEEPING.has(aggregation ?? 'mean') ? unit : undefined;
}

export interface TelemetryFrameOptions {
  /** Display name of the value fields; see `aliasName`. */
  alias?: string;
  /** Grafana unit of the value fields. */
  unit?: string;
}

export interface TelemetryFrames {
  frames: DataFrame[];
  /** A failed statement or an unreadable answer; frames of the statements before it are kept. */
  error?: string;
}

function fieldType(type: ColumnType): FieldType {
  switch (type) {
    case 'time':
      return FieldType.time;
    case 'string':
      return FieldType.string;
    case 'boolean':
      return FieldType.boolean;
    case 'mixed':
      return FieldType.other;
    default:
      // Numbers, and columns of nulls only (an empty bucket with fill(null)), which are numbers that are missing.
      return FieldType.number;
  }
}

/**
 * A display name from an alias: `$tag_<key>` is the series' tag, `$m` the measurement and `$col` the column,
 * as in Grafana's InfluxDB datasource.
 */
export function aliasName(alias: string, series: InfluxSeries, column: string): string {
  return alias.replace(/\$tag_([A-Za-z0-9_\-.]+)|\$col\b|\$m\b|\$measurement\b/g, (match, tag?: string) => {
    if (tag !== undefined) {
      return series.tags[tag] ?? '';
    }
    return match === '$col' ? column : series.name;
  });
}

function seriesFrame(
  series: InfluxSeries,
  refId: string,
  options: TelemetryFrameOptions,
  meta: QueryResultMeta
): DataFrame {
  const hasTags = Object.keys(series.tags).length > 0;
  const alias = options.alias ?? '';
  const fields: Array<Partial<Field>> = series.columns.map((column, i) => {
    const type = fieldType(series.types[i]);
    if (type === FieldType.time) {
      return { name: column, type, values: series.values[i] };
    }
    return {
      name: column,
      type,
      values: series.values[i],
      ...(hasTags ? { labels: series.tags } : {}),
      config: {
        ...(alias === '' ? {} : { displayNameFromDS: aliasName(alias, series, column) }),
        ...(options.unit === undefined || type !== FieldType.number ? {} : { unit: options.unit }),
      },
    };
  });
  return createDataFrame({ refId, name: series.name, fields, meta });
}

/** Frames of an InfluxDB 1.x answer (queried with `epoch=ms`). Never throws. */
export function telemetryFrames(
  body: string,
  refId: string,
  statement: string,
  options: TelemetryFrameOptions = {}
): TelemetryFrames {
  const read = parseInfluxResponse(body, { epoch: 'ms' });
  if (!read.ok) {
    return { frames: [], error: read.error };
  }
  const notices: QueryResultMetaNotice[] = warningNotices(read.problems);
  const frames: DataFrame[] = [];
  for (const result of read.statements) {
    if (result.error !== undefined) {
      return { frames, error: result.error };
    }
    const statementNotices = [
      ...notices,
      ...(result.partial
        ? [
            {
              severity: 'warning' as const,
              text: 'InfluxDB cut this answer short (its row limit): narrow the range or the query',
            },
          ]
        : []),
      ...(result.messages ?? []).map((text) => ({ severity: 'info' as const, text })),
    ];
    for (const series of result.series) {
      const hasTime = series.types.includes('time');
      frames.push(
        seriesFrame(series, refId, options, {
          executedQueryString: statement,
          preferredVisualisationType: hasTime ? 'graph' : 'table',
          ...(statementNotices.length > 0 ? { notices: statementNotices } : {}),
        })
      );
    }
  }
  return { frames };
}
