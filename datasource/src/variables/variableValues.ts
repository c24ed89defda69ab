/**
 * What a dashboard variable can list: zones (from the zone model), assets (optionally of some zones),
 * measurements, tag keys, tag values and protocols (from the stores, through SHOW statements the core builds,
 * so every name and value in them is quoted). Values come back as a frame with `text` and `value` fields, which
 * Grafana's variable support reads as the options.
 */
import {
  type Condition,
  parseInfluxResponse,
  showMeasurementsQuery,
  showTagKeysQuery,
  showTagValuesQuery,
  type StoreKind,
} from '@conduit/core';

import type { PlantModel } from '../plantModel';
import type { ConduitVariableQuery } from '../types';

export interface VariableOption {
  text: string;
  value: string;
}

/** A SHOW statement for one or both stores; the values are the union of what every store lists. */
export interface StoreLookup {
  stores: readonly StoreKind[];
  statement: string;
}

export type VariablePlan =
  | { kind: 'static'; options: VariableOption[] }
  | { kind: 'stores'; lookups: StoreLookup[]; extra: VariableOption[] }
  | { kind: 'error'; error: string };

export interface VariableContext {
  plant: PlantModel;
  /** Resolves a value that may be a variable: its values, or undefined for All. */
  filterValues(value: string): readonly string[] | undefined;
}

const BOTH: readonly StoreKind[] = ['it', 'ot'];
/** A variable with more options than this is unusable anyway; the stores stop there. */
const MAX_OPTIONS = 10_000;

function storesOf(query: ConduitVariableQuery): readonly StoreKind[] {
  return query.store === 'it' || query.store === 'ot' ? [query.store] : BOTH;
}

function oneValue(text: string | undefined, context: VariableContext): string | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') {
    return undefined;
  }
  return context.filterValues(trimmed)?.[0];
}

function zonesOption(query: ConduitVariableQuery, context: VariableContext): readonly string[] | undefined {
  const zone = (query.zone ?? '').trim();
  return zone === '' ? undefined : context.filterValues(zone);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to ask for a variable query. Never throws. */
export function variablePlan(query: ConduitVariableQuery, context: VariableContext): VariablePlan {
  const { plant } = context;
  try {
    switch (query.kind) {
      case 'zones':
        if (!plant.ok) {
          return { kind: 'error', error: `zone model: ${plant.problems[0]}` };
        }
        return { kind: 'static', options: plant.model.zones.map((zone) => ({ text: zone.name, value: zone.id })) };
      case 'assets': {
        const zones = zonesOption(query, context);
        const where: Condition[] = zones === undefined ? [] : [{ tag: 'zone', op: '=', value: zones }];
        const extra = plant.ok
          ? plant.model.assets
              .filter((asset) => zones === undefined || (asset.zone !== undefined && zones.includes(asset.zone)))
              .map((asset) => ({ text: asset.name, value: asset.name }))
          : [];
        return {
          kind: 'stores',
          lookups: [
            {
              stores: storesOf(query),
              statement: showTagValuesQuery({ measurement: 'asset', key: 'asset', where, limit: MAX_OPTIONS }),
            },
          ],
          extra,
        };
      }
      case 'measurements':
        return {
          kind: 'stores',
          lookups: [{ stores: storesOf(query), statement: showMeasurementsQuery({ limit: MAX_OPTIONS }) }],
          extra: [],
        };
      case 'tagKeys': {
        const measurement = oneValue(query.measurement, context);
        return {
          kind: 'stores',
          lookups: [
            {
              stores: storesOf(query),
              statement: showTagKeysQuery(measurement === undefined ? {} : { measurement }),
            },
          ],
          extra: [],
        };
      }
      case 'tagValues': {
        const measurement = oneValue(query.measurement, context);
        const key = oneValue(query.tagKey, context);
        if (key === undefined) {
          return { kind: 'error', error: 'tag values need a tag key' };
        }
        return {
          kind: 'stores',
          lookups: [
            {
              stores: storesOf(query),
              statement: showTagValuesQuery({
                ...(measurement === undefined ? {} : { measurement }),
                key,
                limit: MAX_OPTIONS,
              }),
            },
          ],
          extra: [],
        };
      }
      case 'protocols':
        return {
          kind: 'stores',
          lookups: [
            {
              stores: storesOf(query),
              statement: showTagValuesQuery({ measurement: 'flow', key: 'service', limit: MAX_OPTIONS }),
            },
            {
              stores: storesOf(query).filter((store) => store === 'ot'),
              statement: showTagValuesQuery({ measurement: 'ot_operation', key: 'protocol', limit: MAX_OPTIONS }),
            },
          ],
          extra: [],
        };
      default:
        return { kind: 'error', error: `unknown variable query kind ${JSON.stringify(query.kind)}` };
    }
  } catch (error) {
    return { kind: 'error', error: `the variable query cannot be built: ${errorText(error)}` };
  }
}

/** The values a SHOW answer lists: the `value` column of SHOW TAG VALUES, else the last column. */
export function shownValues(body: string): { ok: true; values: string[] } | { ok: false; error: string } {
  const read = parseInfluxResponse(body, { epoch: 'ms' });
  if (!read.ok) {
    return { ok: false, error: read.error };
  }
  const values: string[] = [];
  for (const statement of read.statements) {
    if (statement.error !== undefined) {
      return { ok: false, error: statement.error };
    }
    for (const series of statement.series) {
      const named = series.columns.indexOf('value');
      const column = named >= 0 ? named : series.columns.length - 1;
      for (const value of series.values[column] ?? []) {
        if (value !== null) {
          values.push(String(value));
        }
      }
    }
  }
  return { ok: true, values };
}

/** Options without repeats, in the order first seen, then sorted by text for a stable list. */
export function uniqueOptions(options: readonly VariableOption[]): VariableOption[] {
  const seen = new Map<string, VariableOption>();
  for (const option of options) {
    if (!seen.has(option.value)) {
      seen.set(option.value, option);
    }
  }
  return [...seen.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}
