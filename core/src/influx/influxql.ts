/**
 * InfluxQL: the one place where identifiers and literals reach a query text.
 *
 * Lexer rules modelled here, read from influxdata/influxql's scanner (scanner.go) and checked against influxd 1.6:
 * - A quoted identifier `"..."` and a string literal `'...'` go through the same routine: `\\` gives `\`, `\"` gives
 *   `"`, `\'` gives `'`, `\n` gives a newline; any other backslash pair is a "bad escape" error, and a raw newline
 *   inside the quotes is a "bad string" error.
 * - The reader turns CR and CRLF into LF before the scanner sees them, and reads NUL as the end of the input, so a
 *   raw CR or NUL can never sit inside a string or an identifier, and no escape produces them either.
 * - A regex literal `/.../` unescapes only `\/` into `/`. Every other backslash passes through and the character after
 *   it is read again, so a backslash right before a slash always escapes that slash. A raw newline is an error. The
 *   text between the slashes is then compiled by Go's regexp package (RE2 syntax).
 * - Comments are `-- ...` to the end of the line and `/* ... *\/`; statements are separated by `;`.
 *
 * Consequences for the escapers:
 * - `quoteString` and `quoteIdentifier` escape `\`, their quote and LF (as `\n`); a value with CR or NUL cannot be
 *   written and is refused with an `InfluxQLBuildError` rather than silently changed into another value. The builder
 *   sidesteps this for tag values by comparing against an exact regex instead, which can say `\r` and `\x00`.
 * - `quoteRegex` writes `\` as `\x5c` (never a bare trailing backslash that would swallow the closing slash), `/` as
 *   `\/`, `$` as `\x24` (so Grafana's `$variable` interpolation can never fire inside a value), every other RE2
 *   metacharacter with a backslash, and control characters as `\xHH`.
 *
 * Grafana macros (`$timeFilter`, `$__interval`) are emitted by the builder as they are: the datasource must
 * substitute them in the built text, and must quote any user value with these functions rather than interpolate it.
 *
 * The builder is called by code with inputs that code controls, so invalid input is a programming error: it throws
 * an `InfluxQLBuildError` whose message names the option at fault. `classifyInfluxQL` never throws.
 */

/** Thrown by the escapers and builders for input that cannot become valid, faithful InfluxQL. */
export class InfluxQLBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfluxQLBuildError';
  }
}

declare const regexLiteralBrand: unique symbol;
/** A complete `/.../` literal made by `quoteRegex` or `regexAlternation`; the only regex a condition accepts. */
export type RegexLiteral = string & { readonly [regexLiteralBrand]: true };

const UNWRITABLE_IN_QUOTES = /[\r\0]/;

function describeUnwritable(value: string): string {
  return value.includes('\0') ? 'a NUL character' : 'a carriage return';
}

function escapeQuoted(value: string, quote: '"' | "'", what: string): string {
  if (UNWRITABLE_IN_QUOTES.test(value)) {
    throw new InfluxQLBuildError(`${what} contains ${describeUnwritable(value)}, which InfluxQL cannot quote`);
  }
  let out = quote;
  for (const ch of value) {
    if (ch === '\\' || ch === quote) {
      out += '\\' + ch;
    } else if (ch === '\n') {
      out += '\\n';
    } else {
      out += ch;
    }
  }
  return out + quote;
}

/** A double-quoted identifier (measurement, tag key, field key, alias, database, retention policy). */
export function quoteIdentifier(name: string): string {
  return identifier(name, 'identifier');
}

/** A single-quoted string literal that the InfluxQL lexer reads back as exactly `value`. */
export function quoteString(value: string): string {
  return escapeQuoted(value, "'", 'string value');
}

function identifier(name: string, what: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InfluxQLBuildError(`${what} must be a non-empty string`);
  }
  return escapeQuoted(name, '"', what);
}

const RE2_METACHARACTERS = new Set(['.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^']);

function hexEscape(code: number): string {
  return '\\x' + code.toString(16).padStart(2, '0');
}

/** The regex text (between the slashes) that matches `value` literally. */
function regexText(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === '$') {
      out += hexEscape(code);
    } else if (ch === '/') {
      out += '\\/';
    } else if (RE2_METACHARACTERS.has(ch)) {
      out += '\\' + ch;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      out += hexEscape(code);
    } else {
      out += ch;
    }
  }
  return out;
}

/** A regex literal that matches exactly `value` and nothing else: anchored, every metacharacter escaped. */
export function quoteRegex(value: string): RegexLiteral {
  return `/^${regexText(value)}$/` as RegexLiteral;
}

/** A regex that matches nothing: an empty class in both RE2 and JavaScript. */
const MATCH_NOTHING = '/[^\\s\\S]/';

/**
 * A regex literal that matches exactly one of `values` (a multi-value template variable). An empty list gives a
 * regex that matches nothing, so `=~` selects no row and `!~` selects every row.
 */
export function regexAlternation(values: readonly string[]): RegexLiteral {
  const unique = [...new Set(values)];
  if (unique.length === 0) {
    return MATCH_NOTHING as RegexLiteral;
  }
  return `/^(?:${unique.map(regexText).join('|')})$/` as RegexLiteral;
}

/**
 * A regex literal that matches a comma-separated list (a chain's `zones`, `techniques`) holding one of `values` as
 * a whole item. An empty list gives a regex that matches nothing.
 */
export function listItemRegex(values: readonly string[]): RegexLiteral {
  const unique = [...new Set(values)];
  if (unique.length === 0) {
    return MATCH_NOTHING as RegexLiteral;
  }
  return `/(?:^|,)(?:${unique.map(regexText).join('|')})(?:,|$)/` as RegexLiteral;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

export type EqualityOperator = '=' | '!=';
export type RegexOperator = '=~' | '!~';

/**
 * A comparison of a tag. With `=`/`!=` the value is a string or a list of strings (a multi-value template
 * variable, matched as an exact alternation); with `=~`/`!~` it is a regex made by `quoteRegex` or
 * `regexAlternation`, never a raw pattern.
 */
export type TagCondition =
  | { tag: string; op: EqualityOperator; value: string | readonly string[] }
  | { tag: string; op: RegexOperator; value: RegexLiteral };

export type Condition = TagCondition | { and: readonly Condition[] } | { or: readonly Condition[] };

/** Whether `value` lexes as exactly one regex literal, so that even a cast string cannot leave it. */
function isRegexLiteral(value: unknown): value is RegexLiteral {
  if (typeof value !== 'string' || value.length < 2 || !value.startsWith('/') || /[\r\n\0]/.test(value)) {
    return false;
  }
  let i = 1;
  while (i < value.length && value[i] !== '/') {
    i += value[i] === '\\' && value[i + 1] === '/' ? 2 : 1;
  }
  return i === value.length - 1;
}

function renderTagCondition(c: TagCondition, path: string): string {
  const tag = identifier(c.tag, `${path}.tag`);
  switch (c.op) {
    case '=':
    case '!=': {
      const value = c.value;
      const regexOp = c.op === '=' ? '=~' : '!~';
      if (typeof value === 'string') {
        // A tag value InfluxQL cannot quote is still matched exactly, through a regex that can say it.
        return UNWRITABLE_IN_QUOTES.test(value)
          ? `${tag} ${regexOp} ${quoteRegex(value)}`
          : `${tag} ${c.op} ${quoteString(value)}`;
      }
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        throw new InfluxQLBuildError(`${path}.value must be a string or a list of strings`);
      }
      if (value.length === 1 && !UNWRITABLE_IN_QUOTES.test(value[0])) {
        return `${tag} ${c.op} ${quoteString(value[0])}`;
      }
      return `${tag} ${regexOp} ${regexAlternation(value)}`;
    }
    case '=~':
    case '!~':
      if (!isRegexLiteral(c.value)) {
        throw new InfluxQLBuildError(`${path}.value must be a regex made by quoteRegex or regexAlternation`);
      }
      return `${tag} ${c.op} ${c.value}`;
    default:
      throw new InfluxQLBuildError(`${path}.op must be one of =, !=, =~, !~`);
  }
}

function renderCondition(c: Condition, path: string): string {
  if ('and' in c || 'or' in c) {
    const isAnd = 'and' in c;
    const children = isAnd ? c.and : c.or;
    const key = isAnd ? 'and' : 'or';
    if (!Array.isArray(children) || children.length === 0) {
      throw new InfluxQLBuildError(`${path}.${key} must list at least one condition`);
    }
    if (children.length === 1) {
      return renderCondition(children[0], `${path}.${key}[0]`);
    }
    const parts = children.map((child, i) => renderCondition(child, `${path}.${key}[${i}]`));
    return `(${parts.join(isAnd ? ' AND ' : ' OR ')})`;
  }
  return renderTagCondition(c, path);
}

/** `a AND b AND ...` over the top-level conditions; groups are parenthesised. */
export function renderConditions(conditions: readonly Condition[], path = 'where'): string {
  return conditions.map((c, i) => renderCondition(c, `${path}[${i}]`)).join(' AND ');
}

// ---------------------------------------------------------------------------------------------------------------
// SELECT

export const AGGREGATES = [
  'count',
  'sum',
  'mean',
  'median',
  'min',
  'max',
  'first',
  'last',
  'distinct',
  'spread',
  'stddev',
  'percentile',
] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface SelectField {
  /** A field key, or `*` for every field. */
  field: string;
  aggregate?: Aggregate;
  /** Required with `percentile`: greater than 0 and at most 100. */
  percentile?: number;
  /** Aggregate the field's distinct values, e.g. `count(distinct("mode"))`: how many different values it took. */
  distinct?: boolean;
  alias?: string;
}

export type Fill = 'null' | 'none' | 'previous' | 'linear' | number;

export interface SelectOptions {
  measurement: string;
  fields: readonly SelectField[];
  where?: readonly Condition[];
  /** Epoch milliseconds, both inclusive like Grafana's `$timeFilter`; or `'grafana'` to emit `$timeFilter`. */
  timeRange?: { from: number; to: number } | 'grafana';
  /** A duration such as `1m`, or `$__interval`. */
  groupByTime?: string;
  /** Shifts the buckets of `groupByTime` from the epoch's grid by a duration (InfluxQL's `time(6h, 2h)`). */
  groupByTimeOffset?: string;
  /** Tag keys, or `*` for every tag. */
  groupByTags?: readonly string[];
  fill?: Fill;
  limit?: number;
  slimit?: number;
  orderDesc?: boolean;
  retentionPolicy?: string;
  database?: string;
}

const DURATION = /^[0-9]+(?:ns|u|µ|ms|s|m|h|d|w)$/;
const GRAFANA_INTERVAL = '$__interval';

/** Checks a GROUP BY time() interval: a positive InfluxQL duration literal or `$__interval`. */
export function validateGroupByTime(value: string, path = 'groupByTime'): string {
  if (value === GRAFANA_INTERVAL) {
    return value;
  }
  if (typeof value !== 'string' || !DURATION.test(value)) {
    throw new InfluxQLBuildError(
      `${path} must be a duration such as 10s, 1m or 1h (units ns, u, µ, ms, s, m, h, d, w) or $__interval, got ${JSON.stringify(value)}`
    );
  }
  if (/^0+[^0-9]/.test(value)) {
    throw new InfluxQLBuildError(`${path} must be longer than zero, got ${value}`);
  }
  return value;
}

function positiveInteger(value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InfluxQLBuildError(`${path} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function renderField(f: SelectField, path: string): string {
  if (f.field === undefined || typeof f.field !== 'string' || f.field.length === 0) {
    throw new InfluxQLBuildError(`${path}.field must be a non-empty string`);
  }
  const key = f.field === '*' ? '*' : identifier(f.field, `${path}.field`);
  if (f.distinct === true && (f.aggregate === undefined || f.aggregate === 'distinct' || f.field === '*')) {
    throw new InfluxQLBuildError(`${path}.distinct needs a field key and an aggregate other than distinct`);
  }
  const arg = f.distinct === true ? `distinct(${key})` : key;
  let expr: string;
  if (f.aggregate === undefined) {
    if (f.percentile !== undefined) {
      throw new InfluxQLBuildError(`${path}.percentile is only meaningful with aggregate 'percentile'`);
    }
    expr = arg;
  } else if (!(AGGREGATES as readonly string[]).includes(f.aggregate)) {
    throw new InfluxQLBuildError(`${path}.aggregate must be one of ${AGGREGATES.join(', ')}`);
  } else if (f.aggregate === 'percentile') {
    const p = f.percentile;
    if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 100) {
      throw new InfluxQLBuildError(`${path}.percentile must be a number above 0 and at most 100`);
    }
    expr = `percentile(${arg}, ${String(p)})`;
  } else {
    if (f.percentile !== undefined) {
      throw new InfluxQLBuildError(`${path}.percentile is only meaningful with aggregate 'percentile'`);
    }
    expr = `${f.aggregate}(${arg})`;
  }
  return f.alias === undefined ? expr : `${expr} AS ${identifier(f.alias, `${path}.alias`)}`;
}

function renderSource(
  measurement: string,
  retentionPolicy: string | undefined,
  database: string | undefined,
  path: string
): string {
  const m = identifier(measurement, `${path}measurement`);
  const rp = retentionPolicy === undefined ? undefined : identifier(retentionPolicy, `${path}retentionPolicy`);
  if (database !== undefined) {
    return `${identifier(database, `${path}database`)}.${rp ?? ''}.${m}`;
  }
  return rp === undefined ? m : `${rp}.${m}`;
}

function renderTimeRange(range: SelectOptions['timeRange']): string | undefined {
  if (range === undefined) {
    return undefined;
  }
  if (range === 'grafana') {
    return '$timeFilter';
  }
  const { from, to } = range;
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new InfluxQLBuildError('timeRange.from and timeRange.to must be finite epoch milliseconds');
  }
  if (from > to) {
    throw new InfluxQLBuildError(`timeRange.from (${from}) is after timeRange.to (${to})`);
  }
  // Whole milliseconds, widened outwards so the range still covers what was asked.
  return `time >= ${Math.floor(from)}ms AND time <= ${Math.ceil(to)}ms`;
}

function renderFill(fill: Fill): string {
  if (typeof fill === 'number') {
    if (!Number.isFinite(fill)) {
      throw new InfluxQLBuildError('fill must be null, none, previous, linear or a finite number');
    }
    return `fill(${String(fill)})`;
  }
  if (!['null', 'none', 'previous', 'linear'].includes(fill)) {
    throw new InfluxQLBuildError('fill must be null, none, previous, linear or a finite number');
  }
  return `fill(${fill})`;
}

/** Builds a SELECT statement; throws `InfluxQLBuildError` naming the option at fault. */
export function selectQuery(options: SelectOptions): string {
  const { fields } = options;
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new InfluxQLBuildError('fields must list at least one field');
  }
  const selected = fields.map((f, i) => renderField(f, `fields[${i}]`));
  let q = `SELECT ${selected.join(', ')} FROM ${renderSource(
    options.measurement,
    options.retentionPolicy,
    options.database,
    ''
  )}`;

  const where = [
    options.where && options.where.length > 0 ? renderConditions(options.where) : undefined,
    renderTimeRange(options.timeRange),
  ].filter((part): part is string => part !== undefined);
  if (where.length > 0) {
    q += ` WHERE ${where.join(' AND ')}`;
  }

  const dimensions: string[] = [];
  if (options.groupByTime !== undefined) {
    validateGroupByTime(options.groupByTime);
    const raw = fields.findIndex((f) => f.aggregate === undefined);
    if (raw >= 0) {
      throw new InfluxQLBuildError(`fields[${raw}] needs an aggregate: groupByTime aggregates every field`);
    }
    if (options.groupByTimeOffset === undefined) {
      dimensions.push(`time(${options.groupByTime})`);
    } else {
      if (typeof options.groupByTimeOffset !== 'string' || !DURATION.test(options.groupByTimeOffset)) {
        throw new InfluxQLBuildError(
          `groupByTimeOffset must be a duration such as 30m or 2h, got ${JSON.stringify(options.groupByTimeOffset)}`
        );
      }
      dimensions.push(`time(${options.groupByTime}, ${options.groupByTimeOffset})`);
    }
  } else if (options.groupByTimeOffset !== undefined) {
    throw new InfluxQLBuildError('groupByTimeOffset needs groupByTime');
  }
  (options.groupByTags ?? []).forEach((tag, i) => {
    dimensions.push(tag === '*' ? '*' : identifier(tag, `groupByTags[${i}]`));
  });
  if (dimensions.length > 0) {
    q += ` GROUP BY ${dimensions.join(', ')}`;
  }
  if (options.fill !== undefined) {
    q += ` ${renderFill(options.fill)}`;
  }
  if (options.orderDesc) {
    q += ' ORDER BY time DESC';
  }
  if (options.limit !== undefined) {
    q += ` LIMIT ${positiveInteger(options.limit, 'limit')}`;
  }
  if (options.slimit !== undefined) {
    q += ` SLIMIT ${positiveInteger(options.slimit, 'slimit')}`;
  }
  return q;
}

// ---------------------------------------------------------------------------------------------------------------
// SHOW

export interface ShowScope {
  database?: string;
  retentionPolicy?: string;
  measurement?: string;
}

function renderOnFrom(scope: ShowScope): string {
  let out = '';
  if (scope.database !== undefined) {
    out += ` ON ${identifier(scope.database, 'database')}`;
  }
  if (scope.measurement !== undefined) {
    out += ` FROM ${renderSource(scope.measurement, scope.retentionPolicy, undefined, '')}`;
  } else if (scope.retentionPolicy !== undefined) {
    throw new InfluxQLBuildError('retentionPolicy needs a measurement in a SHOW query');
  }
  return out;
}

function renderWhereLimit(where: readonly Condition[] | undefined, limit: number | undefined): string {
  let out = '';
  if (where && where.length > 0) {
    out += ` WHERE ${renderConditions(where)}`;
  }
  if (limit !== undefined) {
    out += ` LIMIT ${positiveInteger(limit, 'limit')}`;
  }
  return out;
}

/** `SHOW MEASUREMENTS [ON db] [WHERE ...] [LIMIT n]` */
export function showMeasurementsQuery(
  options: { database?: string; where?: readonly Condition[]; limit?: number } = {}
): string {
  return `SHOW MEASUREMENTS${renderOnFrom({ database: options.database })}${renderWhereLimit(options.where, options.limit)}`;
}

/** `SHOW TAG KEYS [ON db] [FROM m] [WHERE ...] [LIMIT n]` */
export function showTagKeysQuery(options: ShowScope & { where?: readonly Condition[]; limit?: number } = {}): string {
  return `SHOW TAG KEYS${renderOnFrom(options)}${renderWhereLimit(options.where, options.limit)}`;
}

/** `SHOW TAG VALUES [ON db] [FROM m] WITH KEY = "k" | IN ("a", "b") [WHERE ...] [LIMIT n]` */
export function showTagValuesQuery(
  options: ShowScope & { key: string | readonly string[]; where?: readonly Condition[]; limit?: number }
): string {
  const { key } = options;
  let withKey: string;
  if (typeof key === 'string') {
    withKey = `WITH KEY = ${identifier(key, 'key')}`;
  } else if (Array.isArray(key) && key.length > 0) {
    withKey = `WITH KEY IN (${key.map((k, i) => identifier(k, `key[${i}]`)).join(', ')})`;
  } else {
    throw new InfluxQLBuildError('key must be a tag key or a non-empty list of tag keys');
  }
  return `SHOW TAG VALUES${renderOnFrom(options)} ${withKey}${renderWhereLimit(options.where, options.limit)}`;
}

/** `SHOW FIELD KEYS [ON db] [FROM m]` */
export function showFieldKeysQuery(options: ShowScope = {}): string {
  return `SHOW FIELD KEYS${renderOnFrom(options)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Read-only classification

export type InfluxQLClassification = { readOnly: true } | { readOnly: false; reason: string };

/**
 * Whether `text` is only SELECT (without INTO) and SHOW statements, so the datasource may send it.
 *
 * The text is tokenised with the lexer rules above, so `;`, keywords and comment markers inside strings, quoted
 * identifiers and regexes do not count. Whether a `/` opens a regex depends on the parser's position (after `=~` it
 * always does; after FROM, SELECT, BY, `(`, `,`, `.`, `=` or an identifier it may), so where it may, both readings
 * are checked and the text passes only if every reading that lexes passes. InfluxDB parses the whole text before it
 * runs any statement, so a reading that does not lex cannot run. NUL is refused outright: InfluxDB stops reading
 * there, which would hide what follows from this check.
 */
export function classifyInfluxQL(text: string): InfluxQLClassification {
  if (typeof text !== 'string') {
    return { readOnly: false, reason: 'the query is not text' };
  }
  if (text.includes('\0')) {
    return { readOnly: false, reason: 'the query contains a NUL character' };
  }
  let verdict: Verdict;
  try {
    verdict = new Classifier(text).run({ pos: 0, prev: 'start', wsOnly: true, statement: 1, verb: 'none', any: false });
  } catch {
    // Only a pathological text (thousands of nested regex readings) can exhaust the stack.
    return { readOnly: false, reason: 'the query is too complex to check' };
  }
  switch (verdict.kind) {
    case 'ok':
      return { readOnly: true };
    case 'refuse':
      return { readOnly: false, reason: verdict.reason };
    case 'bad':
      return { readOnly: false, reason: `the query cannot be read: ${verdict.reason}` };
  }
}

type Prev = 'start' | 'regexOperator' | 'maybeRegex' | 'other';

interface ScanState {
  pos: number;
  prev: Prev;
  /** Only whitespace (no comment) since the previous token. */
  wsOnly: boolean;
  statement: number;
  verb: 'none' | 'select' | 'show';
  /** Whether any statement was seen. */
  any: boolean;
}

type BadVerdict = { kind: 'bad'; reason: string };
type Verdict = { kind: 'ok' } | { kind: 'refuse'; reason: string } | BadVerdict;

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentChar = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_';
const isNewline = (c: string): boolean => c === '\n' || c === '\r';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || isNewline(c);

class Classifier {
  private readonly memo = new Map<string, Verdict>();

  constructor(private readonly text: string) {}

  run(start: ScanState): Verdict {
    const key = stateKey(start);
    const known = this.memo.get(key);
    if (known) {
      return known;
    }
    const verdict = this.scan({ ...start });
    this.memo.set(key, verdict);
    return verdict;
  }

  private scan(s: ScanState): Verdict {
    const t = this.text;
    const n = t.length;
    // Verdicts of the regex readings of earlier ambiguous slashes; this loop follows the other reading. Each
    // ambiguous slash is a checkpoint whose verdict is memoised too, so every state is scanned once.
    const alternatives: Verdict[] = [];
    const checkpoints: Array<{ key: string; from: number }> = [];
    const settle = (v: Verdict): Verdict => {
      let verdict = v;
      let folded = alternatives.length;
      for (let i = checkpoints.length - 1; i >= 0; i--) {
        for (; folded > checkpoints[i].from; folded--) {
          verdict = combine(alternatives[folded - 1], verdict);
        }
        this.memo.set(checkpoints[i].key, verdict);
      }
      for (; folded > 0; folded--) {
        verdict = combine(alternatives[folded - 1], verdict);
      }
      return verdict;
    };
    while (s.pos < n) {
      const c = t[s.pos];
      const next = t[s.pos + 1] ?? '';
      if (isSpace(c)) {
        s.pos++;
        continue;
      }
      if (c === '-' && next === '-') {
        while (s.pos < n && !isNewline(t[s.pos])) {
          s.pos++;
        }
        s.wsOnly = false;
        continue;
      }
      if (c === '/') {
        const regexCertain = s.prev === 'regexOperator' && s.wsOnly;
        const regexPossible = s.prev === 'regexOperator' || s.prev === 'maybeRegex';
        if (regexPossible && !regexCertain) {
          const key = stateKey(s);
          const known = this.memo.get(key);
          if (known) {
            return settle(known);
          }
          checkpoints.push({ key, from: alternatives.length });
        }
        if (regexPossible) {
          const end = this.regexEnd(s.pos);
          const asRegex = typeof end === 'number' ? this.run({ ...s, pos: end, prev: 'other', wsOnly: true }) : end;
          if (regexCertain || asRegex.kind === 'refuse') {
            return settle(asRegex);
          }
          alternatives.push(asRegex);
        }
        // Read as a division or a block comment, in this loop so that long arithmetic does not deepen the stack.
        if (next === '*') {
          const close = t.indexOf('*/', s.pos + 2);
          if (close < 0) {
            return settle({ kind: 'bad', reason: 'a /* comment is not closed' });
          }
          s.pos = close + 2;
          s.wsOnly = false;
          continue;
        }
        if (s.verb === 'none') {
          return settle({
            kind: 'refuse',
            reason: `statement ${s.statement} starts with /; only SELECT and SHOW statements are allowed`,
          });
        }
        s.pos++;
        s.prev = 'other';
        s.wsOnly = true;
        continue;
      }
      if (c === ';') {
        s.pos++;
        s.statement++;
        s.verb = 'none';
        s.prev = 'start';
        s.wsOnly = true;
        continue;
      }
      // Every other token may start a statement: check the verb first.
      let word: string | undefined;
      if (isLetter(c) || c === '_') {
        let end = s.pos + 1;
        while (end < n && isIdentChar(t[end])) {
          end++;
        }
        word = t.slice(s.pos, end).toUpperCase();
        s.pos = end;
        s.prev = 'maybeRegex';
      }
      if (s.verb === 'none') {
        if (word === 'SELECT' || word === 'SHOW') {
          s.verb = word === 'SELECT' ? 'select' : 'show';
          s.any = true;
          s.wsOnly = true;
          continue;
        }
        const found = word ?? t.slice(s.pos, s.pos + 12);
        return settle({
          kind: 'refuse',
          reason: `statement ${s.statement} starts with ${found}; only SELECT and SHOW statements are allowed`,
        });
      }
      if (word !== undefined) {
        if (word === 'INTO' && s.verb === 'select') {
          return settle({ kind: 'refuse', reason: `statement ${s.statement} is a SELECT ... INTO, which writes` });
        }
        s.wsOnly = true;
        continue;
      }
      const step = this.token(s.pos);
      if (step.kind === 'bad') {
        return settle(step);
      }
      s.pos = step.end;
      s.prev = step.prev;
      s.wsOnly = true;
    }
    return settle(s.any ? { kind: 'ok' } : { kind: 'bad', reason: 'the query is empty' });
  }

  /** Position after the regex literal starting at `pos`, or why it does not lex. */
  private regexEnd(pos: number): number | BadVerdict {
    const t = this.text;
    let i = pos + 1;
    while (i < t.length) {
      const c = t[i];
      if (c === '/') {
        return i + 1;
      }
      if (isNewline(c)) {
        return { kind: 'bad', reason: 'a regex literal contains a newline' };
      }
      // Only \/ is an escape; any other backslash stands alone and the next character is read again.
      i += c === '\\' && t[i + 1] === '/' ? 2 : 1;
    }
    return { kind: 'bad', reason: 'a regex literal is not closed' };
  }

  /** Position after the quoted string or identifier starting at `pos`, or why it does not lex. */
  private quotedEnd(pos: number): number | BadVerdict {
    const t = this.text;
    const quote = t[pos];
    let i = pos + 1;
    while (i < t.length) {
      const c = t[i];
      if (c === quote) {
        return i + 1;
      }
      if (isNewline(c)) {
        return { kind: 'bad', reason: 'a quoted string or identifier contains a newline' };
      }
      if (c === '\\') {
        const e = t[i + 1];
        if (e !== 'n' && e !== '\\' && e !== '"' && e !== "'") {
          return { kind: 'bad', reason: `bad escape \\${e ?? ''} in a quoted string or identifier` };
        }
        i += 2;
        continue;
      }
      i++;
    }
    return { kind: 'bad', reason: 'a quoted string or identifier is not closed' };
  }

  private token(pos: number): { kind: 'token'; end: number; prev: Prev } | BadVerdict {
    const t = this.text;
    const c = t[pos];
    const next = t[pos + 1] ?? '';
    const done = (end: number | BadVerdict, prev: Prev): { kind: 'token'; end: number; prev: Prev } | BadVerdict =>
      typeof end === 'number' ? { kind: 'token', end, prev } : end;
    if (c === "'") {
      return done(this.quotedEnd(pos), 'other');
    }
    if (c === '"') {
      return done(this.quotedEnd(pos), 'maybeRegex');
    }
    if (isDigit(c) || (c === '.' && isDigit(next))) {
      return { kind: 'token', end: numberEnd(t, pos), prev: 'other' };
    }
    if (c === '$') {
      if (next === '"') {
        return done(this.quotedEnd(pos + 1), 'other');
      }
      let end = pos + 1;
      while (end < t.length && isIdentChar(t[end])) {
        end++;
      }
      return { kind: 'token', end, prev: 'other' };
    }
    if ((c === '=' || c === '!') && next === '~') {
      return { kind: 'token', end: pos + 2, prev: 'regexOperator' };
    }
    if (c === '=' || c === '(' || c === ',' || c === '.') {
      return { kind: 'token', end: pos + 1, prev: 'maybeRegex' };
    }
    return { kind: 'token', end: pos + 1, prev: 'other' };
  }
}

/**
 * Where a number starting at `pos` ends, as InfluxDB 1.x's scanner reads it (influxql scanner.go scanNumber): digits,
 * then a full stop and the digits after it; an integer followed by letters or `µ` is a duration literal that also
 * takes the letters and digits after them. A decimal number ends at its last digit, so in `1.5INTO` and `1.INTO` the
 * scanner reads the number and then the keyword INTO (`1INTO` is one, invalid, duration).
 */
function numberEnd(t: string, pos: number): number {
  let end = pos;
  while (end < t.length && isDigit(t[end])) {
    end++;
  }
  if (t[end] === '.') {
    // The full stop belongs to the number even when no digit follows it (`1.` is read as 1).
    end++;
    while (end < t.length && isDigit(t[end])) {
      end++;
    }
    return end;
  }
  if (end < t.length && (isLetter(t[end]) || t[end] === 'µ')) {
    while (end < t.length && (isLetter(t[end]) || isDigit(t[end]) || t[end] === 'µ')) {
      end++;
    }
  }
  return end;
}

function stateKey(s: ScanState): string {
  return `${s.pos}|${s.prev}|${s.wsOnly}|${s.statement}|${s.verb}|${s.any}`;
}

function combine(a: Verdict, b: Verdict): Verdict {
  if (a.kind === 'refuse') {
    return a;
  }
  if (b.kind === 'refuse') {
    return b;
  }
  if (a.kind === 'ok' || b.kind === 'ok') {
    return { kind: 'ok' };
  }
  return a;
}
