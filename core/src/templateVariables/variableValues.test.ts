import { expandFilterValue, MAX_EXPANDED_VALUES, variableReferenceAt, type VariableValues } from './variableValues';

const VARIABLES: VariableValues = {
  zone: { values: ['l1-control', 'l2-supervisory'] },
  asset: { values: ['plc-1'] },
  n: { values: ['1', '2', '1'] },
  none: { values: [] },
  all: { values: ['a', 'b', 'c'], includeAll: true, allValue: '.*', all: true },
};

describe('variableReferenceAt', () => {
  it.each([
    ['$zone', { name: 'zone', start: 0, end: 5 }],
    ['${zone}x', { name: 'zone', start: 0, end: 7 }],
    ['${zone:regex}', { name: 'zone', start: 0, end: 13 }],
    ['[[zone]]', { name: 'zone', start: 0, end: 8 }],
    ['[[zone:csv]]', { name: 'zone', start: 0, end: 12 }],
    ['$__interval_ms', { name: '__interval_ms', start: 0, end: 14 }],
  ])('reads %s', (text, reference) => {
    expect(variableReferenceAt(text, 0)).toEqual(reference);
  });

  it.each(['$', '$ x', '${}', '${zone', '[[zone]', '[[:alpha:]]', '${zone:}', 'zone'])(
    'finds no reference in %j',
    (text) => {
      expect(variableReferenceAt(text, 0)).toBeUndefined();
    }
  );
});

describe('expandFilterValue', () => {
  it('turns a multi-value variable into its values', () => {
    expect(expandFilterValue('$zone', VARIABLES)).toEqual(['l1-control', 'l2-supervisory']);
  });

  it('turns All into the list of every value, never into the custom all value', () => {
    expect(expandFilterValue('${all}', VARIABLES)).toEqual(['a', 'b', 'c']);
  });

  it('keeps text around a reference, once per value, without duplicates', () => {
    expect(expandFilterValue('plc-[[n]]', VARIABLES)).toEqual(['plc-1', 'plc-2']);
    expect(expandFilterValue('$asset/$n', VARIABLES)).toEqual(['plc-1/1', 'plc-1/2']);
  });

  it('gives text without a reference back as it is, including text that only looks like a value of a variable', () => {
    expect(expandFilterValue("a' OR 1=1", VARIABLES)).toEqual(["a' OR 1=1"]);
  });

  it('leaves a reference to an unknown variable as written, as Grafana does', () => {
    expect(expandFilterValue('$nope-$asset', VARIABLES)).toEqual(['$nope-plc-1']);
  });

  it('selects nothing for a variable with no value selected', () => {
    expect(expandFilterValue('$none', VARIABLES)).toEqual([]);
  });

  it('ignores a format, which cannot switch escaping off', () => {
    expect(expandFilterValue('${asset:raw}', VARIABLES)).toEqual(['plc-1']);
  });

  it('does not substitute again inside a substituted value', () => {
    expect(expandFilterValue('$x', { x: { values: ['$asset', '$timeFilter'] }, ...VARIABLES })).toEqual([
      '$asset',
      '$timeFilter',
    ]);
  });

  it('stops at a bound when several variables multiply', () => {
    const many = { a: { values: Array.from({ length: 200 }, (_, i) => `a${i}`) } };

    expect(expandFilterValue('$a$a$a', many)).toHaveLength(MAX_EXPANDED_VALUES);
  });

  it('never throws on values that are not what it expects', () => {
    expect(expandFilterValue(3 as unknown as string, VARIABLES)).toEqual([]);
    expect(expandFilterValue('$zone', null as unknown as VariableValues)).toEqual(['$zone']);
    expect(expandFilterValue('$x', { x: { values: null } } as unknown as VariableValues)).toEqual(['$x']);
  });
});
