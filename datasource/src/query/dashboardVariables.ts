/**
 * The dashboard's template variables as the core's template functions take them: each variable's selected
 * values, with All resolved into every option's value (the core never inserts Grafana's custom all value, see
 * core/src/templateVariables/variableValues.ts). Read from Grafana's template service (`getVariables()`: each
 * model's `current` and `options`), then the request's scoped variables (repeated panels and rows), which win.
 */
import type { VariableValues } from '@conduit/core';
import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** The value Grafana stores for All (`ALL_VARIABLE_VALUE` in Grafana's variable code). */
export const ALL_VARIABLE_VALUE = '$__all';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function texts(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(texts);
  }
  if (typeof value === 'string') {
    return [value];
  }
  return typeof value === 'number' || typeof value === 'boolean' ? [String(value)] : [];
}

function optionValues(model: Record<string, unknown>): string[] {
  const options = Array.isArray(model.options) ? model.options : [];
  return options
    .flatMap((option: unknown) => (isRecord(option) ? texts(option.value) : []))
    .filter((value) => value !== ALL_VARIABLE_VALUE);
}

export function dashboardVariables(
  templateSrv: Pick<TemplateSrv, 'getVariables'> | undefined,
  scopedVars: ScopedVars = {}
): VariableValues {
  const variables: VariableValues = {};
  let models: unknown[] = [];
  try {
    models = templateSrv?.getVariables() ?? [];
  } catch {
    // A template service that cannot list its variables leaves only the scoped ones.
  }
  for (const model of models) {
    if (!isRecord(model) || typeof model.name !== 'string' || !isRecord(model.current)) {
      continue;
    }
    const selected = texts(model.current.value);
    const all = selected.includes(ALL_VARIABLE_VALUE);
    variables[model.name] = {
      values: all ? optionValues(model) : selected,
      all,
      ...(typeof model.includeAll === 'boolean' ? { includeAll: model.includeAll } : {}),
      ...(typeof model.allValue === 'string' ? { allValue: model.allValue } : {}),
    };
  }
  for (const [name, scoped] of Object.entries(scopedVars)) {
    if (name.startsWith('__') || !isRecord(scoped) || !('value' in scoped)) {
      continue;
    }
    const selected = texts(scoped.value);
    const known = variables[name];
    const all = selected.includes(ALL_VARIABLE_VALUE);
    variables[name] = { ...known, values: all ? (known?.values ?? []) : selected, all };
  }
  return variables;
}
