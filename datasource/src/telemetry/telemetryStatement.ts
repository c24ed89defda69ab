/**
 * The telemetry query's InfluxQL: put together from the visual builder's parts by the core builder (which
 * quotes every identifier and value), or written by hand with Grafana's macros.
 *
 * Macros, as Grafana's own InfluxDB datasource names them: `$timeFilter` is the panel's range
 * (`time >= <from>ms and time <= <to>ms`), `$__interval` the bucket width chosen for the panel (see
 * downsampling.ts), `$__interval_ms` the same in milliseconds. Dashboard variables are then substituted by the
 * caller-supplied interpolation, which escapes every value for where it lands.
 */
import { type Condition, type Fill, type SelectField, selectQuery } from '@conduit/core';

import { durationLiteral } from '../query/downsampling';
import type { ConduitQuery, FillOption } from '../types';

export type BuiltStatement = { ok: true; statement: string } | { ok: false; error: string };

export interface StatementContext {
  /** Epoch milliseconds, both inclusive (Grafana's range). */
  from: number;
  to: number;
  /** The GROUP BY time() width, already chosen for the panel. */
  intervalMs: number;
  /**
   * The values a filter value stands for: one literal, the values of a (multi-value) variable, or undefined for
   * a variable set to All, which drops the filter.
   */
  filterValues(value: string): readonly string[] | undefined;
  /** Substitutes dashboard variables in a hand-written statement, escaped for where each one lands. */
  interpolate(text: string): string;
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
    const values = context.filterValues(filter.value);
    if (values !== undefined) {
      where.push({ tag: filter.tag, op: filter.operator, value: values });
    }
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

const MACROS = /\$(timeFilter|__interval_ms|__interval)\b|\$\{(timeFilter|__interval_ms|__interval)\}/g;

/** The statement written by hand, with macros and variables substituted. */
export function rawStatement(query: ConduitQuery, context: StatementContext): BuiltStatement {
  const text = (query.rawQuery ?? '').trim();
  if (text === '') {
    return { ok: false, error: 'write an InfluxQL statement' };
  }
  const interval = durationLiteral(context.intervalMs);
  const withMacros = text.replace(MACROS, (_match, plain?: string, braced?: string) => {
    switch (plain ?? braced) {
      case 'timeFilter':
        return `time >= ${Math.floor(context.from)}ms and time <= ${Math.ceil(context.to)}ms`;
      case '__interval_ms':
        return String(Math.round(context.intervalMs));
      default:
        return interval;
    }
  });
  try {
    return { ok: true, statement: context.interpolate(withMacros) };
  } catch (error) {
    return { ok: false, error: `the statement's variables cannot be substituted: ${errorText(error)}` };
  }
}
