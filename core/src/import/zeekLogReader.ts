/**
 * Reads Zeek logs line by line, in either of the two formats Zeek writes: its tab-separated format
 * (a `#`-directive header naming separator, set separator, empty and unset markers, fields and types)
 * and JSON (one object per line, unset fields left out). Both come out as the same `ZeekRecord`, so the
 * converters never know which format a record came from. One line in, one result out: no buffering.
 */

import { countBetween, countItemBetween, epochNsBetween, parseCount, parseZeekTime } from './zeekValues';

export type ZeekLogFormat = 'tsv' | 'json';
export const ZEEK_LOG_FORMATS: readonly ZeekLogFormat[] = ['tsv', 'json'];

/** One log record, read by Zeek field name (`id.orig_h`, `func`). */
export interface ZeekRecord {
  /** The field's value as text: undefined when the field is unset or absent, '' when it is empty. */
  value(field: string): string | undefined;
  /** A set or vector field's elements: undefined when unset or absent, [] when empty. */
  list(field: string): string[] | undefined;
  /**
   * A set or vector field's elements as one text, joined by `,` whatever separator the log declares: undefined when
   * unset or absent, '' when empty. For memos keyed by the whole list.
   */
  listText(field: string): string | undefined;
  /**
   * A Zeek `time` field in nanoseconds since the epoch: undefined when unset or absent, null when its text is not a
   * time. Read without cutting the text out where the format allows.
   */
  time(field: string): bigint | undefined | null;
  /**
   * A vector of counts' first element, every element checked (coil states `T` and `F` read as 1 and 0): undefined
   * when unset, absent or empty, NaN when some element is not a count. Read without cutting the elements out
   * where the format allows.
   */
  firstCount(field: string): number | undefined;
  /**
   * A Zeek `count` field (1 to 15 digits) as a number: undefined when unset or absent, NaN when the text is not a
   * count. Read without cutting the text out where the format allows.
   */
  count(field: string): number | undefined;
  /** Whether the log declares the field at all (TSV) or the record carries it (JSON). */
  has(field: string): boolean;
}

export type ZeekLineResult =
  | { type: 'record'; record: ZeekRecord }
  /** A header directive, a comment or a blank line. */
  | { type: 'header' }
  | { type: 'malformed'; message: string };

export interface ZeekLogReader {
  /** The format, once the first meaningful line has told it (or as fixed by the caller). */
  readonly format: ZeekLogFormat | undefined;
  /** The log's name from `#path` (TSV) or `_path` (JSON), when the log says it. */
  readonly path: string | undefined;
  /** The fields the current TSV header declares (a new array for each `#fields`), undefined for JSON. */
  readonly fields: readonly string[] | undefined;
  /**
   * A record answered here is read before the next line: the reader may reuse it for that line. A TSV log's data
   * lines under one header (`#path`, `#fields`) get the same answer object, so what depends only on the header can
   * be worked out once per answer object.
   */
  readLine(line: string): ZeekLineResult;
}

const HEADER: ZeekLineResult = { type: 'header' };

/** The defaults Zeek's ASCII writer uses, for logs whose header leaves a directive out. */
const DEFAULT_SEPARATOR = '\t';
const DEFAULT_SET_SEPARATOR = ',';
const DEFAULT_EMPTY_FIELD = '(empty)';
const DEFAULT_UNSET_FIELD = '-';

interface TsvSchema {
  fields: string[];
  index: Map<string, number>;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
}

/**
 * A converter asks for the same fields in the same order on every line, so the record remembers that order with
 * each field's column: the next question is usually the remembered one, answered by comparing one string.
 */
class FieldTrace {
  /** Questions per line remembered at most; a converter asks a few dozen. */
  private static readonly LENGTH = 64;
  private readonly asked: string[] = [];
  private readonly columns: number[] = [];
  private position = 0;

  constructor(private readonly index: Map<string, number>) {}

  /** Called at each new line. */
  rewind(): void {
    this.position = 0;
  }

  /** The field's column, or -1 when the header does not declare it. */
  column(field: string): number {
    const at = this.position++;
    if (this.asked[at] === field) {
      return this.columns[at];
    }
    const column = this.index.get(field) ?? -1;
    if (at < FieldTrace.LENGTH) {
      this.asked[at] = field;
      this.columns[at] = column;
    }
    return column;
  }
}

/**
 * A TSV data line read in place: where each field starts, found with `indexOf`, and a field cut out only when a
 * converter asks for it. One record per header serves every line under it (the reader's answer is used before
 * the next line is read), so reading a line allocates nothing but the fields asked for.
 */
class TsvRecord implements ZeekRecord {
  private line = '';
  /**
   * Where the line's first and last backslashes are (-1 when it has none): only a field between them may carry a
   * `\xHH` escape, so a line with an escaped payload still has its other fields read in place.
   */
  private firstBackslash = -1;
  private lastBackslash = -1;
  /** Where field i starts; field i ends one before where field i + 1 starts (the last ends at the line's end). */
  readonly starts: Int32Array;
  private readonly trace: FieldTrace;

  constructor(readonly schema: TsvSchema) {
    this.starts = new Int32Array(schema.fields.length + 1);
    this.trace = new FieldTrace(schema.index);
  }

  /** Takes the next line, whose field starts the reader has just written into `starts`. */
  reset(line: string): void {
    this.line = line;
    this.firstBackslash = line.indexOf('\\');
    this.lastBackslash = this.firstBackslash < 0 ? -1 : line.lastIndexOf('\\');
    this.trace.rewind();
  }

  value(field: string): string | undefined {
    const i = this.trace.column(field);
    return i < 0 ? undefined : this.text(i);
  }

  list(field: string): string[] | undefined {
    const text = this.value(field);
    if (text === undefined) {
      return undefined;
    }
    return text === '' ? [] : text.split(this.schema.setSeparator);
  }

  listText(field: string): string | undefined {
    const text = this.value(field);
    const separator = this.schema.setSeparator;
    return text === undefined || separator === DEFAULT_SET_SEPARATOR ? text : text.split(separator).join(',');
  }

  has(field: string): boolean {
    // Through the trace too: converters ask which layout a record has on every line, in the same order.
    return this.trace.column(field) >= 0;
  }

  count(field: string): number | undefined {
    const i = this.trace.column(field);
    if (i < 0) {
      return undefined;
    }
    const start = this.starts[i];
    const end = this.starts[i + 1] - 1;
    if (this.mayBeEscaped(start, end)) {
      const text = this.text(i);
      return text === undefined ? undefined : parseCount(text);
    }
    return this.fieldIs(start, end, this.schema.unsetField) ? undefined : countBetween(this.line, start, end);
  }

  time(field: string): bigint | undefined | null {
    const i = this.trace.column(field);
    if (i < 0) {
      return undefined;
    }
    const start = this.starts[i];
    const end = this.starts[i + 1] - 1;
    if (!this.mayBeEscaped(start, end) && !this.fieldIs(start, end, this.schema.unsetField)) {
      const epoch = epochNsBetween(this.line, start, end);
      if (epoch !== undefined) {
        return epoch;
      }
    }
    const text = this.text(i);
    return text === undefined ? undefined : (parseZeekTime(text) ?? null);
  }

  firstCount(field: string): number | undefined {
    const i = this.trace.column(field);
    if (i < 0) {
      return undefined;
    }
    const start = this.starts[i];
    const end = this.starts[i + 1] - 1;
    const { unsetField, emptyField, setSeparator } = this.schema;
    if (this.mayBeEscaped(start, end) || setSeparator.length !== 1) {
      const text = this.text(i);
      return firstCountOf(text === undefined || text === '' ? undefined : text.split(setSeparator));
    }
    if (start === end || this.fieldIs(start, end, unsetField) || this.fieldIs(start, end, emptyField)) {
      return undefined;
    }
    const separator = setSeparator.charCodeAt(0);
    let first: number | undefined;
    let itemStart = start;
    for (let at = start; at <= end; at++) {
      if (at === end || this.line.charCodeAt(at) === separator) {
        const item = countItemBetween(this.line, itemStart, at);
        if (Number.isNaN(item)) {
          return NaN;
        }
        first ??= item;
        itemStart = at + 1;
      }
    }
    return first;
  }

  /** Column i's text: undefined when unset, '' when empty, escapes decoded. */
  private text(i: number): string | undefined {
    const start = this.starts[i];
    const end = this.starts[i + 1] - 1;
    const { unsetField, emptyField } = this.schema;
    if (this.fieldIs(start, end, unsetField)) {
      return undefined;
    }
    if (this.fieldIs(start, end, emptyField)) {
      return '';
    }
    const text = this.line.slice(start, end);
    return this.mayBeEscaped(start, end) ? unescapeZeek(text) : text;
  }

  /** Whether the field from start to end may hold a backslash. */
  private mayBeEscaped(start: number, end: number): boolean {
    return this.firstBackslash >= 0 && this.firstBackslash < end && this.lastBackslash >= start;
  }

  /** Whether the field from start to end is exactly `marker`, compared in place. */
  private fieldIs(start: number, end: number, marker: string): boolean {
    if (end - start !== marker.length) {
      return false;
    }
    // The unset marker is one character (`-`): compared without a call.
    return marker.length === 1
      ? this.line.charCodeAt(start) === marker.charCodeAt(0)
      : this.line.startsWith(marker, start);
  }
}

class JsonRecord implements ZeekRecord {
  constructor(private readonly object: Record<string, unknown>) {}

  private raw(field: string): unknown {
    if (field in this.object) {
      return this.object[field];
    }
    // Some shippers nest the connection id (`{"id": {"orig_h": ...}}`) instead of Zeek's dotted keys.
    const dot = field.indexOf('.');
    if (dot > 0) {
      const parent = this.object[field.slice(0, dot)];
      if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
        return (parent as Record<string, unknown>)[field.slice(dot + 1)];
      }
    }
    return undefined;
  }

  value(field: string): string | undefined {
    return jsonText(this.raw(field));
  }

  list(field: string): string[] | undefined {
    const raw = this.raw(field);
    if (Array.isArray(raw)) {
      return raw.map((item) => jsonText(item) ?? '');
    }
    const text = jsonText(raw);
    if (text === undefined) {
      return undefined;
    }
    return text === '' ? [] : text.split(DEFAULT_SET_SEPARATOR);
  }

  listText(field: string): string | undefined {
    // Lists read as text are joined by `,` already (`jsonText`).
    return this.value(field);
  }

  has(field: string): boolean {
    const raw = this.raw(field);
    return raw !== undefined && raw !== null;
  }

  count(field: string): number | undefined {
    const text = this.value(field);
    return text === undefined ? undefined : parseCount(text);
  }

  time(field: string): bigint | undefined | null {
    const text = this.value(field);
    return text === undefined ? undefined : (parseZeekTime(text) ?? null);
  }

  firstCount(field: string): number | undefined {
    return firstCountOf(this.list(field));
  }
}

/** `firstCount` of elements already cut out. */
function firstCountOf(items: readonly string[] | undefined): number | undefined {
  if (items === undefined || items.length === 0) {
    return undefined;
  }
  for (const item of items) {
    if (Number.isNaN(countItemBetween(item, 0, item.length))) {
      return NaN;
    }
  }
  return countItemBetween(items[0], 0, items[0].length);
}

/** JSON values as the TSV writer would print them, so converters parse one text form. */
function jsonText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'T' : 'F';
    case 'object':
      if (Array.isArray(value)) {
        return value.map((item) => jsonText(item) ?? '').join(DEFAULT_SET_SEPARATOR);
      }
      return value === null ? undefined : JSON.stringify(value);
    default:
      return undefined;
  }
}

/** Whether a line starting with this character may be white space only: a space, a control or a non-ASCII one. */
function mayBeWhiteSpace(code: number): boolean {
  return code <= 32 || code >= 127;
}

/** Zeek writes bytes it cannot print, and the separator itself, as `\xHH`. */
function unescapeZeek(text: string): string {
  if (!text.includes('\\x')) {
    return text;
  }
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Creates a reader; with `auto` the first meaningful line decides (`#` means TSV, `{` means JSON). */
export function createZeekLogReader(format: ZeekLogFormat | 'auto' = 'auto'): ZeekLogReader {
  let detected: ZeekLogFormat | undefined = format === 'auto' ? undefined : format;
  let path: string | undefined;

  let separator = DEFAULT_SEPARATOR;
  let setSeparator = DEFAULT_SET_SEPARATOR;
  let emptyField = DEFAULT_EMPTY_FIELD;
  let unsetField = DEFAULT_UNSET_FIELD;
  /** The record under the current `#fields` header, in the answer every data line under it gets. */
  let current: { type: 'record'; record: TsvRecord } | undefined;
  let schemaError: string | undefined;
  let pendingTypes: { line: string[] } | undefined;

  function readTsvDirective(line: string): ZeekLineResult {
    // `#separator` is the one directive written with a space, since the separator is not known yet.
    if (line.startsWith('#separator ')) {
      const value = unescapeZeek(line.slice('#separator '.length));
      if (value.length !== 1) {
        return { type: 'malformed', message: `#separator must be one character, got "${value}"` };
      }
      separator = value;
      return HEADER;
    }
    const parts = line.split(separator);
    const directive = parts[0];
    const args = parts.slice(1);
    switch (directive) {
      case '#set_separator':
        setSeparator = unescapeZeek(args[0] ?? DEFAULT_SET_SEPARATOR);
        return HEADER;
      case '#empty_field':
        emptyField = args[0] ?? DEFAULT_EMPTY_FIELD;
        return HEADER;
      case '#unset_field':
        unsetField = args[0] ?? DEFAULT_UNSET_FIELD;
        return HEADER;
      case '#path':
        path = args[0];
        // A new answer object for the records after it: callers may keep what they decided per answer object.
        current = current === undefined ? undefined : { type: 'record', record: current.record };
        return HEADER;
      case '#fields': {
        // A new #fields starts a new log (files are often concatenated); every record after it uses it.
        if (args.length === 0 || args.some((f) => f === '')) {
          current = undefined;
          schemaError = 'the #fields header names no fields or an empty field';
          return { type: 'malformed', message: schemaError };
        }
        const duplicate = args.find((f, i) => args.indexOf(f) !== i);
        if (duplicate !== undefined) {
          current = undefined;
          schemaError = `the #fields header names ${duplicate} twice`;
          return { type: 'malformed', message: schemaError };
        }
        const schema: TsvSchema = {
          fields: args,
          index: new Map(args.map((f, i) => [f, i])),
          setSeparator,
          emptyField,
          unsetField,
        };
        current = { type: 'record', record: new TsvRecord(schema) };
        schemaError = undefined;
        if (pendingTypes !== undefined && pendingTypes.line.length !== args.length) {
          return typesMismatch(pendingTypes.line.length, args.length);
        }
        pendingTypes = undefined;
        return HEADER;
      }
      case '#types':
        if (current !== undefined && args.length !== current.record.schema.fields.length) {
          return typesMismatch(args.length, current.record.schema.fields.length);
        }
        if (current === undefined) {
          pendingTypes = { line: args };
        }
        return HEADER;
      default:
        // #open, #close and anything else starting with # are comments to us.
        return HEADER;
    }
  }

  function typesMismatch(types: number, fields: number): ZeekLineResult {
    return { type: 'malformed', message: `#types lists ${types} types for ${fields} fields` };
  }

  function readTsv(line: string): ZeekLineResult {
    if (line.startsWith('#')) {
      return readTsvDirective(line);
    }
    if (current === undefined) {
      return {
        type: 'malformed',
        message:
          schemaError === undefined
            ? 'data line before any #fields header'
            : `data line under an unusable header (${schemaError})`,
      };
    }
    const { record } = current;
    const starts = record.starts;
    const expected = record.schema.fields.length;
    let found = 1;
    for (let at = line.indexOf(separator); at >= 0; at = line.indexOf(separator, at + 1)) {
      if (found < expected) {
        starts[found] = at + 1;
      }
      found++;
    }
    if (found !== expected) {
      return { type: 'malformed', message: `expected ${expected} fields, found ${found}` };
    }
    starts[expected] = line.length + 1;
    record.reset(line);
    return current;
  }

  function readJson(line: string): ZeekLineResult {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      return { type: 'malformed', message: `broken JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { type: 'malformed', message: 'expected one JSON object per line' };
    }
    const object = parsed as Record<string, unknown>;
    if (typeof object._path === 'string') {
      path = object._path;
    }
    return { type: 'record', record: new JsonRecord(object) };
  }

  let first = true;
  return {
    get format() {
      return detected;
    },
    get path() {
      return path;
    },
    get fields() {
      return current?.record.schema.fields;
    },
    readLine(input: string): ZeekLineResult {
      let line = input.charCodeAt(input.length - 1) === 13 ? input.slice(0, -1) : input;
      if (first && line.charCodeAt(0) === 0xfeff) {
        line = line.slice(1);
      }
      // Only a line that starts with white space can be blank: most lines are spared a call to `trim`.
      if (line.length === 0 || (mayBeWhiteSpace(line.charCodeAt(0)) && line.trim() === '')) {
        return HEADER;
      }
      first = false;
      if (detected === undefined) {
        const lead = line.trimStart()[0];
        if (lead === '{') {
          detected = 'json';
        } else if (lead === '#') {
          detected = 'tsv';
        } else {
          return { type: 'malformed', message: 'neither a Zeek TSV header (#...) nor a JSON object: format unknown' };
        }
      }
      return detected === 'json' ? readJson(line) : readTsv(line);
    },
  };
}
