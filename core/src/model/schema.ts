/**
 * A small schema language whose schemas are both a run-time check of unknown input and, through
 * `Infer`, the TypeScript type of what passed. Checks never throw and report every problem they find,
 * each at a JSON-path-like location (`zones[2].cidrs[0]`); the root is `$`.
 *
 * Optional and defaulted fields treat `null` like an absent key, because YAML writes an empty value
 * (`owner:`) as null.
 */

export interface ProblemSink {
  report(path: string, message: string): void;
}

/** Marks a value that failed its check; the problems are already in the sink. */
export const INVALID: unique symbol = Symbol('invalid');
export type Checked<T> = T | typeof INVALID;

export interface Schema<T> {
  /** What a valid value is, for "expected …" messages: "a string", "an array". */
  readonly expected: string;
  check(input: unknown, path: string, sink: ProblemSink): Checked<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export const ROOT_PATH = '$';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of a member: `zones[2]`, `zones[2].cidrs`, `detection["new talker"]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${parent}[${key}]`;
  }
  if (!IDENTIFIER.test(key)) {
    return `${parent === ROOT_PATH ? '' : parent}[${JSON.stringify(key)}]`;
  }
  return parent === ROOT_PATH ? key : `${parent}.${key}`;
}

const MAX_QUOTED = 40;

/** Quotes text for a message, shortened so a huge value cannot flood the message. */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** Names what a value is, for "got …" in messages. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'nothing';
    case 'bigint':
      return 'a bigint';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function wrongType(expected: string, input: unknown, path: string, sink: ProblemSink): typeof INVALID {
  sink.report(path, `expected ${expected}, got ${describeValue(input)}`);
  return INVALID;
}

export function string(options: { nonEmpty?: boolean } = {}): Schema<string> {
  return {
    expected: 'a string',
    check(input, path, sink) {
      if (typeof input !== 'string') {
        return wrongType('a string', input, path, sink);
      }
      if (options.nonEmpty && input.trim() === '') {
        sink.report(path, 'must not be empty');
        return INVALID;
      }
      return input;
    },
  };
}

export function boolean(): Schema<boolean> {
  const expected = 'a boolean (true or false)';
  return {
    expected,
    check: (input, path, sink) => (typeof input === 'boolean' ? input : wrongType(expected, input, path, sink)),
  };
}

export function number(): Schema<number> {
  return {
    expected: 'a number',
    check(input, path, sink) {
      if (typeof input !== 'number') {
        return wrongType('a number', input, path, sink);
      }
      if (!Number.isFinite(input)) {
        sink.report(path, `expected a finite number, got ${input}`);
        return INVALID;
      }
      return input;
    },
  };
}

/** A whole number in [min, max]; `label` names it in the message ("VLAN must be an integer from 1 to 4094"). */
export function integer(label: string, min: number, max: number): Schema<number> {
  return {
    expected: 'a number',
    check(input, path, sink) {
      if (typeof input !== 'number') {
        return wrongType('a number', input, path, sink);
      }
      if (!Number.isInteger(input) || input < min || input > max) {
        sink.report(path, `${label} must be an integer from ${min} to ${max}, got ${input}`);
        return INVALID;
      }
      return input;
    },
  };
}

/**
 * One of a fixed list of strings or numbers. A value of the right type that is not in the list gets
 * `unknown(value)` as its message; a value of another type gets "expected …".
 */
export function oneOf<const V extends ReadonlyArray<string | number>>(
  values: V,
  unknown: (value: string | number) => string
): Schema<V[number]> {
  const types = new Set(values.map((v) => typeof v));
  const expected = types.has('string') ? 'a string' : 'a number';
  return {
    expected,
    check(input, path, sink) {
      if ((typeof input !== 'string' && typeof input !== 'number') || !types.has(typeof input)) {
        return wrongType(expected, input, path, sink);
      }
      const found = values.find((v) => v === input);
      if (found === undefined) {
        sink.report(path, unknown(input));
        return INVALID;
      }
      return found;
    },
  };
}

/** Lists allowed values for a message: `"one-way", "two-way"` or `0, 1, 2`. */
export function listValues(values: ReadonlyArray<string | number>): string {
  return values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
}

export function array<T>(item: Schema<T>): Schema<T[]> {
  return {
    expected: 'a list',
    check(input, path, sink) {
      if (!Array.isArray(input)) {
        return wrongType('a list', input, path, sink);
      }
      const out: T[] = [];
      let valid = true;
      // A plain loop visits holes of sparse arrays too, as undefined.
      for (let i = 0; i < input.length; i++) {
        const value = item.check(input[i], childPath(path, i), sink);
        if (value === INVALID) {
          valid = false;
        } else {
          out.push(value);
        }
      }
      return valid ? out : INVALID;
    },
  };
}

/** An object with free keys, all values of one schema. */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return {
    expected: 'an object',
    check(input, path, sink) {
      if (!isPlainRecord(input)) {
        return wrongType('an object', input, path, sink);
      }
      const entries: Array<[string, T]> = [];
      let valid = true;
      for (const key of Object.keys(input)) {
        const checked = value.check(input[key], childPath(path, key), sink);
        if (checked === INVALID) {
          valid = false;
        } else {
          entries.push([key, checked]);
        }
      }
      // fromEntries defines own properties, so a key named "__proto__" stays a plain key.
      return valid ? Object.fromEntries(entries) : INVALID;
    },
  };
}

/** A value matching any of the schemas, e.g. a number, a string or a boolean. */
export function union<S extends ReadonlyArray<Schema<unknown>>>(...schemas: S): Schema<Infer<S[number]>> {
  const names = schemas.map((s) => s.expected);
  const expected = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
  const ignore: ProblemSink = { report: () => undefined };
  return {
    expected,
    check(input, path, sink) {
      for (const schema of schemas) {
        const value = schema.check(input, path, ignore);
        if (value !== INVALID) {
          return value as Infer<S[number]>;
        }
      }
      return wrongType(expected, input, path, sink);
    },
  };
}

export interface OptionalField<T> {
  readonly modifier: 'optional';
  readonly schema: Schema<T>;
}

export interface DefaultedField<T> {
  readonly modifier: 'default';
  readonly schema: Schema<T>;
  readonly fallback: () => T;
}

/** A key that may be absent (or null); the checked object then has no such key. */
export function optional<T>(schema: Schema<T>): OptionalField<T> {
  return { modifier: 'optional', schema };
}

/** A key that may be absent (or null); the checked object then has `fallback()` there. */
export function withDefault<T>(schema: Schema<T>, fallback: () => T): DefaultedField<T> {
  return { modifier: 'default', schema, fallback };
}

export type Field = Schema<unknown> | OptionalField<unknown> | DefaultedField<unknown>;
export type Shape = Record<string, Field>;

type FieldValue<F> =
  F extends OptionalField<infer T> ? T : F extends DefaultedField<infer T> ? T : F extends Schema<infer T> ? T : never;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalField<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] };

export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: FieldValue<S[K]> } & { [K in OptionalKeys<S>]?: FieldValue<S[K]> }
>;

function isSchema(field: Field): field is Schema<unknown> {
  return !('modifier' in field);
}

function lowerLetters(text: string): string {
  return text.replace(/[_\-\s]/g, '').toLowerCase();
}

/** Edit distance with transpositions, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (__, j) => (i === 0 ? j : j === 0 ? i : 0))
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The known key a mistyped key most likely meant: the same letters in another case or spelling
 * (`purdue_level` for `purdueLevel`), or a near miss (`conduit` for `conduits`).
 */
export function suggestKey(unknownKey: string, known: readonly string[]): string | undefined {
  if (unknownKey.length > 100) {
    return undefined;
  }
  const letters = lowerLetters(unknownKey);
  const sameLetters = known.find((k) => lowerLetters(k) === letters);
  if (sameLetters !== undefined) {
    return sameLetters;
  }
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(unknownKey.length / 3)) + 1;
  for (const k of known) {
    const distance = editDistance(letters, lowerLetters(k));
    if (distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * An object with exactly these keys. Every field is checked even after one fails, and keys the shape
 * does not know are problems (with a suggestion), since in a hand-written file they are usually typos.
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return {
    expected: 'an object',
    check(input, path, sink) {
      if (!isPlainRecord(input)) {
        return wrongType('an object', input, path, sink);
      }
      const out: Record<string, unknown> = {};
      let valid = true;
      for (const key of keys) {
        const field = shape[key];
        const fieldPath = childPath(path, key);
        const present = hasOwn(input, key) && input[key] !== undefined;
        if (isSchema(field)) {
          if (!present) {
            sink.report(fieldPath, 'required field is missing');
            valid = false;
            continue;
          }
          const value = field.check(input[key], fieldPath, sink);
          valid = valid && value !== INVALID;
          out[key] = value;
          continue;
        }
        if (!present || input[key] === null) {
          if (field.modifier === 'default') {
            out[key] = field.fallback();
          }
          continue;
        }
        const value = field.schema.check(input[key], fieldPath, sink);
        valid = valid && value !== INVALID;
        out[key] = value;
      }
      for (const key of Object.keys(input)) {
        if (!hasOwn(shape, key)) {
          const suggestion = suggestKey(key, keys);
          const hint = suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`;
          sink.report(childPath(path, key), `unknown key ${quote(key)}${hint}`);
          valid = false;
        }
      }
      return valid ? (out as ObjectOf<S>) : INVALID;
    },
  };
}

/** Exact type equality (not mere assignability in one direction). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Pins a schema to a hand-written type: `typed<Zone>()(object({...}))` compiles only if the schema
 * infers exactly `Zone`, so the run-time check and the interface cannot drift apart.
 */
export function typed<T>() {
  return <S extends Schema<unknown>>(
    schema: S & (Equals<Infer<S>, T> extends true ? unknown : { schemaDoesNotMatchType: never })
  ): Schema<T> => schema as unknown as Schema<T>;
}
