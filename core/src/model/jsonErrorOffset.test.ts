import fc from 'fast-check';

import { jsonErrorOffset } from './jsonErrorOffset';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": tru}', 9],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['{"a": [}', 7],
    ['{"a": "x\ny"}', 8],
    ['{"a": "\\q"}', 7],
    ['[01]', 2],
    ['{} {}', 3],
    ['{"a": [1, 2]', 12],
    ['', 0],
    ['[-]', 1],
  ])('points at the fault in %j', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it.each(['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}} ', '"x"', '0'])(
    'finds no fault in %j',
    (text) => {
      expect(jsonErrorOffset(text)).toBeUndefined();
    }
  );

  it('handles nesting deeper than the call stack would allow', () => {
    expect(jsonErrorOffset(`${'['.repeat(200000)}${']'.repeat(200000)}`)).toBeUndefined();
    expect(jsonErrorOffset('['.repeat(200000))).toBe(200000);
  });

  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonErrorOffset(text)).toBeUndefined();
      })
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[]:,"0123 -.eEtrufalsn\\'.split('')) }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === undefined).toBe(valid);
      })
    );
  });
});
