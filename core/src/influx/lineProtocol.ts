/**
 * InfluxDB 1.x line protocol: encoding telemetry points for the stores and reading line protocol files back.
 *
 * Rules modelled, from InfluxDB 1.x's models/points.go and pkg/escape, and checked against influxd 1.6:
 * - A character right after a backslash never ends an element: `\,` `\ ` `\=` stay inside a measurement, tag or
 *   field key. Unescaping turns `\,` and `\ ` (and in tags and field keys also `\=`) into the bare character; any
 *   other backslash is kept as is, so a backslash needs no escape of its own.
 * - The consequence: a name or tag value cannot end with a backslash (it would escape the delimiter after it).
 * - String field values are double-quoted with `\"` and `\\` escaped; other backslash pairs are kept as they are.
 * - Line protocol has no way to carry CR or LF inside an element: every line is one point.
 * - Tag values cannot be empty; a point needs at least one field; integers carry an `i` suffix, floats none.
 * - A line whose first non-blank character is `#` is a comment; the timestamp is optional and defaults to the time
 *   of writing; its unit is nanoseconds unless the writer says otherwise.
 *
 * Writers build points in code, so `encodePoint` throws a `LineProtocolError` naming the field when a point cannot
 * be written at all (an empty measurement, no fields, a field whose value does not fit its contract type). Values
 * that come from observed traffic are never refused: characters line protocol cannot carry (CR and LF, and a
 * backslash at the very end of a tag value) are replaced by U+FFFD, which cannot collide with a real value.
 * The parser never throws: every malformed line is reported with its line number.
 */
import { type FieldType, measurementContract, type TelemetryPoint } from '../telemetryContract';

export class LineProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LineProtocolError';
  }
}

const REPLACEMENT = '\uFFFD';
const LINE_BREAK = /[\r\n]/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function escapeName(value: string, specials: RegExp): string {
  // Most names and values need no escape; testing first spares the replace its allocation.
  return NEEDS_ESCAPE.test(value) ? value.replace(specials, (c) => '\\' + c) : value;
}

const MEASUREMENT_SPECIALS = /[, ]/g;
const KEY_SPECIALS = /[, =]/g;
const NEEDS_ESCAPE = /[, =]/;

/** Names (measurement, tag keys, field keys) are chosen by code: refuse what line protocol cannot carry. */
function checkName(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new LineProtocolError(`${what} must be a non-empty string`);
  }
  if (/[\x00-\x1f\x7f]/.test(value)) {
    throw new LineProtocolError(`${what} ${JSON.stringify(value)} contains a control character`);
  }
  if (value.endsWith('\\')) {
    throw new LineProtocolError(
      `${what} ${JSON.stringify(value)} ends with a backslash, which line protocol cannot carry`
    );
  }
}

/** Observed values are never refused: what line protocol cannot carry becomes U+FFFD. */
function neutraliseTagValue(value: string): string {
  if (!LINE_BREAK.test(value) && !value.endsWith('\\')) {
    return value;
  }
  const v = value.replace(/[\r\n]/g, REPLACEMENT);
  return v.endsWith('\\') ? v.slice(0, -1) + REPLACEMENT : v;
}

function encodeString(value: string): string {
  return '"' + value.replace(/[\r\n]/g, REPLACEMENT).replace(/["\\]/g, (c) => '\\' + c) + '"';
}

function encodeFloat(value: number, what: string): string {
  if (!Number.isFinite(value)) {
    throw new LineProtocolError(`${what} is ${String(value)}, which InfluxDB cannot store`);
  }
  return String(value);
}

function encodeInteger(value: number, what: string): string {
  if (Number.isSafeInteger(value)) {
    return `${value}i`;
  }
  if (!Number.isInteger(value)) {
    throw new LineProtocolError(`${what} is an integer field, got ${String(value)}`);
  }
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) {
    throw new LineProtocolError(`${what} ${String(value)} is outside the 64-bit integer range`);
  }
  return `${big.toString()}i`;
}

function encodeFieldValue(value: number | string | boolean, type: FieldType | undefined, what: string): string {
  const actual = typeof value;
  if (type === undefined) {
    // A field the contract does not know: its JavaScript type decides.
    if (actual === 'number') {
      return encodeFloat(value as number, what);
    }
    if (actual === 'string') {
      return encodeString(value as string);
    }
    if (actual === 'boolean') {
      return value ? 'true' : 'false';
    }
    throw new LineProtocolError(`${what} must be a number, a string or a boolean, got ${actual}`);
  }
  const expected = type === 'integer' || type === 'float' ? 'number' : type;
  if (actual !== expected) {
    throw new LineProtocolError(`${what} is a ${type} field in the telemetry contract, got a ${actual}`);
  }
  switch (type) {
    case 'integer':
      return encodeInteger(value as number, what);
    case 'float':
      return encodeFloat(value as number, what);
    case 'string':
      return encodeString(value as string);
    case 'boolean':
      return value ? 'true' : 'false';
  }
}

function contractType(fields: Readonly<Record<string, FieldType>> | undefined, key: string): FieldType | undefined {
  return fields !== undefined && Object.hasOwn(fields, key) ? fields[key] : undefined;
}

/** Orders like Go's bytes.Compare over UTF-8, which is code point order (not UTF-16 order). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // UTF-16 order differs from code point order only where a surrogate meets a unit at or above 0xD800.
      return x >= 0xd800 && y >= 0xd800 ? (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y) : x - y;
    }
  }
  return a.length - b.length;
}

/** Names repeat on every point; each distinct one is checked once (bounded, so hostile input cannot grow it). */
const checkedNames = new Set<string>();
const MAX_CHECKED_NAMES = 10_000;

function checkNameOnce(value: string, what: string): void {
  if (checkedNames.has(value)) {
    return;
  }
  checkName(value, what);
  if (checkedNames.size < MAX_CHECKED_NAMES) {
    checkedNames.add(value);
  }
}

/**
 * One point as one line of line protocol (no trailing newline): tags sorted by key and empty tag values left out,
 * as InfluxDB asks; integer fields of the telemetry contract get the `i` suffix, other numbers are floats.
 */
export function encodePoint(point: TelemetryPoint): string {
  const m = point.measurement;
  checkNameOnce(m, 'measurement');
  if (m.startsWith('#')) {
    throw new LineProtocolError(`measurement ${JSON.stringify(m)} starts with #, which makes the line a comment`);
  }
  const contract = measurementContract(m);

  // InfluxDB wants tags ordered by key; keys are unique, so sorting the keys orders the pairs.
  const tagSource = point.tags ?? {};
  const keys = Object.keys(tagSource).sort(compareCodePoints);
  let tags = '';
  for (const key of keys) {
    const value: unknown = tagSource[key];
    checkNameOnce(key, `tag key of ${m}`);
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (typeof value !== 'string') {
      throw new LineProtocolError(`tag ${key} of ${m} must be a string, got ${typeof value}`);
    }
    tags += `,${escapeName(key, KEY_SPECIALS)}=${escapeName(neutraliseTagValue(value), KEY_SPECIALS)}`;
  }

  const fields: string[] = [];
  for (const [key, value] of Object.entries(point.fields ?? {})) {
    if (value === undefined || value === null) {
      continue;
    }
    const what = `field ${key} of ${m}`;
    checkNameOnce(key, `field key of ${m}`);
    if (key.includes('\\')) {
      // InfluxDB reads the field section by backslash pairs, so a backslash would swallow the escape after it.
      throw new LineProtocolError(
        `field key ${JSON.stringify(key)} of ${m} contains a backslash, which line protocol cannot carry`
      );
    }
    fields.push(
      `${escapeName(key, KEY_SPECIALS)}=${encodeFieldValue(value, contractType(contract?.fields, key), what)}`
    );
  }
  if (fields.length === 0) {
    throw new LineProtocolError(`a point of ${m} needs at least one field`);
  }

  if (typeof point.timestampNs !== 'bigint') {
    throw new LineProtocolError(`timestampNs of ${m} must be a bigint of nanoseconds`);
  }
  return `${escapeName(m, MEASUREMENT_SPECIALS)}${tags} ${fields.join(',')} ${point.timestampNs.toString()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export type TimestampPrecision = 'ns' | 'u' | 'ms' | 's';

export interface LineProtocolParseOptions {
  /** Unit of the timestamps in the text; nanoseconds by default, as in InfluxDB. */
  precision?: TimestampPrecision;
  /** Timestamp for lines without one; by default the time of parsing, as InfluxDB uses its clock. */
  defaultTimestampNs?: bigint;
}

export interface LineProtocolIssue {
  line: number;
  message: string;
}

export type ParsedLine =
  | { kind: 'point'; point: TelemetryPoint }
  | { kind: 'blank' }
  | { kind: 'statement' }
  | ({ kind: 'error' } & LineProtocolIssue);

const PRECISION_NS: Record<TimestampPrecision, bigint> = { ns: 1n, u: 1_000n, ms: 1_000_000n, s: 1_000_000_000n };

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

class LineError extends Error {}

/**
 * Sets an own property, even for the key `__proto__`, which plain assignment would take as the object's
 * prototype. Every other key is assigned plainly: defining each property costs several times as much, and
 * parsing sets a dozen per line.
 */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const SPACE = 0x20;
const EQUALS = 0x3d;
const QUOTE = 0x22;

/**
 * Reads one element up to an unescaped comma or space, or also `=` with `atEquals`. InfluxDB has two notions
 * of "unescaped": in the measurement and tags a stop is escaped when the character before it is a backslash;
 * in the field section a backslash and the character after it are skipped as a pair. Characters are compared
 * as codes: indexing would make a string of each.
 */
function scanElement(line: string, start: number, atEquals: boolean, rule: 'previous' | 'pairs'): number {
  const pairs = rule === 'pairs';
  const length = line.length;
  let i = start;
  while (i < length) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH && pairs && i + 1 < length) {
      i += 2;
      continue;
    }
    if (
      (c === COMMA || c === SPACE || (atEquals && c === EQUALS)) &&
      (pairs || i === 0 || line.charCodeAt(i - 1) !== BACKSLASH)
    ) {
      return i;
    }
    i++;
  }
  return i;
}

/**
 * `raw` with each backslash before one of `specials` dropped. Most elements have no backslash and are kept
 * as they are, without a copy.
 */
function unescapeElement(raw: string, specials: string): string {
  let backslash = raw.indexOf('\\');
  if (backslash < 0) {
    return raw;
  }
  let out = '';
  let from = 0;
  while (backslash >= 0 && backslash + 1 < raw.length) {
    if (specials.includes(raw[backslash + 1])) {
      out += raw.slice(from, backslash);
      from = backslash + 1;
      backslash = raw.indexOf('\\', backslash + 2);
    } else {
      backslash = raw.indexOf('\\', backslash + 1);
    }
  }
  return out + raw.slice(from);
}

const INTEGER = /^-?[0-9]+i$/;
const UNSIGNED = /^[0-9]+u$/;
const FLOAT = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
const BOOLEANS: Record<string, boolean> = {
  t: true,
  T: true,
  true: true,
  True: true,
  TRUE: true,
  f: false,
  F: false,
  false: false,
  False: false,
  FALSE: false,
};

function parseNumberOrBoolean(raw: string, key: string): number | boolean {
  if (Object.hasOwn(BOOLEANS, raw)) {
    return BOOLEANS[raw];
  }
  if (INTEGER.test(raw) || UNSIGNED.test(raw)) {
    // Up to 15 digits a number is exact and within range; only longer ones need a bigint to be checked.
    if (raw.length <= (raw.charCodeAt(0) === 0x2d ? 17 : 16)) {
      const value = Number(raw.slice(0, -1));
      return value === 0 ? 0 : value;
    }
    const big = BigInt(raw.slice(0, -1));
    if (big < INT64_MIN || big > (raw.endsWith('u') ? 2n ** 64n - 1n : INT64_MAX)) {
      throw new LineError(`integer ${raw} of field ${key} is out of range`);
    }
    return Number(big);
  }
  if (FLOAT.test(raw)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      throw new LineError(`float ${raw} of field ${key} is out of range`);
    }
    return value;
  }
  throw new LineError(`invalid value ${raw} for field ${key}`);
}

/**
 * The measurement and tags of the series keys a reader has met (the text up to the first unescaped space),
 * parsed once each. A file names few series in very many lines, so most lines skip their tags' parsing, and
 * their points share one frozen tags object, whose values are the same strings from line to line.
 */
interface SeriesMemory {
  readonly known: Map<string, { measurement: string; tags: Readonly<Record<string, string>> }>;
}

/** Series keys remembered per reader; beyond this many, new keys are parsed each time and not kept. */
const MAX_REMEMBERED_SERIES = 50_000;

/** The end of a line's series key: its first space not escaped by a backslash. */
function seriesKeyEnd(line: string, start: number): number {
  const length = line.length;
  for (let i = start; i < length; i++) {
    if (line.charCodeAt(i) === SPACE && line.charCodeAt(i - 1) !== BACKSLASH) {
      return i;
    }
  }
  return length;
}

function parsePoint(line: string, options: LineProtocolParseOptions, memory?: SeriesMemory): TelemetryPoint {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\0')) {
    i++;
  }
  let seriesKey: string | undefined;
  if (memory !== undefined) {
    const keyEnd = seriesKeyEnd(line, i);
    // A line that ends with its series key has no fields, which the full parse below reports.
    if (keyEnd < line.length) {
      seriesKey = line.slice(i, keyEnd);
      const series = memory.known.get(seriesKey);
      if (series !== undefined) {
        return parseFieldsAndTime(line, keyEnd, series.measurement, series.tags, options);
      }
    }
  }

  // Measurement.
  if (line[i] === ',') {
    throw new LineError('missing measurement');
  }
  let end = scanElement(line, i, false, 'previous');
  const measurement = unescapeElement(line.slice(i, end), ', ');
  if (measurement.length === 0) {
    throw new LineError('missing measurement');
  }
  if (end >= line.length) {
    throw new LineError('missing fields');
  }

  // Tags.
  const tags: Record<string, string> = {};
  while (line[end] === ',') {
    const keyStart = end + 1;
    const keyEnd = scanElement(line, keyStart, true, 'previous');
    if (keyEnd === keyStart) {
      throw new LineError('missing tag key');
    }
    const key = unescapeElement(line.slice(keyStart, keyEnd), ',= ');
    if (line[keyEnd] !== '=') {
      throw new LineError(`missing tag value for tag ${key}`);
    }
    const valueStart = keyEnd + 1;
    if (valueStart >= line.length || line[valueStart] === ',' || line[valueStart] === ' ') {
      throw new LineError(`missing tag value for tag ${key}`);
    }
    // As in InfluxDB, the first character of a tag value is never a delimiter, so `k==v` has the value `=v`.
    end = scanElement(line, valueStart + 1, true, 'previous');
    if (line[end] === '=') {
      throw new LineError(`invalid tag format: unescaped = in the value of tag ${key}`);
    }
    // A plain lookup first: it finds nothing for almost every key, where an own-property check costs more.
    if (tags[key] !== undefined && Object.hasOwn(tags, key)) {
      throw new LineError(`duplicate tag ${key}`);
    }
    setOwn(tags, key, unescapeElement(line.slice(valueStart, end), ',= '));
    if (end >= line.length) {
      throw new LineError('missing fields');
    }
  }

  // The tags end at the key's space: a tag value may not start with a space, and any other unescaped space
  // ends the measurement or a tag.
  if (memory !== undefined && seriesKey !== undefined && memory.known.size < MAX_REMEMBERED_SERIES) {
    memory.known.set(seriesKey, { measurement, tags: Object.freeze(tags) });
  }
  return parseFieldsAndTime(line, end, measurement, tags, options);
}

/** The fields and timestamp of a line from `end`, the space after its tags. */
function parseFieldsAndTime(
  line: string,
  from: number,
  measurement: string,
  tags: Readonly<Record<string, string>>,
  options: LineProtocolParseOptions
): TelemetryPoint {
  let end = from;
  // Fields.
  while (line[end] === ' ') {
    end++;
  }
  const fields: Record<string, number | string | boolean> = {};
  for (;;) {
    const keyStart = end;
    const keyEnd = scanElement(line, keyStart, true, 'pairs');
    if (keyEnd === keyStart) {
      throw new LineError('missing field key');
    }
    const key = unescapeElement(line.slice(keyStart, keyEnd), ',= ');
    if (line[keyEnd] !== '=') {
      throw new LineError(`missing field value for field ${key}`);
    }
    const valueStart = keyEnd + 1;
    if (line.charCodeAt(valueStart) === QUOTE) {
      // Copied a run at a time: `\"` and `\\` lose their backslash, any other pair stays as written.
      let j = valueStart + 1;
      let from = j;
      let value = '';
      for (;;) {
        if (j >= line.length) {
          throw new LineError(`unbalanced quotes in the value of field ${key}`);
        }
        const c = line.charCodeAt(j);
        if (c === QUOTE) {
          break;
        }
        if (c === BACKSLASH && j + 1 < line.length) {
          const e = line.charCodeAt(j + 1);
          if (e === QUOTE || e === BACKSLASH) {
            value += line.slice(from, j);
            from = j + 1;
          }
          j += 2;
          continue;
        }
        j++;
      }
      setOwn(fields, key, value + line.slice(from, j));
      end = j + 1;
    } else {
      end = scanElement(line, valueStart, false, 'pairs');
      if (end === valueStart) {
        throw new LineError(`missing field value for field ${key}`);
      }
      setOwn(fields, key, parseNumberOrBoolean(line.slice(valueStart, end), key));
    }
    if (line[end] === ',') {
      end++;
      continue;
    }
    if (end < line.length && line[end] !== ' ') {
      throw new LineError(`invalid field format after field ${key}`);
    }
    break;
  }

  // Timestamp.
  const rest = line.slice(end).trim();
  let timestampNs: bigint;
  if (rest === '') {
    timestampNs = options.defaultTimestampNs ?? nowNs();
  } else {
    if (!/^-?[0-9]+$/.test(rest)) {
      throw new LineError(`bad timestamp ${JSON.stringify(rest.slice(0, 40))}`);
    }
    const precision = options.precision ?? 'ns';
    timestampNs = precision === 'ns' ? BigInt(rest) : BigInt(rest) * PRECISION_NS[precision];
    if (timestampNs < INT64_MIN || timestampNs > INT64_MAX) {
      throw new LineError(`timestamp ${rest} is out of range`);
    }
  }
  return { measurement, tags, fields, timestampNs };
}

/**
 * Parses one line (without its newline) for streaming over large files; `lineNo` is 1-based and only used in
 * the error. Blank lines and `#` comments give `{ kind: 'blank' }`.
 */
export function parseLineProtocolLine(
  line: string,
  lineNo: number,
  options: LineProtocolParseOptions = {}
): ParsedLine {
  return parseLine(line, lineNo, options, undefined);
}

function parseLine(
  line: string,
  lineNo: number,
  options: LineProtocolParseOptions,
  memory: SeriesMemory | undefined
): ParsedLine {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const first = text.search(/[^ \t\0]/);
  if (first < 0 || text[first] === '#') {
    return { kind: 'blank' };
  }
  try {
    return { kind: 'point', point: parsePoint(text, options, memory) };
  } catch (e) {
    const message = e instanceof LineError ? e.message : `unreadable line: ${String(e)}`;
    return { kind: 'error', line: lineNo, message };
  }
}

/** The comments that open the two sections of a file in the layout `influx_inspect export` writes. */
const STATEMENTS_SECTION = '# DDL';
const POINTS_SECTION = '# DML';
/** An InfluxQL statement that changes the schema, as that section holds. */
const STATEMENT = /^(CREATE|DROP|ALTER|GRANT|REVOKE)\s/i;

/**
 * Reads the lines of one file in order, as `parseLineProtocolLine` does, and also understands the layout
 * `influx_inspect export` writes and `influx -import` reads (Conduit's simulator writes it too): a `# DDL`
 * section of InfluxQL statements such as `CREATE DATABASE "conduit_it"`, then `# DML` and the points. Those
 * statements are neither points nor malformed lines; any other line of that section is read as line
 * protocol, so a stray marker hides nothing. A file without the markers is points throughout.
 *
 * The reader remembers the series keys it has parsed (see `SeriesMemory`): points of one series share one
 * frozen tags object.
 */
export function lineProtocolReader(
  options: LineProtocolParseOptions = {}
): (line: string, lineNo: number) => ParsedLine {
  let inStatements = false;
  const memory: SeriesMemory = { known: new Map() };
  return (line, lineNo) => {
    const marker = line.trim();
    if (marker === STATEMENTS_SECTION || marker === POINTS_SECTION) {
      inStatements = marker === STATEMENTS_SECTION;
      return { kind: 'blank' };
    }
    if (inStatements && STATEMENT.test(marker)) {
      return { kind: 'statement' };
    }
    return parseLine(line, lineNo, options, memory);
  };
}

/** Parses a whole text; never throws. Lines without a timestamp all get the same default time. */
export function parseLineProtocol(
  text: string,
  options: LineProtocolParseOptions = {}
): { points: TelemetryPoint[]; errors: LineProtocolIssue[] } {
  const points: TelemetryPoint[] = [];
  const errors: LineProtocolIssue[] = [];
  if (typeof text !== 'string') {
    return { points, errors: [{ line: 0, message: 'line protocol input is not text' }] };
  }
  if (options.precision !== undefined && !Object.hasOwn(PRECISION_NS, options.precision)) {
    return { points, errors: [{ line: 0, message: `unknown precision ${String(options.precision)}` }] };
  }
  const read = lineProtocolReader({ ...options, defaultTimestampNs: options.defaultTimestampNs ?? nowNs() });
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const parsed = read(line, index + 1);
    if (parsed.kind === 'point') {
      points.push(parsed.point);
    } else if (parsed.kind === 'error') {
      errors.push({ line: parsed.line, message: parsed.message });
    }
  });
  return { points, errors };
}
