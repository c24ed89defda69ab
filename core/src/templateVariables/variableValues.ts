/**
 * Dashboard template variables as the datasource hands them to the core: each variable's selected values, with
 * All already resolved into the list of every option's value. References follow Grafana's syntax: `$name`,
 * `${name}`, `${name:format}` and the older `[[name]]` / `[[name:format]]`; a name is ASCII letters, digits and
 * underscores. A format is accepted and ignored, because the core escapes by context and a format must not be able
 * to switch that off (`${host:raw}` is escaped like `$host`).
 *
 * All means the listed values, never the variable's custom all value: that is free query text (often `.*`), which
 * could neither be escaped without changing its meaning nor be inserted without widening the query to values that
 * are not options.
 */

export interface VariableValue {
  /** The selected values; with All selected, every option's value. An empty list selects nothing. */
  values: string[];
  includeAll?: boolean;
  /** Grafana's custom all value; kept for reference, never inserted into a query (see above). */
  allValue?: string | null;
  /** Whether All is selected. */
  all?: boolean;
}

export type VariableValues = Record<string, VariableValue>;

/** A variable reference found in a text: `[start, end)` covers it, `name` is what it refers to. */
export interface VariableReference {
  name: string;
  start: number;
  end: number;
}

const isNameChar = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');

function nameEnd(text: string, from: number): number {
  let i = from;
  while (isNameChar(text[i])) {
    i++;
  }
  return i;
}

/** The reference starting at `start` (a `$` or `[[`), or undefined when there is none there. */
export function variableReferenceAt(text: string, start: number): VariableReference | undefined {
  if (text[start] === '$') {
    if (text[start + 1] === '{') {
      const end = nameEnd(text, start + 2);
      if (end === start + 2) {
        return undefined;
      }
      if (text[end] === '}') {
        return { name: text.slice(start + 2, end), start, end: end + 1 };
      }
      if (text[end] === ':') {
        const close = text.indexOf('}', end + 1);
        const format = close < 0 ? '' : text.slice(end + 1, close);
        return close > end + 1 && !/[\s{$]/.test(format)
          ? { name: text.slice(start + 2, end), start, end: close + 1 }
          : undefined;
      }
      return undefined;
    }
    const end = nameEnd(text, start + 1);
    return end === start + 1 ? undefined : { name: text.slice(start + 1, end), start, end };
  }
  if (text[start] === '[' && text[start + 1] === '[') {
    const end = nameEnd(text, start + 2);
    if (end === start + 2) {
      return undefined;
    }
    let close = end;
    if (text[close] === ':') {
      close = nameEnd(text, close + 1);
      if (close === end + 1) {
        return undefined;
      }
    }
    return text[close] === ']' && text[close + 1] === ']'
      ? { name: text.slice(start + 2, end), start, end: close + 2 }
      : undefined;
  }
  return undefined;
}

function valuesOf(variable: VariableValue | undefined): string[] | undefined {
  if (variable === undefined || variable === null || !Array.isArray(variable.values)) {
    return undefined;
  }
  return [...new Set(variable.values.filter((v): v is string => typeof v === 'string'))];
}

/** The most values one filter value may expand into; beyond it the product of several variables is cut. */
export const MAX_EXPANDED_VALUES = 10_000;

/**
 * The concrete values a builder tag filter value stands for: `$zone` with zones `a` and `b` gives `['a', 'b']`,
 * `plc-$n` gives one value per value of `n`, text without a reference gives itself. A reference to a variable that
 * is not in `variables` stays as written, as Grafana leaves it. The values are raw: the builder escapes them
 * through influxql.ts. An empty list means the filter selects nothing.
 */
export function expandFilterValue(value: string, variables: VariableValues): string[] {
  if (typeof value !== 'string') {
    return [];
  }
  const known = typeof variables === 'object' && variables !== null ? variables : {};
  let results: string[] = [''];
  let literalFrom = 0;
  const appendLiteral = (text: string) => {
    results = results.map((r) => r + text);
  };
  for (let i = 0; i < value.length; i++) {
    const reference = variableReferenceAt(value, i);
    if (reference === undefined) {
      continue;
    }
    const values = Object.prototype.hasOwnProperty.call(known, reference.name)
      ? valuesOf(known[reference.name])
      : undefined;
    if (values === undefined) {
      i = reference.end - 1;
      continue;
    }
    appendLiteral(value.slice(literalFrom, reference.start));
    const next: string[] = [];
    for (const prefix of results) {
      for (const v of values) {
        if (next.length >= MAX_EXPANDED_VALUES) {
          break;
        }
        next.push(prefix + v);
      }
    }
    results = next;
    literalFrom = reference.end;
    i = reference.end - 1;
  }
  appendLiteral(value.slice(literalFrom));
  return [...new Set(results)];
}
