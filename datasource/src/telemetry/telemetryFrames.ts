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

function seriesFrame(series: InfluxSeries, refId: string, alias: string, meta: QueryResultMeta): DataFrame {
  const hasTags = Object.keys(series.tags).length > 0;
  const fields: Array<Partial<Field>> = series.columns.map((column, i) => {
    const type = fieldType(series.types[i]);
    const isTime = type === FieldType.time;
    return {
      name: column,
      type,
      values: series.values[i],
      ...(isTime || !hasTags ? {} : { labels: series.tags }),
      ...(isTime || alias === '' ? {} : { config: { displayNameFromDS: aliasName(alias, series, column) } }),
    };
  });
  return createDataFrame({ refId, name: series.name, fields, meta });
}

/** Frames of an InfluxDB 1.x answer (queried with `epoch=ms`). Never throws. */
export function telemetryFrames(body: string, refId: string, statement: string, alias = ''): TelemetryFrames {
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
        seriesFrame(series, refId, alias, {
          executedQueryString: statement,
          preferredVisualisationType: hasTime ? 'graph' : 'table',
          ...(statementNotices.length > 0 ? { notices: statementNotices } : {}),
        })
      );
    }
  }
  return { frames };
}
