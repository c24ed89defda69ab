/**
 * Template variables in raw InfluxQL, substituted by where they stand so that no value can break the query or
 * widen it. The query is scanned with InfluxQL's lexical rules (influxql.ts describes them); each reference gets
 * its value escaped by influxql.ts for the literal it stands in:
 *
 * - in a regex literal (`/^$host$/`): the values as a regex alternation, each value matched literally: one value
 *   as its escaped text, several as `(?:a|b)` (grouped, so the anchors the query wrote hold for every value), none
 *   as a regex that matches nothing;
 * - in a string literal (`'$host'`): the value string-escaped; several values are an error (a string holds one);
 * - in a quoted identifier (`"$measurement"`): the value identifier-escaped; several values are an error;
 * - bare, right after `=~` or `!~`: a whole regex literal that matches exactly the values (`/^(?:a|b)$/`);
 * - bare, right after a comparison (`=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`): a number stays a number, anything else
 *   becomes a string literal; several values are an error (compare with `=~` instead);
 * - bare elsewhere (`FROM $m`, `GROUP BY $tag`, `LIMIT $n`, `time($res)`): a number or a duration stays as it is,
 *   anything else becomes a quoted identifier, several values a comma-separated list of them;
 * - bare inside a name (`cpu_${env}`): only a value of letters, digits and underscores, which lengthens the name,
 *   and never into a keyword; anything else is an error asking to quote the name.
 *
 * Grafana's own InfluxDB datasource inserts a single value bare and unescaped; this module never does.
 *
 * The builtins `$timeFilter`, `$__interval`, `$__interval_ms`, `$__from` and `$__to` are replaced only outside
 * literals and comments, and win over a dashboard variable of the same name. Substitution is one pass: a value that
 * reads `$timeFilter` is inserted as that text, escaped. Nothing is substituted in comments (a value with a newline
 * would end a `--` comment). A reference to an unknown variable is left as written, as Grafana leaves it: InfluxDB
 * then reads it as a missing bound parameter, or as literal text inside a literal; it widens nothing.
 *
 * For builder queries the datasource expands filter values with `expandFilterValue`, builds the query with
 * influxql.ts, then calls this with no variables, so only the builtins are replaced. The result must be sent as is:
 * another interpolation pass (Grafana's `templateSrv.replace`) would undo these guarantees.
 *
 * As a last guard the result is checked: if the query was read-only with N statements, the result must be too,
 * else the substitution is refused.
 */
import {
  classifyInfluxQL,
  InfluxQLBuildError,
  quoteIdentifier,
  quoteRegex,
  quoteString,
  regexAlternation,
} from '../influx/influxql';
import { type VariableReference, variableReferenceAt, type VariableValues } from './variableValues';

/** What the datasource knows of the request; `intervalMs`, `from` and `to` are milliseconds. */
export interface InfluxQLBuiltins {
  /** Grafana's time condition, e.g. `time >= 1700000000000ms and time <= 1700003600000ms`. */
  timeFilter: string;
  /** A duration such as `10s`. */
  interval: string;
  intervalMs?: number;
  from?: number;
  to?: number;
}

export type InterpolationResult = { query: string } | { error: string };

const DURATION = /^[0-9]+(?:ns|u|µ|ms|s|m|h|d|w)$/;
const NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/;
const NAME_PART = /^[A-Za-z0-9_]+$/;

/** InfluxQL's reserved words (influxql's token list), which a lengthened name must not become. */
const KEYWORDS = new Set(
  (
    'ALL ALTER AND ANALYZE ANY AS ASC BEGIN BY CARDINALITY CREATE CONTINUOUS DATABASE DATABASES DEFAULT DELETE DESC ' +
    'DESTINATIONS DIAGNOSTICS DISTINCT DROP DURATION END EVERY EXACT EXPLAIN FALSE FIELD FOR FROM GRANT GRANTS ' +
    'GROUP GROUPS IN INF INSERT INTO KEY KEYS KILL LIMIT MEASUREMENT MEASUREMENTS NAME OFFSET ON OR ORDER PASSWORD ' +
    'POLICIES POLICY PRIVILEGES QUERIES QUERY READ REPLICATION RESAMPLE RETENTION REVOKE SELECT SERIES SET SHARD ' +
    'SHARDS SHOW SLIMIT SOFFSET STATS SUBSCRIPTION SUBSCRIPTIONS TAG TO TRUE USER USERS VALUES WHERE WITH WRITE'
  ).split(' ')
);

/** Keywords after which a `/` opens a regex literal rather than a division. */
const REGEX_AFTER = new Set(['FROM', 'SELECT', 'BY', 'WHERE', 'AND', 'OR', 'ON']);

const BUILTINS = new Set(['timeFilter', '__interval', '__interval_ms', '__from', '__to']);

/**
 * What came before, for deciding what a `/` opens and what a bare reference stands for: `operator` is anything
 * after which an operand is expected (a regex may start there), `operand` anything that ends one.
 */
type Previous = 'start' | 'operator' | 'operand' | 'regexOperator' | 'comparison';

const isIdentChar = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

class InterpolationError extends Error {}

/** The text between the quotes of a literal made by influxql.ts. */
function inner(quoted: string, open: number, close: number): string {
  return quoted.slice(open, quoted.length - close);
}

function describe(reference: VariableReference, text: string): string {
  return `variable ${text.slice(reference.start, reference.end)} (at character ${reference.start + 1})`;
}

class Interpolator {
  private out = '';
  private prev: Previous = 'start';
  /** Dashboard variables substituted, by reference as written. */
  readonly used = new Set<string>();
  /** Statements finished so far, and whether the current one has a token yet. */
  statements = 0;
  private inStatement = false;

  constructor(
    private readonly text: string,
    private readonly variables: VariableValues,
    private readonly builtins: InfluxQLBuiltins
  ) {}

  run(): string {
    const t = this.text;
    const n = t.length;
    let i = 0;
    while (i < n) {
      const c = t[i];
      const next = t[i + 1];
      const comment = (c === '-' && next === '-') || (c === '/' && next === '*' && !this.regexMayStart());
      if (!isSpace(c) && !comment && c !== ';') {
        this.inStatement = true;
      }
      if (isSpace(c)) {
        this.out += c;
        i++;
      } else if (c === '-' && next === '-') {
        const end = t.indexOf('\n', i);
        i = this.copy(i, end < 0 ? n : end);
      } else if (c === '/' && this.regexMayStart()) {
        i = this.quoted(i, '/', 'regex');
        this.prev = 'operand';
      } else if (c === '/' && next === '*') {
        const close = t.indexOf('*/', i + 2);
        i = this.copy(i, close < 0 ? n : close + 2);
      } else if (c === "'") {
        i = this.quoted(i, "'", 'string');
        this.prev = 'operand';
      } else if (c === '"') {
        i = this.quoted(i, '"', 'identifier');
        this.prev = 'operand';
      } else if (c === '$' || (c === '[' && next === '[')) {
        i = this.bareReference(i);
      } else if (isIdentChar(c)) {
        let end = i + 1;
        while (isIdentChar(t[end]) || (t[end] === '.' && /^[0-9]/.test(c))) {
          end++;
        }
        const word = t.slice(i, end).toUpperCase();
        i = this.copy(i, end);
        this.prev = REGEX_AFTER.has(word) ? 'operator' : 'operand';
      } else if ((c === '=' || c === '!') && next === '~') {
        i = this.copy(i, i + 2);
        this.prev = 'regexOperator';
      } else if ((c === '!' || c === '<' || c === '>') && next === '=') {
        i = this.copy(i, i + 2);
        this.prev = 'comparison';
      } else if (c === '<' && next === '>') {
        i = this.copy(i, i + 2);
        this.prev = 'comparison';
      } else if (c === '=' || c === '<' || c === '>') {
        i = this.copy(i, i + 1);
        this.prev = 'comparison';
      } else if (c === ';') {
        i = this.copy(i, i + 1);
        this.prev = 'start';
        this.statements += this.inStatement ? 1 : 0;
        this.inStatement = false;
      } else if (c === ')') {
        i = this.copy(i, i + 1);
        this.prev = 'operand';
      } else {
        i = this.copy(i, i + 1);
        this.prev = 'operator';
      }
    }
    this.statements += this.inStatement ? 1 : 0;
    this.inStatement = false;
    return this.out;
  }

  private regexMayStart(): boolean {
    return this.prev === 'operator' || this.prev === 'regexOperator' || this.prev === 'comparison';
  }

  private copy(from: number, to: number): number {
    this.out += this.text.slice(from, to);
    return to;
  }

  /**
   * A string, identifier or regex literal from its opening quote, with the references inside substituted. One that
   * is not closed is copied as it is, unsubstituted: InfluxDB will refuse it anyway.
   */
  private quoted(start: number, quote: string, kind: 'string' | 'identifier' | 'regex'): number {
    const t = this.text;
    let i = start + 1;
    let body = '';
    while (i < t.length) {
      const c = t[i];
      if (c === quote) {
        this.out += quote + body + quote;
        return i + 1;
      }
      if (c === '\n' || c === '\r') {
        break;
      }
      if (c === '\\') {
        // Escape pairs are copied whole: `\$x` is an escaped dollar in a regex, `\\` one backslash in a string.
        body += t.slice(i, i + 2);
        i += 2;
        continue;
      }
      const reference = c === '$' || c === '[' ? variableReferenceAt(t, i) : undefined;
      const values = reference === undefined ? undefined : this.valuesOf(reference, false);
      if (reference !== undefined && values !== undefined) {
        this.used.add(t.slice(reference.start, reference.end));
        body += this.inLiteral(reference, values, kind);
        i = reference.end;
        continue;
      }
      body += c;
      i++;
    }
    return this.copy(start, i);
  }

  /** The values of a dashboard variable, or undefined for one that is not given (left as written). */
  private valuesOf(reference: VariableReference, bare: boolean): string[] | undefined {
    if (bare && BUILTINS.has(reference.name)) {
      return undefined;
    }
    if (!Object.prototype.hasOwnProperty.call(this.variables, reference.name)) {
      return undefined;
    }
    const variable = this.variables[reference.name];
    if (variable === null || typeof variable !== 'object' || !Array.isArray(variable.values)) {
      throw new InterpolationError(`variable ${reference.name} has no list of values`);
    }
    return [...new Set(variable.values.filter((v): v is string => typeof v === 'string'))];
  }

  private inLiteral(reference: VariableReference, values: string[], kind: 'string' | 'identifier' | 'regex'): string {
    const where = describe(reference, this.text);
    if (kind === 'regex') {
      if (values.length === 1) {
        return inner(quoteRegex(values[0]), 2, 2);
      }
      const alternation = regexAlternation(values);
      return values.length === 0 ? inner(alternation, 1, 1) : inner(alternation, 2, 2);
    }
    const what = kind === 'string' ? 'a string literal' : 'a quoted name';
    if (values.length !== 1) {
      throw new InterpolationError(
        `${where} has ${values.length === 0 ? 'no value' : `${values.length} values`}, but ${what} holds exactly one; ` +
          `match several with a regex such as =~ /^$${reference.name}$/`
      );
    }
    if (kind === 'identifier' && values[0] === '') {
      return '';
    }
    try {
      return kind === 'string' ? inner(quoteString(values[0]), 1, 1) : inner(quoteIdentifier(values[0]), 1, 1);
    } catch (error) {
      const why = error instanceof InfluxQLBuildError ? error.message.replace(/^[a-z ]+ contains/, 'contains') : '';
      const instead = kind === 'string' ? `; match it with a regex such as =~ /^$${reference.name}$/` : '';
      throw new InterpolationError(`the value of ${where} ${why || 'cannot be quoted'}${instead}`);
    }
  }

  private bareReference(start: number): number {
    const t = this.text;
    const reference = variableReferenceAt(t, start);
    if (reference === undefined) {
      this.prev = 'operator';
      return this.copy(start, start + 1);
    }
    const builtin = BUILTINS.has(reference.name) ? this.builtin(reference) : undefined;
    if (builtin !== undefined) {
      this.out += builtin;
      this.prev = 'operand';
      return reference.end;
    }
    const values = this.valuesOf(reference, true);
    if (values === undefined) {
      this.prev = 'operand';
      return this.copy(start, reference.end);
    }
    this.used.add(t.slice(reference.start, reference.end));
    this.out += this.bare(reference, values);
    this.prev = 'operand';
    return reference.end;
  }

  private builtin(reference: VariableReference): string | undefined {
    const b = this.builtins;
    const whole = (n: number | undefined) =>
      typeof n === 'number' && Number.isFinite(n) ? String(Math.round(n)) : undefined;
    switch (reference.name) {
      case 'timeFilter':
        return typeof b.timeFilter === 'string' && b.timeFilter.trim() !== '' ? b.timeFilter : undefined;
      case '__interval':
        // Given as its own macro (a preview that has no interval yet), it stays as written.
        if (b.interval === '$__interval') {
          return undefined;
        }
        if (typeof b.interval !== 'string' || !DURATION.test(b.interval)) {
          throw new InterpolationError(`the interval ${JSON.stringify(b.interval)} is not an InfluxQL duration`);
        }
        return b.interval;
      case '__interval_ms':
        return whole(b.intervalMs);
      case '__from':
        return whole(b.from);
      case '__to':
        return whole(b.to);
      default:
        return undefined;
    }
  }

  private bare(reference: VariableReference, values: string[]): string {
    const t = this.text;
    const where = describe(reference, t);
    const leftWord = isIdentChar(t[reference.start - 1]);
    const rightWord = isIdentChar(t[reference.end]);
    if (leftWord || rightWord) {
      return this.inName(reference, values, where);
    }
    if (this.prev === 'regexOperator') {
      return values.length === 1 ? quoteRegex(values[0]) : regexAlternation(values);
    }
    if (this.prev === 'comparison') {
      if (values.length !== 1) {
        throw new InterpolationError(
          `${where} has ${values.length === 0 ? 'no value' : `${values.length} values`}, but a comparison takes exactly one; ` +
            `compare several with =~ $${reference.name}`
        );
      }
      const value = values[0];
      if (NUMBER.test(value)) {
        return value;
      }
      try {
        return quoteString(value);
      } catch (error) {
        const why = error instanceof InfluxQLBuildError ? error.message.replace(/^[a-z ]+ contains/, 'contains') : '';
        throw new InterpolationError(
          `the value of ${where} ${why || 'cannot be quoted'}; compare it with =~ $${reference.name}`
        );
      }
    }
    if (values.length === 0) {
      throw new InterpolationError(`${where} has no value, and a name cannot be empty`);
    }
    return values
      .map((value) => {
        if (DURATION.test(value) || NUMBER.test(value)) {
          return values.length === 1 ? value : this.name(value, where);
        }
        return this.name(value, where);
      })
      .join(', ');
  }

  private name(value: string, where: string): string {
    if (value === '') {
      throw new InterpolationError(`${where} has an empty value, and a name cannot be empty`);
    }
    try {
      return quoteIdentifier(value);
    } catch (error) {
      const why = error instanceof InfluxQLBuildError ? error.message.replace(/^[a-z ]+ contains/, 'contains') : '';
      throw new InterpolationError(`the value of ${where} ${why || 'cannot be quoted'}`);
    }
  }

  /** A reference glued to a name (`cpu_${env}`): the value may only lengthen the name. */
  private inName(reference: VariableReference, values: string[], where: string): string {
    const t = this.text;
    if (values.length !== 1 || !NAME_PART.test(values[0])) {
      throw new InterpolationError(
        `${where} is part of a name, so its value must be one run of letters, digits and underscores; ` +
          `put the whole name in double quotes to use other values`
      );
    }
    let left = reference.start;
    while (isIdentChar(t[left - 1])) {
      left--;
    }
    let right = reference.end;
    while (isIdentChar(t[right])) {
      right++;
    }
    const word = `${t.slice(left, reference.start)}${values[0]}${t.slice(reference.end, right)}`;
    if (KEYWORDS.has(word.toUpperCase())) {
      throw new InterpolationError(`${where} would turn a name into the keyword ${word.toUpperCase()}`);
    }
    return values[0];
  }
}

/** How many statements a query holds: `;`-separated parts with a token in them, literals and comments read as such. */
export function influxqlStatementCount(text: string): number {
  if (typeof text !== 'string') {
    return 0;
  }
  const scanner = new Interpolator(text, {}, { timeFilter: '', interval: '1s' });
  scanner.run();
  return scanner.statements;
}

/**
 * Substitutes template variables and Grafana's builtins in a raw InfluxQL query, each escaped for where it stands
 * (see the module comment). Never throws; a value that cannot be placed safely gives `{ error }` naming it.
 */
export function interpolateInfluxQL(
  query: string,
  variables: VariableValues,
  builtins: InfluxQLBuiltins
): InterpolationResult {
  if (typeof query !== 'string') {
    return { error: 'the query is not text' };
  }
  const known = typeof variables === 'object' && variables !== null ? variables : {};
  const given = typeof builtins === 'object' && builtins !== null ? builtins : { timeFilter: '', interval: '' };
  let result: string;
  const interpolator = new Interpolator(query, known, given);
  try {
    result = interpolator.run();
  } catch (error) {
    if (error instanceof InterpolationError) {
      return { error: error.message };
    }
    return { error: `the query could not be interpolated: ${error instanceof Error ? error.message : String(error)}` };
  }
  // The last guard: whatever the scan above got wrong, a read-only query stays read-only and keeps its statements.
  if (classifyInfluxQL(query).readOnly) {
    const after = classifyInfluxQL(result);
    const changed = !after.readOnly
      ? after.reason
      : influxqlStatementCount(result) !== influxqlStatementCount(query)
        ? 'the number of statements would change'
        : undefined;
    if (changed !== undefined) {
      const names = [...interpolator.used].join(', ');
      return {
        error: `the values of ${names || 'the variables'} would change what the query does (${changed}); refused`,
      };
    }
  }
  return { query: result };
}
