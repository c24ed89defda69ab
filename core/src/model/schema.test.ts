import {
  array,
  boolean,
  childPath,
  describeValue,
  INVALID,
  integer,
  number,
  object,
  oneOf,
  optional,
  record,
  ROOT_PATH,
  string,
  suggestKey,
  union,
  withDefault,
  type Schema,
} from './schema';

function run<T>(schema: Schema<T>, input: unknown): { value: T | typeof INVALID; problems: string[] } {
  const problems: string[] = [];
  const value = schema.check(input, ROOT_PATH, { report: (path, message) => problems.push(`${path}: ${message}`) });
  return { value, problems };
}

const point = object({
  name: string({ nonEmpty: true }),
  x: number(),
  label: optional(string()),
  tags: withDefault(array(string()), () => []),
});

describe('object schemas', () => {
  it('returns a fresh value with defaults filled in and absent optional keys left out', () => {
    expect(run(point, { name: 'a', x: 1 })).toEqual({ value: { name: 'a', x: 1, tags: [] }, problems: [] });
    expect(Object.keys(run(point, { name: 'a', x: 1 }).value)).toEqual(['name', 'x', 'tags']);
  });

  it('reads null in an optional or defaulted key as absent, since YAML writes an empty value as null', () => {
    expect(run(point, { name: 'a', x: 1, label: null, tags: null }).value).toEqual({ name: 'a', x: 1, tags: [] });
  });

  it('reports every problem, not just the first', () => {
    expect(run(point, { name: '', x: 'one', tags: [1, 'b', false], extra: 1 })).toEqual({
      value: INVALID,
      problems: [
        'name: must not be empty',
        'x: expected a number, got the string "one"',
        'tags[0]: expected a string, got the number 1',
        'tags[2]: expected a string, got false',
        'extra: unknown key "extra"',
      ],
    });
  });

  it('reports a missing required key at its own path', () => {
    expect(run(point, {}).problems).toEqual(['name: required field is missing', 'x: required field is missing']);
  });

  it('does not take inherited properties for keys', () => {
    const withToString = object({ toString: string() });
    expect(run(withToString, {}).problems).toEqual(['toString: required field is missing']);
  });

  it('suggests the key a typo meant', () => {
    expect(run(point, { name: 'a', x: 1, lable: 'b' }).problems).toEqual([
      'lable: unknown key "lable"; did you mean "label"?',
    ]);
  });
});

describe('suggestKey', () => {
  const keys = ['purdueLevel', 'slTarget', 'conduits', 'zones', 'to', 'from'];

  it('maps snake_case and other casings to the camelCase key', () => {
    expect(suggestKey('purdue_level', keys)).toBe('purdueLevel');
    expect(suggestKey('SL-Target', keys)).toBe('slTarget');
  });

  it('finds near misses', () => {
    expect(suggestKey('conduit', keys)).toBe('conduits');
    expect(suggestKey('zoens', keys)).toBe('zones');
    expect(suggestKey('fro', keys)).toBe('from');
  });

  it('suggests nothing for a key unlike any other', () => {
    expect(suggestKey('colour', keys)).toBeUndefined();
    expect(suggestKey('id', keys)).toBeUndefined();
  });
});

describe('scalar schemas', () => {
  it('checks integers against their range with the label in the message', () => {
    const vlan = integer('VLAN', 1, 4094);
    expect(run(vlan, 4094).value).toBe(4094);
    expect(run(vlan, 0).problems).toEqual(['$: VLAN must be an integer from 1 to 4094, got 0']);
    expect(run(vlan, 1.5).problems).toEqual(['$: VLAN must be an integer from 1 to 4094, got 1.5']);
    expect(run(vlan, '10').problems).toEqual(['$: expected a number, got the string "10"']);
  });

  it('refuses numbers that are not finite', () => {
    expect(run(number(), Number.NaN).problems).toEqual(['$: expected a finite number, got NaN']);
    expect(run(number(), Infinity).problems).toEqual(['$: expected a finite number, got Infinity']);
  });

  it('tells a value of the wrong type from an unknown value in a fixed list', () => {
    const level = oneOf([1, 2] as const, (v) => `unknown level ${v}`);
    expect(run(level, 2).value).toBe(2);
    expect(run(level, 3).problems).toEqual(['$: unknown level 3']);
    expect(run(level, '2').problems).toEqual(['$: expected a number, got the string "2"']);
  });

  it('accepts any member of a union and names them all when none matches', () => {
    const scalar = union(number(), string(), boolean());
    expect(run(scalar, 'x').value).toBe('x');
    expect(run(scalar, true).value).toBe(true);
    expect(run(scalar, null).problems).toEqual([
      '$: expected a number, a string or a boolean (true or false), got null',
    ]);
  });
});

describe('record schemas', () => {
  it('keeps a "__proto__" key as a plain key instead of changing the prototype', () => {
    const checked = run(record(number()), JSON.parse('{"__proto__": 1, "a": 2}'));
    expect(Object.getPrototypeOf(checked.value)).toBe(Object.prototype);
    expect(Object.keys(checked.value)).toEqual(['__proto__', 'a']);
  });

  it('quotes keys that are not identifiers in paths', () => {
    expect(run(record(number()), { 'new talker': 'x' }).problems).toEqual([
      '["new talker"]: expected a number, got the string "x"',
    ]);
  });
});

describe('paths and value descriptions', () => {
  it('builds JSON-path-like paths', () => {
    expect(childPath(childPath(childPath(ROOT_PATH, 'zones'), 2), 'cidrs')).toBe('zones[2].cidrs');
    expect(childPath('detection', 'a.b')).toBe('detection["a.b"]');
  });

  it('describes values briefly, cutting long strings', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([])).toBe('an array');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue('x'.repeat(100))).toBe(`the string "${'x'.repeat(40)}…"`);
  });
});
