import { createDataFrame, type DataFrame, type Field, FieldType } from '@grafana/data';

/** What one /query call gave back: frames, or a message naming what was wrong. */
export interface InfluxFrames {
  frames: DataFrame[];
  error?: string;
}

type Cell = string | number | boolean | null;

interface InfluxSeries {
  name?: string;
  tags?: Record<string, string>;
  columns: string[];
  values: Cell[][];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeries(value: unknown): value is InfluxSeries {
  return (
    isRecord(value) &&
    Array.isArray(value.columns) &&
    value.columns.every((c) => typeof c === 'string') &&
    (value.values === undefined || (Array.isArray(value.values) && value.values.every(Array.isArray)))
  );
}

function fieldType(column: string, values: Cell[]): FieldType {
  if (column === 'time') {
    return FieldType.time;
  }
  const sample = values.find((v) => v !== null);
  if (typeof sample === 'number') {
    return FieldType.number;
  }
  return typeof sample === 'boolean' ? FieldType.boolean : FieldType.string;
}

function seriesFrame(series: InfluxSeries, refId: string): DataFrame {
  const rows = series.values ?? [];
  const fields: Array<Partial<Field>> = series.columns.map((column, index) => {
    const values = rows.map((row) => row[index] ?? null);
    return {
      name: column,
      type: fieldType(column, values),
      values,
      // Tags are what the query grouped by; as labels they name each series the way Grafana's own InfluxDB source does.
      labels: column === 'time' ? undefined : series.tags,
    };
  });
  return createDataFrame({ refId, name: series.name, fields });
}

/**
 * Turns an InfluxDB 1.x `/query` response (JSON, `epoch=ms`) into one data frame per series.
 * Never throws: a malformed body or a failed statement comes back as `error`.
 */
export function influxFrames(body: unknown, refId: string): InfluxFrames {
  if (!isRecord(body)) {
    return { frames: [], error: 'InfluxDB answered with something that is not a JSON object' };
  }
  if (typeof body.error === 'string') {
    return { frames: [], error: body.error };
  }
  if (!Array.isArray(body.results)) {
    return { frames: [], error: 'InfluxDB response has no "results" array' };
  }
  const frames: DataFrame[] = [];
  for (const [index, result] of body.results.entries()) {
    if (!isRecord(result)) {
      return { frames, error: `results[${index}] is not an object` };
    }
    if (typeof result.error === 'string') {
      return { frames, error: `statement ${index}: ${result.error}` };
    }
    const series: unknown[] = Array.isArray(result.series) ? result.series : [];
    for (const [seriesIndex, entry] of series.entries()) {
      if (!isSeries(entry)) {
        return { frames, error: `results[${index}].series[${seriesIndex}] has no "columns" list of names` };
      }
      frames.push(seriesFrame(entry, refId));
    }
  }
  return { frames };
}
