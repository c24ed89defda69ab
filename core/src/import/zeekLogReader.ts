/**
 * Reads Zeek logs line by line, in either of the two formats Zeek writes: its tab-separated format
 * (a `#`-directive header naming separator, set separator, empty and unset markers, fields and types)
 * and JSON (one object per line, unset fields left out). Both come out as the same `ZeekRecord`, so the
 * converters never know which format a record came from. One line in, one result out: no buffering.
 */

export type ZeekLogFormat = 'tsv' | 'json';
export const ZEEK_LOG_FORMATS: readonly ZeekLogFormat[] = ['tsv', 'json'];

/** One log record, read by Zeek field name (`id.orig_h`, `func`). */
export interface ZeekRecord {
  /** The field's value as text: undefined when the field is unset or absent, '' when it is empty. */
  value(field: string): string | undefined;
  /** A set or vector field's elements: undefined when unset or absent, [] when empty. */
  list(field: string): string[] | undefined;
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

class TsvRecord implements ZeekRecord {
  constructor(
    private readonly schema: TsvSchema,
    private readonly values: string[]
  ) {}

  value(field: string): string | undefined {
    const i = this.schema.index.get(field);
    if (i === undefined) {
      return undefined;
    }
    const raw = this.values[i];
    if (raw === this.schema.unsetField) {
      return undefined;
    }
    if (raw === this.schema.emptyField) {
      return '';
    }
    return unescapeZeek(raw);
  }

  list(field: string): string[] | undefined {
    const text = this.value(field);
    if (text === undefined) {
      return undefined;
    }
    return text === '' ? [] : text.split(this.schema.setSeparator);
  }

  has(field: string): boolean {
    return this.schema.index.has(field);
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

  has(field: string): boolean {
    const raw = this.raw(field);
    return raw !== undefined && raw !== null;
  }
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
  let schema: TsvSchema | undefined;
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
        return HEADER;
      case '#fields': {
        // A new #fields starts a new log (files are often concatenated); every record after it uses it.
        if (args.length === 0 || args.some((f) => f === '')) {
          schema = undefined;
          schemaError = 'the #fields header names no fields or an empty field';
          return { type: 'malformed', message: schemaError };
        }
        const duplicate = args.find((f, i) => args.indexOf(f) !== i);
        if (duplicate !== undefined) {
          schema = undefined;
          schemaError = `the #fields header names ${duplicate} twice`;
          return { type: 'malformed', message: schemaError };
        }
        schema = {
          fields: args,
          index: new Map(args.map((f, i) => [f, i])),
          setSeparator,
          emptyField,
          unsetField,
        };
        schemaError = undefined;
        if (pendingTypes !== undefined && pendingTypes.line.length !== args.length) {
          return typesMismatch(pendingTypes.line.length, args.length);
        }
        pendingTypes = undefined;
        return HEADER;
      }
      case '#types':
        if (schema !== undefined && args.length !== schema.fields.length) {
          return typesMismatch(args.length, schema.fields.length);
        }
        if (schema === undefined) {
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
    if (schema === undefined) {
      return {
        type: 'malformed',
        message:
          schemaError === undefined
            ? 'data line before any #fields header'
            : `data line under an unusable header (${schemaError})`,
      };
    }
    const values = line.split(separator);
    if (values.length !== schema.fields.length) {
      return {
        type: 'malformed',
        message: `expected ${schema.fields.length} fields, found ${values.length}`,
      };
    }
    return { type: 'record', record: new TsvRecord(schema, values) };
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
      return schema?.fields;
    },
    readLine(input: string): ZeekLineResult {
      let line = input.endsWith('\r') ? input.slice(0, -1) : input;
      if (first && line.charCodeAt(0) === 0xfeff) {
        line = line.slice(1);
      }
      if (line.trim() === '') {
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
