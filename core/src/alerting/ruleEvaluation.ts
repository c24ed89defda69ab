/**
 * One evaluation of a detection rule as Grafana's alerting engine performs it: each query over its window ending
 * at the evaluation time, every series reduced to a number, math joined across queries by identical labels, the
 * threshold, and one alert instance per series (labelled by its tags) that fires when the condition is non-zero.
 * The rules page previews a rule with it; the replay check runs it at every interval of a past day.
 */
import type { InfluxResponse } from '../influxResponse/influxResponse';
import { type DetectionAlertRule, evaluateMath, mathInputs, type Reducer, type RuleQuery } from './alertRule';

/** One series of a query's answer: its tags and its numeric values in time order. */
export interface QuerySeries {
  labels: Record<string, string>;
  values: number[];
}

export type QueryResults = Record<string, QuerySeries[]>;

/** A number per label set, as Grafana's expressions pass them on. */
interface LabelledNumber {
  labels: Record<string, string>;
  key: string;
  value: number;
}

export interface AlertInstance {
  labels: Record<string, string>;
  /** The value of every expression for this instance, by refId (what `{{ $values.X }}` shows). */
  values: Record<string, number>;
  firing: boolean;
}

/** InfluxQL's `$timeFilter` as Grafana's InfluxDB datasource writes it, for a window in epoch milliseconds. */
export function timeFilter(fromMs: number, toMs: number): string {
  return `time >= ${Math.floor(fromMs)}ms and time <= ${Math.ceil(toMs)}ms`;
}

/** The window a query reads when the rule is evaluated at `atMs`. */
export function queryWindow(query: RuleQuery, atMs: number): { from: number; to: number } {
  const end = atMs - (query.endSeconds ?? 0) * 1000;
  return { from: end - query.windowSeconds * 1000, to: end };
}

/** The query's InfluxQL for an evaluation at `atMs`. */
export function queryTextAt(query: RuleQuery, atMs: number): string {
  const window = queryWindow(query, atMs);
  return query.influxql.split('$timeFilter').join(timeFilter(window.from, window.to));
}

/**
 * The series of the first statement of an InfluxDB answer, with the numbers of its first value column (the
 * aggregate), as Grafana's InfluxDB datasource turns them into frames. Throws with InfluxDB's message when the
 * statement failed.
 */
export function querySeries(response: InfluxResponse): QuerySeries[] {
  if (!response.ok) {
    throw new Error(response.error);
  }
  const statement = response.statements[0];
  if (statement === undefined) {
    return [];
  }
  if (statement.error !== undefined) {
    throw new Error(statement.error);
  }
  return statement.series.map((series) => {
    const column = series.columns.findIndex((name) => name !== 'time');
    const cells = column < 0 ? [] : (series.values[column] ?? []);
    return {
      labels: { ...series.tags },
      values: cells.map((cell) => (typeof cell === 'number' ? cell : Number.NaN)),
    };
  });
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function reduce(values: readonly number[], reducer: Reducer): number {
  // Grafana's "drop non-numeric values" mode: NaN and nulls leave the series before reducing.
  const numbers = values.filter((value) => Number.isFinite(value));
  if (reducer === 'count') {
    return numbers.length;
  }
  if (numbers.length === 0) {
    return Number.NaN;
  }
  switch (reducer) {
    case 'last':
      return numbers[numbers.length - 1];
    case 'max':
      return Math.max(...numbers);
    case 'min':
      return Math.min(...numbers);
    case 'sum':
      return numbers.reduce((total, value) => total + value, 0);
    case 'mean':
      return numbers.reduce((total, value) => total + value, 0) / numbers.length;
  }
}

/** The instances of one evaluation, given each query's series. */
export function evaluateRule(rule: DetectionAlertRule, results: QueryResults): AlertInstance[] {
  const numbers = new Map<string, LabelledNumber[]>();
  for (const expression of rule.expressions) {
    switch (expression.type) {
      case 'reduce': {
        const series = results[expression.input] ?? [];
        numbers.set(
          expression.refId,
          series.map((item) => ({
            labels: item.labels,
            key: labelKey(item.labels),
            value: reduce(item.values, expression.reducer),
          }))
        );
        break;
      }
      case 'threshold': {
        const input = numbers.get(expression.input) ?? [];
        numbers.set(
          expression.refId,
          input.map((item) => ({
            ...item,
            value: Number.isNaN(item.value) ? Number.NaN : Number(item.value > expression.above),
          }))
        );
        break;
      }
      case 'math': {
        const inputs = mathInputs(expression.expression).map((ref) => numbers.get(ref) ?? []);
        // Series of the inputs are joined by identical labels; one present in only some inputs drops out.
        const [first = [], ...rest] = inputs;
        const joined = first.filter((item) => rest.every((other) => other.some((o) => o.key === item.key)));
        numbers.set(
          expression.refId,
          joined.map((item) => {
            const value = evaluateMath(expression.expression, (ref) => {
              const match = (numbers.get(ref) ?? []).find((other) => other.key === item.key);
              return match?.value ?? Number.NaN;
            });
            return { ...item, value };
          })
        );
        break;
      }
    }
  }
  const condition = numbers.get(rule.condition) ?? [];
  return condition.map((item) => {
    const values: Record<string, number> = {};
    for (const expression of rule.expressions) {
      const match = numbers.get(expression.refId)?.find((other) => other.key === item.key);
      if (match !== undefined) {
        values[expression.refId] = match.value;
      }
    }
    return {
      // Grafana lets a rule's label win over a series label of the same name.
      labels: { ...item.labels, ...rule.labels } as Record<string, string>,
      values,
      firing: !Number.isNaN(item.value) && item.value !== 0,
    };
  });
}
