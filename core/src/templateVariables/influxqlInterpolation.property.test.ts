import fc from 'fast-check';

import { classifyInfluxQL, quoteIdentifier, quoteString } from '../influx/influxql';
import { type InfluxQLBuiltins, influxqlStatementCount, interpolateInfluxQL } from './influxqlInterpolation';

const BUILTINS: InfluxQLBuiltins = {
  timeFilter: 'time >= 1700000000000ms and time <= 1700003600000ms',
  interval: '10s',
  intervalMs: 10_000,
  from: 1_700_000_000_000,
  to: 1_700_003_600_000,
};

const HOSTILE = [
  "a' OR 1=1",
  "a' OR '1'='1",
  '/.*/',
  '.*',
  '"; DROP MEASUREMENT flow',
  "'; DROP MEASUREMENT flow; SELECT '",
  '/; DROP DATABASE x; /',
  'x\nDROP DATABASE x',
  'x\r\nSELECT 1',
  'a\u0000b',
  '$timeFilter',
  '${x}',
  '[[x]]',
  '\\',
  "\\'",
  '*/ DROP DATABASE x /*',
  '-- comment',
  'zone – Ω 🏭',
  '\u2028',
  '',
  ' ',
  '1',
  '-2.5',
  '10s',
  'INTO',
  'OR',
];

const value = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom("'", '"', '/', '\\', '$', ';', '\n', '\r', '\0', '*', '-', '{', '}', '[', ']', 'a', ' '),
    maxLength: 12,
  })
);
const values = fc.oneof(
  value.map((v) => [v]),
  fc.array(value, { maxLength: 4 })
);

/** A query with `$x` in every kind of place a dashboard writes it. */
const TEMPLATES = [
  `SELECT mean("bytes") FROM "flow" WHERE "dst_zone" =~ /^$x$/ AND $timeFilter GROUP BY time($__interval)`,
  `SELECT mean("bytes") FROM "flow" WHERE "dst_zone" =~ /^[[x]]$/ AND "src_zone" !~ /$x/`,
  `SELECT * FROM "flow" WHERE "asset" = '$x'`,
  `SELECT * FROM "flow" WHERE "asset" = 'pre-\${x}-post'`,
  `SELECT * FROM "$x" WHERE $timeFilter`,
  `SELECT * FROM "flow" WHERE "asset" = $x`,
  `SELECT * FROM "flow" WHERE "bytes" > $x`,
  `SELECT * FROM "flow" WHERE "asset" =~ $x`,
  `SELECT * FROM $x WHERE $timeFilter`,
  `SELECT count(*) FROM "flow" GROUP BY $x LIMIT $x`,
  `SELECT * FROM flow_\${x} WHERE a = 1`,
  `SELECT "bytes" / $x FROM "flow"`,
  `SELECT * FROM "flow" -- $x\nWHERE a = 1 /* $x */`,
  `SHOW TAG VALUES FROM "flow" WITH KEY = "asset" WHERE "zone" =~ /^$x$/`,
  `SHOW TAG VALUES FROM "flow" WITH KEY =~ /$x/`,
];

describe('interpolateInfluxQL with hostile values', () => {
  it('never breaks a read-only single-statement query into another, whatever the values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATES), values, (template, xs) => {
        expect(classifyInfluxQL(template).readOnly).toBe(true);
        const result = interpolateInfluxQL(template, { x: { values: xs } }, BUILTINS);
        if ('query' in result) {
          expect(classifyInfluxQL(result.query)).toEqual({ readOnly: true });
          expect(influxqlStatementCount(result.query)).toBe(1);
        } else {
          expect(result.error).toMatch(/\$x|\[\[x\]\]|\$\{x\}/);
        }
      }),
      { numRuns: 1000 }
    );
  });

  it('puts exactly the value into a string literal', () => {
    fc.assert(
      fc.property(value, (v) => {
        const result = interpolateInfluxQL(
          `SELECT * FROM "flow" WHERE "asset" = '$x'`,
          { x: { values: [v] } },
          BUILTINS
        );
        if (/[\r\0]/.test(v)) {
          expect(result).toHaveProperty('error');
        } else {
          expect(result).toEqual({ query: `SELECT * FROM "flow" WHERE "asset" = ${quoteString(v)}` });
        }
      })
    );
  });

  it('puts exactly the value into a quoted name', () => {
    fc.assert(
      fc.property(value, (v) => {
        const result = interpolateInfluxQL(`SELECT * FROM "$x"`, { x: { values: [v] } }, BUILTINS);
        if (/[\r\0]/.test(v)) {
          expect(result).toHaveProperty('error');
        } else {
          expect(result).toEqual({ query: `SELECT * FROM ${v === '' ? '""' : quoteIdentifier(v)}` });
        }
      })
    );
  });

  it('makes a regex that matches the selected values and nothing else', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), value, (xs, other) => {
        const result = interpolateInfluxQL(
          `SELECT * FROM "flow" WHERE "asset" =~ /^$x$/`,
          { x: { values: xs } },
          BUILTINS
        );
        if (!('query' in result)) {
          throw new Error(result.error);
        }
        const literal = /=~ \/(.*)\/$/s.exec(result.query)?.[1] ?? '';
        // The lexer turns \/ back into /; RE2 and JavaScript read the rest alike.
        const regex = new RegExp(literal.replace(/\\\//g, '/'));
        for (const x of xs) {
          expect(regex.test(x)).toBe(true);
        }
        expect(regex.test(other)).toBe(xs.includes(other));
        expect(regex.test(`${xs[0]}x`)).toBe(xs.includes(`${xs[0]}x`));
      })
    );
  });

  it('compares a bare variable with exactly the value, as a number only when it is one', () => {
    fc.assert(
      fc.property(value, (v) => {
        const result = interpolateInfluxQL(`SELECT * FROM "flow" WHERE "asset" = $x`, { x: { values: [v] } }, BUILTINS);
        if (/^-?[0-9]+(\.[0-9]+)?$/.test(v)) {
          expect(result).toEqual({ query: `SELECT * FROM "flow" WHERE "asset" = ${v}` });
        } else if (/[\r\0]/.test(v)) {
          expect(result).toHaveProperty('error');
        } else {
          expect(result).toEqual({ query: `SELECT * FROM "flow" WHERE "asset" = ${quoteString(v)}` });
        }
      })
    );
  });
});
