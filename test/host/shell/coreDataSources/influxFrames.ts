import { type DataFrame, type Field, FieldType } from '@grafana/data';

/** One series of InfluxDB 1.x's /query answer (`results[].series[]`). */
export interface InfluxSeries {
  name?: string;
  tags?: Record<string, string>;
  columns: string[];
  values?: unknown[][];
}

export interface InfluxStatementResult {
  statement_id?: number;
  series?: InfluxSeries[];
  error?: string;
}

function fieldType(values: unknown[]): FieldType {
  const first = values.find((value) => value !== null && value !== undefined);
  return typeof first === 'number'
    ? FieldType.number
    : typeof first === 'boolean'
      ? FieldType.boolean
      : FieldType.string;
}

function column(series: InfluxSeries, index: number): unknown[] {
  return (series.values ?? []).map((row) => row[index] ?? null);
}

function valueField(name: string, values: unknown[], extra: Partial<Field> = {}): Field {
  return { name, type: fieldType(values), values, config: {}, ...extra };
}

/**
 * A series' name as Grafana's InfluxQL series naming gives it: the alias with `$tag_<key>`, `$m` and `$col`
 * replaced when the query has one, else `measurement.column {tag: value, ...}`.
 */
export function seriesName(series: InfluxSeries, columnName: string, alias: string | undefined): string {
  const tags = series.tags ?? {};
  if (alias) {
    return alias
      .replace(/\$tag_([\w-]+)|\[\[tag_([\w-]+)\]\]/g, (_, key: string | undefined, bracketed: string | undefined) => {
        return tags[key ?? bracketed ?? ''] ?? '';
      })
      .replace(/\$measurement|\$m\b|\[\[measurement\]\]|\[\[m\]\]/g, series.name ?? '')
      .replace(/\$col\b|\[\[col\]\]/g, columnName);
  }
  const tagText = Object.entries(tags)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  return `${series.name ?? ''}.${columnName}${tagText === '' ? '' : ` {${tagText}}`}`;
}

/** `time_series` format: one frame per series and value column, time first, tags as labels. */
export function timeSeriesFrames(result: InfluxStatementResult, refId: string, alias?: string): DataFrame[] {
  return (result.series ?? []).flatMap((series) => {
    const timeIndex = series.columns.indexOf('time');
    const times = timeIndex === -1 ? [] : column(series, timeIndex);
    return series.columns.flatMap((columnName, index) => {
      if (index === timeIndex) {
        return [];
      }
      const name = seriesName(series, columnName, alias);
      const values = column(series, index);
      const fields: Field[] = [
        ...(timeIndex === -1 ? [] : [{ name: 'Time', type: FieldType.time, values: times, config: {} }]),
        valueField(columnName, values, { labels: series.tags, config: { displayNameFromDS: name } }),
      ];
      return [{ name, refId, fields, length: values.length }];
    });
  });
}

/** `table` format: the series of a statement as one table, time, then the tags grouped by, then the columns. */
export function tableFrame(result: InfluxStatementResult, refId: string): DataFrame[] {
  const series = result.series ?? [];
  if (series.length === 0) {
    return [];
  }
  const tagKeys = [...new Set(series.flatMap((one) => Object.keys(one.tags ?? {})))];
  const columns = [...new Set(series.flatMap((one) => one.columns))];
  const rows = series.flatMap((one) =>
    (one.values ?? []).map((row) => [
      ...tagKeys.map((key) => one.tags?.[key] ?? null),
      ...columns.map((name) => {
        const index = one.columns.indexOf(name);
        return index === -1 ? null : (row[index] ?? null);
      }),
    ])
  );
  const names = [...tagKeys, ...columns];
  const fields: Field[] = names.map((name, index) => {
    const values = rows.map((row) => row[index]);
    return name === 'time' ? { name: 'Time', type: FieldType.time, values, config: {} } : valueField(name, values);
  });
  // Time leads, as in Grafana's InfluxQL tables.
  fields.sort((a, b) => Number(b.type === FieldType.time) - Number(a.type === FieldType.time));
  return [{ refId, fields, length: rows.length }];
}
