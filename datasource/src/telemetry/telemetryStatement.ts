/**
 * The telemetry query's InfluxQL: put together from the visual builder's parts by the core builder (which
 * quotes every identifier and value), or written by hand with Grafana's macros and dashboard variables, which the
 * core substitutes by where each one stands (core/src/templateVariables/influxqlInterpolation.ts).
 *
 * Macros, as Grafana's own InfluxDB datasource names them: `$timeFilter` is the panel's range
 * (`time >= <from>ms and time <= <to>ms`), `$__interval` the bucket width chosen for the panel (see
 * downsampling.ts), `$__interval_ms` the same in milliseconds, `$__from` and `$__to` the range's ends.
 */
import {
  type Condition,
  type Fill,
  type InfluxQLBuiltins,
  type InterpolationResult,
  type SelectField,
  selectQuery,
} from '@conduit/core';

import { durationLiteral } from '../query/downsampling';
import type { ConduitQuery, FillOption } from '../types';

export type BuiltStatement = { ok: true; statement: string } | { ok: false; error: string };

export interface StatementContext {
  /** Epoch milliseconds, both inclusive (Grafana's range). */
  from: number;
  to: number;
  /** The GROUP BY time() width, already chosen for the panel. */
  intervalMs: number;
  /** The values a filter value stands for: itself, or the values of the variables it names. */
  filterValues(value: string): readonly string[];
  /** Substitutes macros and dashboard variables in a hand-written statement, escaped for where each one lands. */
  interpolate(text: string, builtins: InfluxQLBuiltins): InterpolationResult;
}

function fillOf(fill: FillOption | undefined): Fill | undefined {
  if (fill === undefined) {
    return undefined;
  }
  return fill === '0' ? 0 : fill;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The builder's statement. Never throws: a part that cannot be written comes back as a message naming it. */
export function builderStatement(query: ConduitQuery, context: StatementContext): BuiltStatement {
  const measurement = (query.measurement ?? '').trim();
  if (measurement === '') {
    return { ok: false, error: 'choose a measurement' };
  }
  const field = (query.field ?? '').trim();
  if (field === '') {
    return { ok: false, error: 'choose a field' };
  }
  const aggregate = query.aggregation ?? 'mean';
  const selected: SelectField = {
    field,
    aggregate,
    ...(aggregate === 'percentile' ? { percentile: query.percentile ?? 95 } : {}),
  };
  const where: Condition[] = [];
  for (const filter of query.tagFilters ?? []) {
    if (filter.tag.trim() === '') {
      continue;
    }
    where.push({ tag: filter.tag, op: filter.operator, value: filter.values ?? context.filterValues(filter.value) });
  }
  try {
    const statement = selectQuery({
      measurement,
      fields: [selected],
      where,
      timeRange: { from: context.from, to: context.to },
      groupByTime: durationLiteral(context.intervalMs),
      groupByTags: (query.groupByTags ?? []).filter((tag) => tag.trim() !== ''),
      ...(query.fill === undefined ? {} : { fill: fillOf(query.fill) }),
    });
    return { ok: true, statement };
  } catch (error) {
    return { ok: false, error: `the telemetry query cannot be built: ${errorText(error)}` };
  }
}

/** The statement written by hand, with macros and variables substituted by the core. */
export function rawStatement(query: ConduitQuery, context: StatementContext): BuiltStatement {
  const text = (query.rawQuery ?? '').trim();
  if (text === '') {
    return { ok: false, error: 'write an InfluxQL statement' };
  }
  const from = Math.floor(context.from);
  const to = Math.ceil(context.to);
  const interpolated = context.interpolate(text, {
    timeFilter: `time >= ${from}ms and time <= ${to}ms`,
    interval: durationLiteral(context.intervalMs),
    intervalMs: Math.round(context.intervalMs),
    from,
    to,
  });
  if ('error' in interpolated) {
    return { ok: false, error: `the statement's variables cannot be substituted: ${interpolated.error}` };
  }
  return { ok: true, statement: interpolated.query };
}
