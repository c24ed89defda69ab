/**
 * InfluxDB 1.x `/query` answers, read into columns: one array per column, which is the shape Grafana data frames
 * hold, so the datasource only wraps them.
 *
 * The wire format (InfluxDB 1.x HTTP API): `{"results":[{"statement_id":0,"series":[{"name","tags","columns",
 * "values"}],"messages"?,"error"?,"partial"?}],"error"?}`. With `chunked=true` the body is several such objects,
 * one per line; a series or a statement that goes on in the next chunk carries `"partial": true`. With `epoch=<p>`
 * times are integers in that precision, without it RFC3339 text.
 *
 * Never throws. A body that cannot be read at all gives `{ ok: false, error }`; a failed statement keeps its
 * `error`; anything odd inside a series (short rows, mixed column types, unreadable times) is read as well as it
 * can be and named in `problems`.
 *
 * Speed matters (a million values must cost at most half again of `JSON.parse` alone), so the body is parsed once
 * with `JSON.parse` and each series is transposed in one pass per column into preallocated arrays, with no
 * allocation per value.
 */
import { influxTimeToMs } from '../aggregation/influxObservations';
import { countOf } from '../text/countOf';
import { jsonErrorOffset } from '../model/jsonErrorOffset';

export type InfluxCell = number | string | boolean | null;

/** What a column holds, nulls aside; `null` when it holds nothing else, `mixed` when values of several types. */
export type ColumnType = 'time' | 'number' | 'string' | 'boolean' | 'null' | 'mixed';

export interface InfluxSeries {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  /** One array per column, all of the same length; the `time` column holds epoch milliseconds. */
  values: InfluxCell[][];
  types: ColumnType[];
}

export interface InfluxStatement {
  statementId: number;
  series: InfluxSeries[];
  /** `statement <id>: <InfluxDB's message>` when the statement failed. */
  error?: string;
  /** InfluxDB stopped before the end of this statement's result (row limit, or a cut-off chunked answer). */
  partial?: boolean;
  /** InfluxDB's informational messages (`messages: [{level, text}]`), as `level: text`. */
  messages?: string[];
}

export type InfluxResponse =
  { ok: true; statements: InfluxStatement[]; problems: string[] } | { ok: false; error: string };

/** The `epoch` parameter the query was sent with; without one InfluxDB writes RFC3339 times. */
export type EpochPrecision = 'ns' | 'u' | 'µ' | 'ms' | 's' | 'm' | 'h';

export interface InfluxResponseOptions {
  epoch?: EpochPrecision;
}

const EPOCH_TO_MS: Record<EpochPrecision, number> = {
  ns: 1e-6,
  u: 1e-3,
  µ: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 3.6e6,
};

/** Problems of one kind are summed up rather than listed per row. */
interface RowProblem {
  first: number;
  count: number;
  detail: string;
}

// Bits of a column's type mask.
const NUMBER = 1;
const STRING = 2;
const BOOLEAN = 4;
const OTHER = 8;

const TYPE_NAMES: Array<[number, string]> = [
  [NUMBER, 'number'],
  [STRING, 'string'],
  [BOOLEAN, 'boolean'],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column (both from 1) of an offset, for messages a person can find in the body. */
function lineColumn(text: string, offset: number): string {
  if (!text.includes('\n')) {
    return `column ${offset + 1}`;
  }
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** A piece of the body for a message: whitespace runs as one space, in backquotes, cut at `length` characters. */
function excerpt(text: string, length = 80, from: 'start' | 'end' = 'start'): string {
  const flat = text.replace(/\s+/g, ' ');
  if (flat.length <= length) {
    return `\`${flat}\``;
  }
  return from === 'start' ? `\`${flat.slice(0, length)}…\`` : `\`…${flat.slice(-length)}\``;
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value === null) {
    return 'null';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Why a text that `JSON.parse` refused is not JSON: cut off, not JSON at all, or broken at one place. */
function unreadable(text: string, what: string): string {
  const start = text.search(/\S/);
  if (start < 0) {
    return `${what} is empty`;
  }
  if (text[start] !== '{' && text[start] !== '[') {
    return `${what} is not JSON: ${excerpt(text.slice(start))}`;
  }
  const offset = jsonErrorOffset(text) ?? text.length;
  if (offset >= text.length) {
    return `${what} is cut off after ${countOf(text.length, 'character')} (${lineColumn(text, text.length)}): the JSON is incomplete, ending with ${excerpt(text.trimEnd(), 40, 'end')}`;
  }
  return `${what} is not valid JSON at ${lineColumn(text, offset)}: ${excerpt(text.slice(offset), 40)}`;
}

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Statements as they come, before transposition; chunks of one statement are merged here.

interface RawSeries {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  /** Row lists of this series, one per chunk it came in; emptied once the series is transposed. */
  rowLists: unknown[][];
  partial: boolean;
  /** The series in columns, made as soon as its last piece is read so that its rows can be collected early. */
  done?: InfluxSeries;
}

/** The body with every series cut out (see `splitSeries`), and where each series is in the body. */
interface SeriesSource {
  text: string;
  /** Start and end offsets of series k at 2k and 2k + 1. */
  spans: number[];
}

/** Thrown when a series cut out of the body does not parse: the body is then read whole, for the right message. */
class UnreadableSeries extends Error {}

interface RawStatement {
  statementId: number;
  series: RawSeries[];
  error?: string;
  partial: boolean;
  messages: string[];
}

function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (isRecord(value)) {
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      tags[key] = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
    }
  }
  return tags;
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

function seriesLabel(statementId: number, index: number, name: string, tags: Record<string, string>): string {
  const tagText = Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const title = name === '' ? 'unnamed' : name;
  return `statement ${statementId}, series ${index} (${tagText === '' ? title : `${title} {${tagText}}`})`;
}

class Reader {
  readonly statements: RawStatement[] = [];
  readonly problems: string[] = [];
  private readonly byId = new Map<number, RawStatement>();

  constructor(
    private readonly options: InfluxResponseOptions,
    private readonly source?: SeriesSource
  ) {}

  /** Transposes the series still waiting (those whose last piece said more was coming). */
  finish(): void {
    for (const statement of this.statements) {
      statement.series.forEach((series, index) => this.transpose(statement, series, index));
    }
  }

  private transpose(statement: RawStatement, series: RawSeries, index: number): void {
    if (series.done === undefined) {
      const label = seriesLabel(statement.statementId, index, series.name, series.tags);
      series.done = transposeSeries(series, label, this.options, this.problems);
      series.rowLists = [];
    }
  }

  /** Reads one answer object (the whole body, or one chunk); a message when it has no results to read. */
  answer(body: unknown, where: string): string | undefined {
    if (!isRecord(body)) {
      return `${where} is ${describeJson(body)}, not an object with "results"`;
    }
    const topError = typeof body.error === 'string' && body.error !== '' ? body.error : undefined;
    if (body.results === undefined || body.results === null) {
      return topError !== undefined ? `InfluxDB: ${topError}` : `${where} has no "results" list`;
    }
    if (!Array.isArray(body.results)) {
      return `${where} has "results" that is ${describeJson(body.results)}, not a list`;
    }
    if (topError !== undefined) {
      this.problems.push(`InfluxDB: ${topError}`);
    }
    body.results.forEach((result: unknown, index) => this.result(result, index));
    return undefined;
  }

  private result(result: unknown, index: number): void {
    if (!isRecord(result)) {
      this.statement(index).error ??= `statement ${index}: not a statement result but ${describeJson(result)}`;
      return;
    }
    const id =
      typeof result.statement_id === 'number' && Number.isSafeInteger(result.statement_id)
        ? result.statement_id
        : index;
    const statement = this.statement(id);
    statement.partial = result.partial === true;
    if (typeof result.error === 'string' && result.error !== '') {
      statement.error ??= `statement ${id}: ${result.error}`;
    }
    if (Array.isArray(result.messages)) {
      for (const m of result.messages) {
        if (isRecord(m) && typeof m.text === 'string') {
          statement.messages.push(typeof m.level === 'string' ? `${m.level}: ${m.text}` : m.text);
        }
      }
    }
    if (result.series === undefined || result.series === null) {
      return;
    }
    if (!Array.isArray(result.series)) {
      this.problems.push(`statement ${id}: "series" is ${describeJson(result.series)}, not a list`);
      return;
    }
    for (const entry of result.series as unknown[]) {
      this.series(statement, entry);
    }
  }

  private statement(id: number): RawStatement {
    let statement = this.byId.get(id);
    if (statement === undefined) {
      statement = { statementId: id, series: [], partial: false, messages: [] };
      this.byId.set(id, statement);
      this.statements.push(statement);
    }
    return statement;
  }

  private series(statement: RawStatement, cut: unknown): void {
    const index = statement.series.length;
    const entry = typeof cut === 'number' && this.source !== undefined ? this.cutOut(cut) : cut;
    if (!isRecord(entry)) {
      this.problems.push(
        `statement ${statement.statementId}, series ${index}: not a series but ${describeJson(entry)}`
      );
      return;
    }
    const name = typeof entry.name === 'string' ? entry.name : '';
    const tags = tagsOf(entry.tags);
    const previous = statement.series[statement.series.length - 1];
    // A chunked answer splits a long series into pieces marked partial; the piece that follows has the same key.
    const continues =
      previous !== undefined && previous.partial && previous.name === name && sameTags(previous.tags, tags);
    const label = seriesLabel(statement.statementId, continues ? index - 1 : index, name, tags);
    const columns = entry.columns;
    if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
      this.problems.push(
        `${label}: ${columns === undefined ? 'no "columns" list' : '"columns" is not a list of names'}; series skipped`
      );
      return;
    }
    let rows: unknown[];
    if (Array.isArray(entry.values)) {
      rows = entry.values;
    } else {
      rows = [];
      this.problems.push(
        `${label}: ${entry.values === undefined ? 'no "values" list' : '"values" is not a list of rows'}; read as no rows`
      );
    }
    if (continues && previous !== undefined) {
      previous.rowLists.push(rows);
      previous.partial = entry.partial === true;
      if (!previous.partial) {
        this.transpose(statement, previous, index - 1);
      }
      return;
    }
    const series: RawSeries = {
      name,
      tags,
      columns: columns.slice(),
      rowLists: [rows],
      partial: entry.partial === true,
    };
    statement.series.push(series);
    if (!series.partial) {
      this.transpose(statement, series, index);
    }
  }

  private cutOut(k: number): unknown {
    const source = this.source as SeriesSource;
    const start = source.spans[2 * k];
    const end = source.spans[2 * k + 1];
    if (start === undefined || end === undefined) {
      throw new UnreadableSeries();
    }
    try {
      return JSON.parse(source.text.slice(start, end)) as unknown;
    } catch {
      throw new UnreadableSeries();
    }
  }
}

/** Whether the quote at `q` ends a string, i.e. is not escaped by an odd run of backslashes. */
function unescapedQuote(text: string, q: number): boolean {
  let b = q - 1;
  while (text.charCodeAt(b) === 92) {
    b--;
  }
  return (q - 1 - b) % 2 === 0;
}

/** The offset just after the object that starts at `start` (a `{`), strings read as such; -1 when it does not end. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let q = text.indexOf('"', i + 1);
      while (q >= 0 && !unescapedQuote(text, q)) {
        q = text.indexOf('"', q + 1);
      }
      if (q < 0) {
        return -1;
      }
      i = q;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if ((c === 125 || c === 93) && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const SERIES_KEY = '"series":[';

/**
 * Cuts every series out of an answer, leaving its number in its place: `"series":[{...},{...}]` becomes
 * `"series":[0,1]`. Parsing the rest and each series apart, and transposing each series at once, lets its rows die
 * young; parsed whole, the rows of every series would still be alive, and copied by the garbage collector, while
 * the columns are made. Undefined when the body does not have the usual shape; it is then parsed whole.
 */
function splitSeries(text: string): { skeleton: string; spans: number[] } | undefined {
  const spans: number[] = [];
  let skeleton = '';
  let copied = 0;
  let at = text.indexOf(SERIES_KEY);
  while (at >= 0) {
    if (!unescapedQuote(text, at)) {
      at = text.indexOf(SERIES_KEY, at + 1);
      continue;
    }
    const open = at + SERIES_KEY.length;
    skeleton += text.slice(copied, open);
    let i = skipSpace(text, open);
    const numbers: number[] = [];
    while (text[i] === '{') {
      const end = objectEnd(text, i);
      if (end < 0) {
        return undefined;
      }
      numbers.push(spans.length / 2);
      spans.push(i, end);
      i = skipSpace(text, end);
      if (text[i] === ',') {
        i = skipSpace(text, i + 1);
      } else {
        break;
      }
    }
    if (text[i] !== ']') {
      return undefined;
    }
    skeleton += numbers.join(',');
    copied = i;
    at = text.indexOf(SERIES_KEY, i);
  }
  return spans.length === 0 ? undefined : { skeleton: skeleton + text.slice(copied), spans };
}

// ---------------------------------------------------------------------------------------------------------------
// Transposition

function columnType(mask: number, isTime: boolean): ColumnType {
  if (isTime) {
    return 'time';
  }
  switch (mask & ~OTHER) {
    case 0:
      return 'null';
    case NUMBER:
      return 'number';
    case STRING:
      return 'string';
    case BOOLEAN:
      return 'boolean';
    default:
      return 'mixed';
  }
}

function typeNames(mask: number): string {
  const names = TYPE_NAMES.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function note(problems: Map<string, RowProblem>, key: string, row: number, detail: string): void {
  const known = problems.get(key);
  if (known === undefined) {
    problems.set(key, { first: row, count: 1, detail });
  } else {
    known.count++;
  }
}

/** One row list per chunk into one list; the common single chunk is used as it is. */
function joinRows(lists: unknown[][]): unknown[] {
  if (lists.length === 1) {
    return lists[0];
  }
  let total = 0;
  for (const list of lists) {
    total += list.length;
  }
  const rows = new Array<unknown>(total);
  let at = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      rows[at++] = list[i];
    }
  }
  return rows;
}

/** The rows as lists of exactly `width` cells: short rows padded with null, long ones cut, non-lists all null. */
function regularRows(rows: unknown[], width: number, label: string, problems: string[]): unknown[][] {
  let bad = -1;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== width) {
      bad = r;
      break;
    }
  }
  if (bad < 0) {
    return rows as unknown[][];
  }
  const fixed = rows.slice() as unknown[][];
  let count = 0;
  let firstDetail = '';
  for (let r = bad; r < rows.length; r++) {
    const row = rows[r];
    if (Array.isArray(row) && row.length === width) {
      continue;
    }
    if (count === 0) {
      firstDetail = Array.isArray(row)
        ? `row ${r} has ${countOf(row.length, 'value')} for ${countOf(width, 'column')}`
        : `row ${r} is ${describeJson(row)}, not a list of values`;
    }
    count++;
    const cells = new Array<unknown>(width).fill(null);
    if (Array.isArray(row)) {
      for (let c = 0; c < width && c < row.length; c++) {
        cells[c] = row[c];
      }
    }
    fixed[r] = cells;
  }
  problems.push(
    `${label}: ${firstDetail}${count > 1 ? ` (${countOf(count, 'row')} in all)` : ''}; missing values read as null, extra ones dropped`
  );
  return fixed;
}

function typeBit(v: unknown): number {
  const t = typeof v;
  return t === 'number' ? NUMBER : t === 'string' ? STRING : t === 'boolean' ? BOOLEAN : OTHER;
}

/**
 * Rows into columns, one pass over the rows. The list of rows itself becomes the first column: each row is
 * replaced by its first cell once read, so a series costs one array fewer and its rows turn to garbage as the pass
 * goes, which is most of what the garbage collector would otherwise copy. `rows` must be the parser's own list.
 */
function transposeRows(rows: unknown[][], width: number, masks: number[]): InfluxCell[][] {
  const m = rows.length;
  const columns = new Array<InfluxCell[]>(width);
  if (width === 0) {
    return columns;
  }
  for (let c = 1; c < width; c++) {
    columns[c] = new Array<InfluxCell>(m);
  }
  const first = rows as unknown as InfluxCell[];
  let firstMask = 0;
  for (let r = 0; r < m; r++) {
    const row = rows[r];
    for (let c = 1; c < width; c++) {
      const v = row[c] as InfluxCell;
      columns[c][r] = v;
      if (v !== null) {
        masks[c] |= typeBit(v);
      }
    }
    const v0 = row[0] as InfluxCell;
    first[r] = v0;
    if (v0 !== null) {
      firstMask |= typeBit(v0);
    }
  }
  masks[0] = firstMask;
  columns[0] = first;
  return columns;
}

/** Replaces objects and lists (which no InfluxDB column holds) by null. */
function dropStructured(out: InfluxCell[], column: string, label: string, problems: string[]): void {
  const found = new Map<string, RowProblem>();
  for (let r = 0; r < out.length; r++) {
    const v: unknown = out[r];
    if (v !== null && typeof v === 'object') {
      note(found, 'structured', r, describeJson(v));
      out[r] = null;
    }
  }
  const p = found.get('structured');
  if (p !== undefined) {
    problems.push(
      `${label}: column "${column}" holds ${p.detail} at row ${p.first}${p.count > 1 ? ` (${countOf(p.count, 'row')} in all)` : ''}; read as null`
    );
  }
}

/** Times to epoch milliseconds, in place; a cell that holds no time becomes null and is reported. */
function convertTimes(out: InfluxCell[], epoch: EpochPrecision | undefined, label: string, problems: string[]): void {
  const factor = epoch === undefined ? undefined : EPOCH_TO_MS[epoch];
  let bad = -1;
  let badCount = 0;
  if (factor === 1) {
    // The usual case (epoch=ms): numbers are already what Grafana wants, only check them.
    for (let r = 0; r < out.length; r++) {
      const v = out[r];
      if (typeof v !== 'number') {
        const ms = influxTimeToMs(v);
        out[r] = ms ?? null;
        if (ms === undefined && v !== null) {
          bad = bad < 0 ? r : bad;
          badCount++;
        }
      }
    }
  } else {
    for (let r = 0; r < out.length; r++) {
      const v = out[r];
      let ms: number | undefined;
      if (typeof v === 'number' && factor !== undefined) {
        ms = Number.isFinite(v) ? Math.floor(v * factor) : undefined;
      } else {
        ms = influxTimeToMs(v);
      }
      // A null time comes from a row already reported as short; only a time that is there but unreadable is news.
      if (ms === undefined && v !== null) {
        bad = bad < 0 ? r : bad;
        badCount++;
      }
      out[r] = ms ?? null;
    }
  }
  if (badCount > 0) {
    problems.push(
      `${label}: row ${bad} has no readable time${badCount > 1 ? ` (${countOf(badCount, 'row')} in all)` : ''}; read as null`
    );
  }
}

function transposeSeries(
  raw: RawSeries,
  label: string,
  options: InfluxResponseOptions,
  problems: string[]
): InfluxSeries {
  const columns = raw.columns;
  const width = columns.length;
  const rows = regularRows(joinRows(raw.rowLists), width, label, problems);
  const masks = new Array<number>(width).fill(0);
  const values = transposeRows(rows, width, masks);
  const types: ColumnType[] = new Array<ColumnType>(width);
  for (let c = 0; c < width; c++) {
    const out = values[c];
    const mask = masks[c];
    if ((mask & OTHER) !== 0) {
      dropStructured(out, columns[c], label, problems);
    }
    const isTime = columns[c] === 'time';
    if (isTime) {
      convertTimes(out, options.epoch, label, problems);
    } else if ((mask & (NUMBER | STRING | BOOLEAN)) !== 0 && columnType(mask, false) === 'mixed') {
      problems.push(`${label}: column "${columns[c]}" mixes ${typeNames(mask)} values; kept as they are`);
    }
    types[c] = columnType(mask, isTime);
  }
  return { name: raw.name, tags: raw.tags, columns, values, types };
}

// ---------------------------------------------------------------------------------------------------------------

/** Parses an InfluxDB 1.x `/query` body (plain or chunked) into columnar series. Never throws. */
export function parseInfluxResponse(body: string, options: InfluxResponseOptions = {}): InfluxResponse {
  try {
    return parse(body, options);
  } catch (error) {
    // Unreachable by design; kept so that a bug here shows as an error message rather than a broken panel.
    return {
      ok: false,
      error: `InfluxDB's answer could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function parse(body: string, options: InfluxResponseOptions): InfluxResponse {
  if (typeof body !== 'string') {
    return { ok: false, error: `InfluxDB's answer is ${describeJson(body)}, not text` };
  }
  if (options.epoch !== undefined && !(options.epoch in EPOCH_TO_MS)) {
    return { ok: false, error: `epoch must be one of ${Object.keys(EPOCH_TO_MS).join(', ')}` };
  }
  if (body.trim() === '') {
    return { ok: false, error: 'InfluxDB answered with an empty body' };
  }
  let reader = readFast(body, options);
  if (reader === undefined) {
    reader = new Reader(options);
    const whole = tryParse(body);
    if (whole !== undefined) {
      const error = reader.answer(whole.value, "InfluxDB's answer");
      if (error !== undefined) {
        return { ok: false, error };
      }
    } else {
      const chunked = readChunks(body, reader);
      if (chunked !== undefined) {
        return { ok: false, error: chunked };
      }
    }
  }
  reader.finish();
  const statements = reader.statements.map((raw): InfluxStatement => {
    const statement: InfluxStatement = {
      statementId: raw.statementId,
      series: raw.series.map((s) => s.done).filter((s): s is InfluxSeries => s !== undefined),
    };
    if (raw.error !== undefined) {
      statement.error = raw.error;
    }
    if (raw.partial || raw.series.some((s) => s.partial)) {
      statement.partial = true;
      reader.problems.push(`statement ${raw.statementId}: InfluxDB returned only part of the result`);
    }
    if (raw.messages.length > 0) {
      statement.messages = raw.messages;
    }
    return statement;
  });
  return { ok: true, statements, problems: reader.problems };
}

/** The answer read series by series (see `splitSeries`), or undefined when it must be read whole. */
function readFast(body: string, options: InfluxResponseOptions): Reader | undefined {
  const split = splitSeries(body);
  if (split === undefined) {
    return undefined;
  }
  const skeleton = tryParse(split.skeleton);
  if (skeleton === undefined) {
    return undefined;
  }
  const reader = new Reader(options, { text: body, spans: split.spans });
  try {
    // A body whose rest has no results is left to the whole reading, which says so.
    return reader.answer(skeleton.value, "InfluxDB's answer") === undefined ? reader : undefined;
  } catch (error) {
    if (error instanceof UnreadableSeries) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Reads a chunked body, one JSON object per line. Returns a message when the body is not chunked JSON either;
 * a chunk that breaks after readable ones (a connection cut mid-answer) keeps what came before.
 */
function readChunks(body: string, reader: Reader): string | undefined {
  const lines = body.split('\n');
  const chunks = lines.map((text, line) => ({ text, line: line + 1 })).filter((l) => l.text.trim() !== '');
  const first = chunks.length > 1 ? tryParse(chunks[0].text) : undefined;
  if (first === undefined || !isRecord(first.value)) {
    return unreadable(body, "InfluxDB's answer");
  }
  for (const [index, chunk] of chunks.entries()) {
    const where = `chunk ${index + 1} of ${chunks.length} (line ${chunk.line})`;
    const parsed = index === 0 ? first : tryParse(chunk.text);
    if (parsed === undefined) {
      const why = unreadable(chunk.text, where);
      if (index === 0) {
        return `InfluxDB's chunked answer: ${why}`;
      }
      // The last chunk read says, through its partial flag, whether its statement was still going on.
      reader.problems.push(`InfluxDB's chunked answer: ${why}; the chunks before it are kept`);
      return undefined;
    }
    const error = reader.answer(parsed.value, where);
    if (error !== undefined) {
      if (index === 0) {
        return error;
      }
      reader.problems.push(error);
    }
  }
  return undefined;
}
