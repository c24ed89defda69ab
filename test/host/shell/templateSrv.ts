import {
  type DataFrame,
  dateTime,
  type ScopedVar,
  type ScopedVars,
  type TimeRange,
  type TypedVariableModel,
  type UrlQueryMap,
} from '@grafana/data';
import type { TemplateSrv, VariableInterpolation } from '@grafana/runtime';

/** A dashboard variable as the dashboard JSON stores it (templating.list[]). */
export interface DashboardVariable {
  name: string;
  type: string;
  label?: string;
  hide?: number;
  query?: unknown;
  current?: { text?: string | string[]; value?: string | string[] };
  options?: Array<{ text: string; value: string; selected?: boolean }>;
  includeAll?: boolean;
  allValue?: string | null;
  multi?: boolean;
}

type Value = string | number | boolean | null | undefined | Array<string | number>;

// Grafana's variable syntax: $name, [[name:format]] and ${name.fieldPath:format} (public/app/features/variables/utils.ts).
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;
const ALL = '$__all';

function regexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

function asList(value: Value): string[] {
  if (Array.isArray(value)) {
    return value.map(String);
  }
  return value === undefined || value === null ? [] : [String(value)];
}

/** Grafana's formatRegistry, for the formats a datasource is likely to ask for. */
function formatValue(value: Value, format: string | undefined, name: string): string {
  const list = asList(value);
  const multi = Array.isArray(value);
  const [id, argument] = (format ?? '').split(':', 2);
  switch (id) {
    case 'raw':
    case 'text':
    case 'csv':
      return list.join(',');
    case 'pipe':
      return list.join('|');
    case 'regex':
      return multi && list.length !== 1 ? `(${list.map(regexEscape).join('|')})` : regexEscape(list[0] ?? '');
    case 'json':
      return JSON.stringify(multi ? list : (list[0] ?? ''));
    case 'singlequote':
      return list.map((item) => `'${item.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return list.map((item) => `"${item.replace(/"/g, '\\"')}"`).join(',');
    case 'sqlstring':
      return list.map((item) => `'${item.replace(/'/g, "''")}'`).join(',');
    case 'percentencode':
      return encodeURIComponent(multi ? `{${list.join(',')}}` : (list[0] ?? ''));
    case 'queryparam':
      return list.map((item) => `var-${name}=${encodeURIComponent(item)}`).join('&');
    case 'date': {
      const time = dateTime(Number(list[0]));
      if (argument === 'seconds') {
        return String(Math.floor(time.valueOf() / 1000));
      }
      if (argument === 'iso' || argument === undefined) {
        return argument === 'iso' ? time.toISOString() : String(time.valueOf());
      }
      return time.format(argument);
    }
    case 'glob':
    default:
      return multi && list.length !== 1 ? `{${list.join(',')}}` : (list[0] ?? '');
  }
}

function fieldPathValue(scoped: ScopedVar, fieldPath: string | undefined): Value {
  if (!fieldPath) {
    return scoped.value as Value;
  }
  let current: unknown = scoped.value;
  for (const key of fieldPath.split('.')) {
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current as Value;
}

/**
 * `${__data.fields.<name>}` and `${__data.name}` of a data link, from the row the link belongs to, as Grafana's
 * data macro reads the `__dataContext` scoped variable (public/app/features/templating/macroRegistry.ts).
 */
function dataMacro(context: ScopedVar, fieldPath: string | undefined): { value: Value } | undefined {
  const { frame, rowIndex } = (context.value ?? {}) as { frame?: DataFrame; rowIndex?: number };
  const [kind, fieldName] = (fieldPath ?? '').split('.');
  if (frame === undefined) {
    return undefined;
  }
  if (kind === 'name') {
    return { value: frame.name };
  }
  const field = kind === 'fields' ? frame.fields.find((candidate) => candidate.name === fieldName) : undefined;
  return field === undefined || rowIndex === undefined ? undefined : { value: field.values[rowIndex] as Value };
}

/**
 * Grafana's TemplateSrv (public/app/features/templating/template_srv.ts) over the variables of the open
 * dashboard: scoped variables first, then the built-in `__from`, `__to`, `__user` ..., then the dashboard's
 * variables with their current values (URL `var-<name>` parameters override), `$__all` expanded to every
 * option or to the variable's custom all value.
 */
export class HostTemplateSrv implements TemplateSrv {
  private variables: DashboardVariable[] = [];
  private timeRange: TimeRange | undefined;

  constructor(private readonly user: { login: string; email?: string; id: number; name?: string }) {}

  setDashboardVariables(variables: DashboardVariable[], urlQuery: UrlQueryMap): void {
    this.variables = variables.map((variable) => {
      const fromUrl = urlQuery[`var-${variable.name}`];
      if (fromUrl === undefined || fromUrl === null) {
        return variable;
      }
      const value = Array.isArray(fromUrl) ? fromUrl.map(String) : String(fromUrl);
      return { ...variable, current: { text: value, value } };
    });
  }

  getVariables(): TypedVariableModel[] {
    // The dashboard JSON's own records; Grafana's state objects carry more fields that nothing here reads.
    return this.variables as unknown as TypedVariableModel[];
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.timeRange = timeRange;
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    for (const match of target.matchAll(VARIABLE)) {
      const name = match[1] ?? match[2] ?? match[4];
      if (name && (this.variables.some((variable) => variable.name === name) || name.startsWith('__'))) {
        return true;
      }
    }
    return false;
  }

  replace(
    target?: string,
    scopedVars?: ScopedVars,
    format?: string | Function,
    interpolations?: VariableInterpolation[]
  ): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(
      VARIABLE,
      (match, var1?: string, var2?: string, fmt2?: string, var3?: string, fieldPath?: string, fmt3?: string) => {
        const name = var1 ?? var2 ?? var3 ?? '';
        const explicitFormat = fmt2 ?? fmt3;
        const value = this.lookup(name, scopedVars, fieldPath, explicitFormat);
        if (value === undefined) {
          interpolations?.push({
            match,
            variableName: name,
            fieldPath,
            format: explicitFormat,
            value: match,
            found: false,
          });
          return match;
        }
        let replaced: string;
        if (value.raw) {
          replaced = String(value.value);
        } else if (explicitFormat === undefined && typeof format === 'function') {
          replaced = String(format(value.value, { name }));
        } else {
          replaced = formatValue(
            value.value,
            explicitFormat ?? (typeof format === 'string' ? format : undefined),
            name
          );
        }
        interpolations?.push({
          match,
          variableName: name,
          fieldPath,
          format: explicitFormat,
          value: replaced,
          found: true,
        });
        return replaced;
      }
    );
  }

  private lookup(
    name: string,
    scopedVars: ScopedVars | undefined,
    fieldPath: string | undefined,
    format: string | undefined
  ): { value: Value; raw?: boolean } | undefined {
    if (name === '__data' && scopedVars?.__dataContext) {
      return dataMacro(scopedVars.__dataContext, fieldPath);
    }
    const scoped = scopedVars?.[name];
    if (scoped) {
      return { value: format === 'text' ? (scoped.text as Value) : fieldPathValue(scoped, fieldPath) };
    }
    const builtIn = this.builtIn(name);
    if (builtIn !== undefined) {
      return { value: builtIn };
    }
    const variable = this.variables.find((candidate) => candidate.name === name);
    if (!variable) {
      return undefined;
    }
    const current = format === 'text' ? variable.current?.text : variable.current?.value;
    const values = asList(current as Value);
    if (values.includes(ALL) && variable.includeAll) {
      if (variable.allValue) {
        return { value: variable.allValue, raw: true };
      }
      const all = (variable.options ?? []).map((option) => option.value).filter((value) => value !== ALL);
      return { value: all };
    }
    return { value: (Array.isArray(current) ? values : values[0]) as Value };
  }

  private builtIn(name: string): Value {
    const range = this.timeRange;
    switch (name) {
      case '__from':
        return range?.from.valueOf();
      case '__to':
        return range?.to.valueOf();
      case '__range_ms':
        return range ? range.to.valueOf() - range.from.valueOf() : undefined;
      case '__range_s':
        return range ? Math.round((range.to.valueOf() - range.from.valueOf()) / 1000) : undefined;
      case '__range':
        return range ? `${Math.round((range.to.valueOf() - range.from.valueOf()) / 1000)}s` : undefined;
      case '__user':
        return this.user.login;
      case '__org':
        return 'Main Org.';
      default:
        return undefined;
    }
  }
}
