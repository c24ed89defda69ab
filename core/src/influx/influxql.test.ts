import fc from 'fast-check';

import {
  classifyInfluxQL,
  InfluxQLBuildError,
  quoteIdentifier,
  quoteRegex,
  quoteString,
  listItemRegex,
  regexAlternation,
  selectQuery,
  showFieldKeysQuery,
  showMeasurementsQuery,
  showTagKeysQuery,
  showTagValuesQuery,
  validateGroupByTime,
  type Condition,
  type RegexLiteral,
} from './influxql';

/**
 * The scanner rules for quoted strings and identifiers, as modelled in influxql.ts: reads the literal that starts
 * at `start` and returns its value and where it ends, or throws where InfluxDB would report a bad string.
 */
function readQuoted(text: string, start = 0): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) {
      return { value, end: i + 1 };
    }
    if (c === '\n' || c === '\r' || c === '\0') {
      throw new Error('bad string');
    }
    if (c === '\\') {
      const e = text[i + 1];
      const unescaped = ({ n: '\n', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[e];
      if (unescaped === undefined) {
        throw new Error('bad escape');
      }
      value += unescaped;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new Error('unterminated');
}

/** The scanner rule for regex literals: only `\/` is unescaped; returns the RE2 text and where the literal ends. */
function readRegex(text: string, start = 0): { pattern: string; end: number } {
  let pattern = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '/') {
      return { pattern, end: i + 1 };
    }
    if (c === '\n' || c === '\r' || c === '\0') {
      throw new Error('bad regex');
    }
    if (c === '\\' && text[i + 1] === '/') {
      pattern += '/';
      i += 2;
      continue;
    }
    pattern += c;
    i++;
  }
  throw new Error('unterminated');
}

function asJsRegExp(literal: string): RegExp {
  const { pattern, end } = readRegex(literal);
  expect(end).toBe(literal.length);
  return new RegExp(pattern, 'u');
}

/** Strings InfluxQL can quote: anything without CR or NUL. */
const quotable = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !/[\r\0]/.test(s));
const hostile = fc.oneof(
  quotable,
  fc.constantFrom(
    "a' OR 1=1",
    "a' OR '1'='1",
    '/.*/',
    'a|b',
    '"; DROP MEASUREMENT flow',
    "'; DROP DATABASE conduit_it; --",
    'line1\nline2',
    'ends with a backslash\\',
    '\\',
    '\\\\',
    '\\/',
    '$timeFilter',
    '${zone}',
    '[[zone]]',
    'Zürich – 東京 🏭',
    '*/ DROP /*',
    '-- comment'
  )
);

describe('quoteIdentifier', () => {
  it('double-quotes a plain name', () => {
    expect(quoteIdentifier('flow')).toBe('"flow"');
  });

  it('escapes double quotes, backslashes and newlines', () => {
    expect(quoteIdentifier('a"b')).toBe('"a\\"b"');
    expect(quoteIdentifier('a\\')).toBe('"a\\\\"');
    expect(quoteIdentifier('a\nb')).toBe('"a\\nb"');
    expect(quoteIdentifier("it's")).toBe('"it\'s"');
  });

  it('refuses an empty name, a carriage return and a NUL, which InfluxQL cannot quote', () => {
    expect(() => quoteIdentifier('')).toThrow(InfluxQLBuildError);
    expect(() => quoteIdentifier('a\rb')).toThrow(/carriage return/);
    expect(() => quoteIdentifier('a\0b')).toThrow(/NUL/);
  });

  it('reads back as the same name under the InfluxQL lexer rules', () => {
    fc.assert(
      fc.property(
        quotable.filter((s) => s.length > 0),
        (s) => {
          const q = quoteIdentifier(s);
          expect(readQuoted(q)).toEqual({ value: s, end: q.length });
        }
      )
    );
  });
});

describe('quoteString', () => {
  it('single-quotes and escapes hostile values so they stay inside the literal', () => {
    expect(quoteString("a' OR 1=1")).toBe("'a\\' OR 1=1'");
    expect(quoteString('"; DROP MEASUREMENT flow')).toBe("'\"; DROP MEASUREMENT flow'");
    expect(quoteString('line1\nline2')).toBe("'line1\\nline2'");
    expect(quoteString('C:\\')).toBe("'C:\\\\'");
    expect(quoteString('Zürich 🏭')).toBe("'Zürich 🏭'");
    expect(quoteString('')).toBe("''");
  });

  it('refuses a carriage return or NUL rather than change the value', () => {
    expect(() => quoteString('a\r\nb')).toThrow(InfluxQLBuildError);
    expect(() => quoteString('\0')).toThrow(InfluxQLBuildError);
  });

  it('reads back as exactly the value under the InfluxQL lexer rules, for any string', () => {
    fc.assert(
      fc.property(quotable, (s) => {
        const q = quoteString(s);
        expect(readQuoted(q)).toEqual({ value: s, end: q.length });
      })
    );
  });
});

describe('quoteRegex', () => {
  it('escapes every metacharacter so a value like /.*/ or a|b cannot widen the match', () => {
    expect(quoteRegex('/.*/')).toBe('/^\\/\\.\\*\\/$/');
    expect(quoteRegex('a|b')).toBe('/^a\\|b$/');
    expect(quoteRegex('(x)[y]{2}+?^')).toBe('/^\\(x\\)\\[y\\]\\{2\\}\\+\\?\\^$/');
  });

  it('writes a backslash and a dollar as hex escapes, and control characters as escapes', () => {
    expect(quoteRegex('a\\')).toBe('/^a\\x5c$/');
    expect(quoteRegex('$zone')).toBe('/^\\x24zone$/');
    expect(quoteRegex('a\r\n\tb\0\x7f')).toBe('/^a\\r\\n\\tb\\x00\\x7f$/');
  });

  it('matches exactly the value and nothing else, for any string', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 30 }),
        (s, other) => {
          const re = asJsRegExp(quoteRegex(s));
          expect(re.test(s)).toBe(true);
          for (const candidate of [other, s + other, other + s, s + 'x', 'x' + s, s.slice(1), s.slice(0, -1)]) {
            if (candidate !== s) {
              expect(re.test(candidate)).toBe(false);
            }
          }
        }
      )
    );
  });
});

describe('listItemRegex', () => {
  it('matches a comma-separated list that holds one of the values as a whole item', () => {
    const re = asJsRegExp(listItemRegex(['basic-control', 'a.b']));
    expect(
      ['basic-control', 'supervisory,basic-control', 'basic-control,process', 'x,a.b,y'].every((s) => re.test(s))
    ).toBe(true);
    expect(['basic-controls', 'my-basic-control', 'axb', ''].some((s) => re.test(s))).toBe(false);
    expect(['', 'a'].some((s) => asJsRegExp(listItemRegex([])).test(s))).toBe(false);
  });
});

describe('regexAlternation', () => {
  it('anchors an alternation of escaped values', () => {
    expect(regexAlternation(['a', 'b.c', 'a'])).toBe('/^(?:a|b\\.c)$/');
  });

  it('matches nothing for an empty list', () => {
    const re = asJsRegExp(regexAlternation([]));
    expect(['', 'a', '/'].some((s) => re.test(s))).toBe(false);
  });

  it('matches each listed value and no other string', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }),
        fc.string({ maxLength: 12 }),
        (values, other) => {
          const re = asJsRegExp(regexAlternation(values));
          for (const v of values) {
            expect(re.test(v)).toBe(true);
          }
          expect(re.test(other)).toBe(values.includes(other));
        }
      )
    );
  });
});

describe('selectQuery', () => {
  it('builds fields, aggregates, aliases and the source', () => {
    expect(selectQuery({ measurement: 'flow', fields: [{ field: 'bytes_out' }] })).toBe(
      'SELECT "bytes_out" FROM "flow"'
    );
    expect(
      selectQuery({
        measurement: 'process_value',
        fields: [
          { field: 'value', aggregate: 'mean', alias: 'mean' },
          { field: 'value', aggregate: 'percentile', percentile: 95, alias: 'p95' },
          { field: 'value', aggregate: 'count' },
          { field: '*', aggregate: 'last' },
        ],
        database: 'conduit_ot',
      })
    ).toBe(
      'SELECT mean("value") AS "mean", percentile("value", 95) AS "p95", count("value"), last(*) FROM "conduit_ot".."process_value"'
    );
    expect(selectQuery({ measurement: 'flow', fields: [{ field: '*' }], retentionPolicy: 'autogen' })).toBe(
      'SELECT * FROM "autogen"."flow"'
    );
    expect(
      selectQuery({ measurement: 'flow', fields: [{ field: '*' }], retentionPolicy: 'autogen', database: 'conduit_it' })
    ).toBe('SELECT * FROM "conduit_it"."autogen"."flow"');
    expect(
      selectQuery({ measurement: 'controller_state', fields: [{ field: 'mode', aggregate: 'count', distinct: true }] })
    ).toBe('SELECT count(distinct("mode")) FROM "controller_state"');
  });

  it('builds WHERE from tag conditions, groups and a time range in epoch milliseconds', () => {
    const where: Condition[] = [
      { tag: 'src_zone', op: '=', value: 'enterprise' },
      { tag: 'dst_zone', op: '!=', value: 'dmz' },
      {
        or: [
          { tag: 'service', op: '=', value: ['modbus', 's7comm'] },
          { tag: 'dst_port', op: '=', value: '502' },
        ],
      },
      { tag: 'src_asset', op: '=~', value: quoteRegex('hmi-01') },
      { and: [{ tag: 'transport', op: '!=', value: ['udp', 'icmp'] }] },
    ];
    expect(
      selectQuery({
        measurement: 'flow',
        fields: [{ field: 'bytes_out', aggregate: 'sum' }],
        where,
        timeRange: { from: 1700000000000, to: 1700000060000 },
      })
    ).toBe(
      'SELECT sum("bytes_out") FROM "flow" WHERE "src_zone" = \'enterprise\' AND "dst_zone" != \'dmz\'' +
        ' AND ("service" =~ /^(?:modbus|s7comm)$/ OR "dst_port" = \'502\') AND "src_asset" =~ /^hmi-01$/' +
        ' AND "transport" !~ /^(?:udp|icmp)$/' +
        ' AND time >= 1700000000000ms AND time <= 1700000060000ms'
    );
  });

  it('widens fractional milliseconds outwards and refuses a reversed range', () => {
    expect(selectQuery({ measurement: 'm', fields: [{ field: 'v' }], timeRange: { from: 10.7, to: 20.2 } })).toBe(
      'SELECT "v" FROM "m" WHERE time >= 10ms AND time <= 21ms'
    );
    expect(() => selectQuery({ measurement: 'm', fields: [{ field: 'v' }], timeRange: { from: 2, to: 1 } })).toThrow(
      /timeRange\.from/
    );
  });

  it('emits Grafana macros for the time filter and interval', () => {
    expect(
      selectQuery({
        measurement: 'flow',
        fields: [{ field: 'bytes_in', aggregate: 'sum' }],
        timeRange: 'grafana',
        groupByTime: '$__interval',
        groupByTags: ['src_zone', 'dst_zone'],
        fill: 'none',
      })
    ).toBe(
      'SELECT sum("bytes_in") FROM "flow" WHERE $timeFilter GROUP BY time($__interval), "src_zone", "dst_zone" fill(none)'
    );
  });

  it('builds GROUP BY, fill, ORDER BY, LIMIT and SLIMIT in InfluxQL clause order', () => {
    expect(
      selectQuery({
        measurement: 'auth',
        fields: [{ field: 'count', aggregate: 'sum', alias: 'attempts' }],
        groupByTime: '1m',
        groupByTags: ['*'],
        fill: 0,
        orderDesc: true,
        limit: 10,
        slimit: 5,
      })
    ).toBe(
      'SELECT sum("count") AS "attempts" FROM "auth" GROUP BY time(1m), * fill(0) ORDER BY time DESC LIMIT 10 SLIMIT 5'
    );
  });

  it('shifts the buckets by an offset when asked: time(interval, offset)', () => {
    expect(
      selectQuery({
        measurement: 'flow',
        fields: [{ field: 'bytes_in', aggregate: 'sum' }],
        groupByTime: '86400000ms',
        groupByTimeOffset: '21600000ms',
      })
    ).toBe('SELECT sum("bytes_in") FROM "flow" GROUP BY time(86400000ms, 21600000ms)');
  });

  it('keeps hostile tag values inside their literal and the query read-only', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom<'=' | '!='>('=', '!='), (value, op) => {
        const q = selectQuery({
          measurement: 'flow',
          fields: [{ field: 'bytes_out' }],
          where: [{ tag: 'user', op, value }],
        });
        const prefix = `SELECT "bytes_out" FROM "flow" WHERE "user" ${op} `;
        expect(q.startsWith(prefix)).toBe(true);
        expect(readQuoted(q, prefix.length)).toEqual({ value, end: q.length });
        expect(classifyInfluxQL(q)).toEqual({ readOnly: true });
      })
    );
  });

  it('compares a value with a carriage return or NUL through an exact regex', () => {
    expect(
      selectQuery({
        measurement: 'auth',
        fields: [{ field: 'count' }],
        where: [{ tag: 'user', op: '!=', value: 'a\r\0' }],
      })
    ).toBe('SELECT "count" FROM "auth" WHERE "user" !~ /^a\\r\\x00$/');
  });

  it('keeps hostile multi-value lists inside one regex literal', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 2, maxLength: 4 }), (values) => {
        const q = selectQuery({
          measurement: 'flow',
          fields: [{ field: 'bytes_out' }],
          where: [{ tag: 'user', op: '=', value: values }],
        });
        const prefix = 'SELECT "bytes_out" FROM "flow" WHERE "user" =~ ';
        expect(q.startsWith(prefix)).toBe(true);
        const { pattern, end } = readRegex(q, prefix.length);
        expect(end).toBe(q.length);
        const re = new RegExp(pattern, 'u');
        expect(values.every((v) => re.test(v))).toBe(true);
        expect(re.test(values.join(''))).toBe(values.includes(values.join('')));
        expect(classifyInfluxQL(q)).toEqual({ readOnly: true });
      })
    );
  });

  it('keeps hostile identifiers inside their quotes', () => {
    fc.assert(
      fc.property(
        hostile.filter((s) => s.length > 0),
        (name) => {
          const q = selectQuery({
            measurement: name,
            fields: [{ field: name, alias: name }],
            groupByTags: [name],
            where: [],
          });
          expect(classifyInfluxQL(q)).toEqual({ readOnly: true });
          const from = q.indexOf(' FROM ') + ' FROM '.length;
          expect(readQuoted(q, from).value).toBe(name);
        }
      )
    );
  });

  it('throws a typed error naming the option at fault', () => {
    const base = { measurement: 'flow', fields: [{ field: 'bytes_out' }] };
    expect(() => selectQuery({ ...base, fields: [] })).toThrow(/fields must list/);
    expect(() => selectQuery({ ...base, fields: [{ field: 'v', aggregate: 'percentile' }] })).toThrow(
      /fields\[0\]\.percentile/
    );
    expect(() => selectQuery({ ...base, fields: [{ field: 'v', aggregate: 'percentile', percentile: 101 }] })).toThrow(
      InfluxQLBuildError
    );
    expect(() => selectQuery({ ...base, groupByTime: '1m' })).toThrow(/fields\[0\] needs an aggregate/);
    const summed = { ...base, fields: [{ field: 'v', aggregate: 'sum' as const }], groupByTime: '1h' };
    expect(() => selectQuery({ ...summed, groupByTimeOffset: '1m) fill(0' })).toThrow(/groupByTimeOffset must be/);
    expect(() => selectQuery({ ...base, groupByTimeOffset: '1m' })).toThrow(/groupByTimeOffset needs groupByTime/);
    expect(() => selectQuery({ ...base, fields: [{ field: 'mode', distinct: true }] })).toThrow(
      /fields\[0\]\.distinct/
    );
    expect(() => selectQuery({ ...base, limit: 0 })).toThrow(/limit must be a positive integer/);
    expect(() => selectQuery({ ...base, slimit: 1.5 })).toThrow(/slimit/);
    expect(() => selectQuery({ ...base, fill: Number.NaN })).toThrow(/fill/);
    expect(() => selectQuery({ ...base, where: [{ or: [] }] })).toThrow(/where\[0\]\.or must list/);
    expect(() => selectQuery({ ...base, where: [{ tag: '', op: '=', value: 'x' }] })).toThrow(/where\[0\]\.tag/);
    expect(() => selectQuery({ ...base, where: [{ tag: 'x', op: '=~', value: '.*' as RegexLiteral }] })).toThrow(
      /where\[0\]\.value must be a regex/
    );
    expect(() =>
      selectQuery({ ...base, where: [{ tag: 'x', op: '=~', value: "/a/ OR x = 'b' OR y =~ /c/" as RegexLiteral }] })
    ).toThrow(/where\[0\]\.value must be a regex/);
    expect(() => selectQuery({ ...base, measurement: 'a\rb' })).toThrow(/measurement contains a carriage return/);
  });
});

describe('validateGroupByTime', () => {
  it('accepts InfluxQL durations and $__interval', () => {
    for (const d of ['1ns', '10u', '5µ', '100ms', '30s', '1m', '6h', '1d', '2w', '$__interval']) {
      expect(validateGroupByTime(d)).toBe(d);
    }
  });

  it('refuses anything else with a clear message', () => {
    expect(() => validateGroupByTime('1 m')).toThrow(/groupByTime must be a duration/);
    expect(() => validateGroupByTime('1m); DROP DATABASE x; --')).toThrow(InfluxQLBuildError);
    expect(() => validateGroupByTime('1y')).toThrow(InfluxQLBuildError);
    expect(() => validateGroupByTime('0s')).toThrow(/longer than zero/);
    expect(() => validateGroupByTime('$__interval_ms')).toThrow(InfluxQLBuildError);
  });
});

describe('SHOW queries', () => {
  it('builds SHOW MEASUREMENTS', () => {
    expect(showMeasurementsQuery()).toBe('SHOW MEASUREMENTS');
    expect(
      showMeasurementsQuery({ database: 'conduit_ot', where: [{ tag: 'zone', op: '=', value: 'cell-1' }], limit: 50 })
    ).toBe('SHOW MEASUREMENTS ON "conduit_ot" WHERE "zone" = \'cell-1\' LIMIT 50');
  });

  it('builds SHOW TAG KEYS and SHOW FIELD KEYS', () => {
    expect(showTagKeysQuery({ measurement: 'flow' })).toBe('SHOW TAG KEYS FROM "flow"');
    expect(showTagKeysQuery({ database: 'conduit_it', retentionPolicy: 'autogen', measurement: 'flow' })).toBe(
      'SHOW TAG KEYS ON "conduit_it" FROM "autogen"."flow"'
    );
    expect(showFieldKeysQuery({ measurement: 'process_value' })).toBe('SHOW FIELD KEYS FROM "process_value"');
    expect(showFieldKeysQuery()).toBe('SHOW FIELD KEYS');
  });

  it('builds SHOW TAG VALUES with one or several keys and a WHERE', () => {
    expect(showTagValuesQuery({ measurement: 'flow', key: 'src_zone' })).toBe(
      'SHOW TAG VALUES FROM "flow" WITH KEY = "src_zone"'
    );
    expect(
      showTagValuesQuery({
        database: 'conduit_ot',
        measurement: 'ot_operation',
        key: ['src_asset', 'dst_asset'],
        where: [{ tag: 'protocol', op: '=', value: ['modbus', 'dnp3'] }],
        limit: 100,
      })
    ).toBe(
      'SHOW TAG VALUES ON "conduit_ot" FROM "ot_operation" WITH KEY IN ("src_asset", "dst_asset") WHERE "protocol" =~ /^(?:modbus|dnp3)$/ LIMIT 100'
    );
    expect(() => showTagValuesQuery({ key: [] })).toThrow(/key must be/);
  });
});

describe('classifyInfluxQL', () => {
  it.each([
    'SELECT * FROM "flow"',
    'select mean(value) from process_value where time > now() - 1h group by time(1m)',
    'SHOW MEASUREMENTS',
    'show tag values with key = "zone"',
    'SELECT a FROM m; SHOW DATABASES;',
    "SELECT * FROM m WHERE note = 'x; DROP DATABASE y'",
    'SELECT "into; drop" FROM m',
    "SELECT * FROM m WHERE a = 'it\\'s'; SELECT 1 FROM m",
    'SELECT * FROM m -- DROP DATABASE x\n',
    'SELECT * FROM m /* ; DROP DATABASE x */',
    'SELECT * FROM m WHERE a =~ /;DROP DATABASE x/',
    "SELECT * FROM m WHERE a =~ /'/",
    'SELECT * FROM m WHERE a =~ /\\/;DROP/',
    'SELECT mean(a) / mean(b) FROM m',
    'SELECT a / 2 FROM m',
    // An integer glued to letters is one duration token to InfluxDB, not a number and a keyword.
    'SELECT * FROM m WHERE time > now() - 10INTO',
    'SELECT * FROM m WHERE time > now() - 1µs',
    'SELECT * FROM m GROUP BY time(1h30m)',
  ])('accepts the read-only query %j', (q) => {
    expect(classifyInfluxQL(q)).toEqual({ readOnly: true });
  });

  it.each([
    ['DROP MEASUREMENT flow', /starts with DROP/],
    ['drop database conduit_it', /starts with DROP/],
    ['DELETE FROM flow', /starts with DELETE/],
    ['SELECT * INTO other FROM flow', /INTO/],
    ['select * into "x" from flow', /INTO/],
    ['CREATE DATABASE x', /CREATE/],
    ['ALTER RETENTION POLICY autogen ON x DURATION 1h', /ALTER/],
    ['GRANT ALL TO bob', /GRANT/],
    ['REVOKE ALL FROM bob', /REVOKE/],
    ['KILL QUERY 1', /KILL/],
    ['SELECT * FROM m; DROP MEASUREMENT m', /statement 2 starts with DROP/],
    ['SELECT * FROM m;DROP MEASUREMENT m', /statement 2/],
    ["SELECT * FROM m WHERE a = 'x'; DELETE FROM m", /DELETE/],
    ['SELECT * FROM m -- comment\n; DROP MEASUREMENT m', /DROP/],
    ['/* hello */ DROP MEASUREMENT m', /DROP/],
    ['EXPLAIN SELECT * FROM m', /EXPLAIN/],
    // InfluxDB's scanner ends a decimal number at its last digit, so the keyword after it counts.
    ['SELECT value*1.5INTO m2 FROM m', /INTO/],
    ['SELECT value*1.INTO m2 FROM m', /INTO/],
    ['SELECT value*.5INTO m2 FROM m', /INTO/],
    ['SELECT value*1.5 INTO m2 FROM m', /INTO/],
    ['SELECT 2.0INTO m2 FROM m', /INTO/],
    ['SELECT * FROM m WHERE time > 1.5INTO x', /INTO/],
  ])('refuses %j', (q, reason) => {
    const result = classifyInfluxQL(q);
    expect(result.readOnly).toBe(false);
    expect(result.readOnly === false && result.reason).toMatch(reason);
  });

  it('refuses a statement hidden behind a regex that a lexer without regex rules would read as a string', () => {
    // InfluxDB reads /'/ as a regex here, so the DROP is a statement of its own.
    const q = "SELECT * FROM m WHERE a =~ /'/; DROP MEASUREMENT m; SELECT * FROM m WHERE b = '/'";
    expect(classifyInfluxQL(q).readOnly).toBe(false);
  });

  it('refuses a statement hidden behind a slash after an identifier, which may open a regex', () => {
    const q = "SELECT v FROM m /'/; DROP MEASUREMENT m; SELECT * FROM m WHERE a = '/";
    expect(classifyInfluxQL(q)).toEqual({ readOnly: false, reason: expect.stringMatching(/DROP/) });
  });

  it('refuses text that does not lex, empty text and NUL', () => {
    expect(classifyInfluxQL("SELECT * FROM m WHERE a = 'open")).toEqual({
      readOnly: false,
      reason: expect.stringMatching(/cannot be read/),
    });
    expect(classifyInfluxQL("SELECT * FROM m WHERE a = 'bad \\x'").readOnly).toBe(false);
    expect(classifyInfluxQL('SELECT * FROM m WHERE a =~ /open').readOnly).toBe(false);
    expect(classifyInfluxQL("SELECT * FROM m WHERE a = 'x\ny'").readOnly).toBe(false);
    expect(classifyInfluxQL('  -- nothing\n ;').readOnly).toBe(false);
    expect(classifyInfluxQL('SELECT * FROM m\0; DROP DATABASE x')).toEqual({
      readOnly: false,
      reason: expect.stringMatching(/NUL/),
    });
  });

  it('checks long arithmetic without exhausting the stack', () => {
    const q = `SELECT ${Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' / ')} FROM m`;
    expect(classifyInfluxQL(q)).toEqual({ readOnly: true });
  });

  it('refuses any read-only SELECT once INTO follows a number glued to it or spaced from it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1.5', '1.', '.5', '0.25', '12.0'),
        fc.constantFrom('INTO', 'into', 'Into'),
        fc.constantFrom('', ' ', '\t', '/* x */', '-- x\n'),
        (number, into, gap) => {
          const q = `SELECT value*${number}${gap}${into} copy FROM m`;
          const result = classifyInfluxQL(q);
          expect({ q, readOnly: result.readOnly }).toEqual({ q, readOnly: false });
        }
      )
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'/\'"\\;-*\n =~!(),.aSELECTDROPINTOsho1 '.split('')), maxLength: 60 }),
        (q) => {
          const result = classifyInfluxQL(q);
          expect(typeof result.readOnly).toBe('boolean');
        }
      )
    );
  });
});
