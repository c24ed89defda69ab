import { LineCounter, parseDocument } from 'yaml';

import { lineOfPath, pathSegments } from './pathLines';

function lineIn(text: string, path: string): number | undefined {
  const lineCounter = new LineCounter();
  return lineOfPath(parseDocument(text, { lineCounter }), lineCounter, path);
}

const model = `site: Riverside
zones:
  - id: scada
    cidrs:
      - 10.20.0.0/16
      - 10.21.0.0/16
risk:
  weights:
    "odd key": 2
`;

describe('pathSegments', () => {
  it('reads the paths the validator writes', () => {
    expect(pathSegments('$')).toEqual([]);
    expect(pathSegments('zones[3].cidrs[0]')).toEqual(['zones', 3, 'cidrs', 0]);
    expect(pathSegments('risk.weights["odd key"]')).toEqual(['risk', 'weights', 'odd key']);
    expect(pathSegments('["a \\"b\\""].c')).toEqual(['a "b"', 'c']);
  });

  it('gives nothing for what is not a path, such as a syntax problem’s position', () => {
    expect(pathSegments('line 4, column 2')).toBeUndefined();
  });
});

describe('lineOfPath', () => {
  it('gives the line of a key, of a list item and of a quoted key', () => {
    expect(lineIn(model, 'site')).toBe(1);
    expect(lineIn(model, 'zones[0]')).toBe(3);
    expect(lineIn(model, 'zones[0].cidrs[1]')).toBe(6);
    expect(lineIn(model, 'risk.weights["odd key"]')).toBe(9);
  });

  it('gives the nearest enclosing line for what is not written', () => {
    expect(lineIn(model, 'zones[0].name')).toBe(3);
    expect(lineIn(model, 'zones[0].cidrs[7]')).toBe(4);
    expect(lineIn(model, 'conduits')).toBe(1);
  });

  it('gives no line for a position that is not a path', () => {
    expect(lineIn(model, 'line 4, column 2')).toBeUndefined();
  });
});
