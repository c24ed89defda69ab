import { type InfluxQLBuiltins, influxqlStatementCount, interpolateInfluxQL } from './influxqlInterpolation';
import type { VariableValues } from './variableValues';

const BUILTINS: InfluxQLBuiltins = {
  timeFilter: 'time >= 1700000000000ms and time <= 1700003600000ms',
  interval: '10s',
  intervalMs: 10_000,
  from: 1_700_000_000_000,
  to: 1_700_003_600_000,
};

const VARIABLES: VariableValues = {
  zone: { values: ['l1-control', 'l2/supervisory'] },
  asset: { values: ['plc-1'] },
  hostile: { values: ["a' OR 1=1"] },
  measurement: { values: ['flow'] },
  limit: { values: ['10'] },
  res: { values: ['5m'] },
  env: { values: ['prod'] },
  none: { values: [] },
  nul: { values: ['x\u0000y'] },
  keyword: { values: ['D'] },
};

function interpolate(query: string): string {
  const result = interpolateInfluxQL(query, VARIABLES, BUILTINS);
  if ('error' in result) {
    throw new Error(result.error);
  }
  return result.query;
}

function refusal(query: string): string {
  const result = interpolateInfluxQL(query, VARIABLES, BUILTINS);
  if (!('error' in result)) {
    throw new Error(`expected a refusal, got ${result.query}`);
  }
  return result.error;
}

describe('interpolateInfluxQL', () => {
  it('puts the values of a variable in a regex as an escaped, grouped alternation under the anchors the query wrote', () => {
    expect(interpolate('SELECT * FROM "flow" WHERE "dst_zone" =~ /^$zone$/')).toBe(
      'SELECT * FROM "flow" WHERE "dst_zone" =~ /^(?:l1-control|l2\\/supervisory)$/'
    );
    expect(interpolate('SELECT * FROM "flow" WHERE "asset" =~ /^[[asset]]$/')).toBe(
      'SELECT * FROM "flow" WHERE "asset" =~ /^plc-1$/'
    );
  });

  it('matches nothing in a regex for a variable with no value selected', () => {
    expect(interpolate('SELECT * FROM "flow" WHERE "dst_zone" =~ /^$none$/')).toBe(
      'SELECT * FROM "flow" WHERE "dst_zone" =~ /^[^\\s\\S]$/'
    );
  });

  it('escapes a value in a string literal and in a quoted name', () => {
    expect(interpolate(`SELECT * FROM "$measurement" WHERE "asset" = '$hostile'`)).toBe(
      `SELECT * FROM "flow" WHERE "asset" = 'a\\' OR 1=1'`
    );
  });

  it('refuses several values in a string literal, naming the variable and suggesting a regex', () => {
    expect(refusal(`SELECT * FROM "flow" WHERE "dst_zone" = '$zone'`)).toBe(
      'variable $zone (at character 42) has 2 values, but a string literal holds exactly one; match several with a regex such as =~ /^$zone$/'
    );
  });

  it('refuses a value that no string literal can hold', () => {
    expect(refusal(`SELECT * FROM "flow" WHERE "asset" = '$nul'`)).toBe(
      'the value of variable $nul (at character 39) contains a NUL character, which InfluxQL cannot quote; match it with a regex such as =~ /^$nul$/'
    );
  });

  it('compares a bare variable as a string literal, or as a number when it is one', () => {
    expect(interpolate('SELECT * FROM "flow" WHERE "asset" = $hostile AND "bytes" > $limit')).toBe(
      `SELECT * FROM "flow" WHERE "asset" = 'a\\' OR 1=1' AND "bytes" > 10`
    );
  });

  it('refuses several values in a comparison', () => {
    expect(refusal('SELECT * FROM "flow" WHERE "dst_zone" = $zone')).toBe(
      'variable $zone (at character 41) has 2 values, but a comparison takes exactly one; compare several with =~ $zone'
    );
  });

  it('makes a whole exact regex of a bare variable after =~', () => {
    expect(interpolate('SELECT * FROM "flow" WHERE "dst_zone" !~ ${zone}')).toBe(
      'SELECT * FROM "flow" WHERE "dst_zone" !~ /^(?:l1-control|l2\\/supervisory)$/'
    );
  });

  it('writes a bare variable elsewhere as a quoted name, or as it is when a number or a duration', () => {
    expect(interpolate('SELECT mean("bytes") FROM $measurement GROUP BY time($res), $zone LIMIT $limit')).toBe(
      'SELECT mean("bytes") FROM "flow" GROUP BY time(5m), "l1-control", "l2/supervisory" LIMIT 10'
    );
  });

  it('lengthens a name with a value of letters, digits and underscores only', () => {
    expect(interpolate('SELECT * FROM flow_${env}')).toBe('SELECT * FROM flow_prod');
    expect(refusal('SELECT * FROM flow_${hostile}')).toBe(
      'variable ${hostile} (at character 20) is part of a name, so its value must be one run of letters, digits and underscores; put the whole name in double quotes to use other values'
    );
  });

  it('never lengthens a name into a keyword', () => {
    expect(refusal('SELECT * FROM "flow" WHERE x = 1 AN${keyword} y = 2')).toBe(
      'variable ${keyword} (at character 36) would turn a name into the keyword AND'
    );
  });

  it('replaces the builtins outside literals only', () => {
    expect(
      interpolate(
        'SELECT count(*) FROM "flow" WHERE $timeFilter AND note = \'$timeFilter\' AND time > ${__from}ms AND time < ${__to}' +
          'ms GROUP BY time($__interval) -- $__interval_ms'
      )
    ).toBe(
      'SELECT count(*) FROM "flow" WHERE time >= 1700000000000ms and time <= 1700003600000ms AND note = \'$timeFilter\'' +
        ' AND time > 1700000000000ms AND time < 1700003600000ms GROUP BY time(10s) -- $__interval_ms'
    );
    expect(interpolate('SELECT * FROM "flow" WHERE "bucket" = $__interval_ms')).toBe(
      'SELECT * FROM "flow" WHERE "bucket" = 10000'
    );
  });

  it('lets a builtin win over a dashboard variable of the same name', () => {
    const result = interpolateInfluxQL(
      'SELECT * FROM "flow" WHERE $timeFilter',
      { timeFilter: { values: ['x'] } },
      BUILTINS
    );

    expect(result).toEqual({ query: `SELECT * FROM "flow" WHERE ${BUILTINS.timeFilter}` });
  });

  it('refuses an interval that is not an InfluxQL duration', () => {
    expect(
      interpolateInfluxQL('SELECT * FROM m GROUP BY time($__interval)', {}, { ...BUILTINS, interval: '1m; DROP' })
    ).toEqual({
      error: 'the interval "1m; DROP" is not an InfluxQL duration',
    });
  });

  it('leaves the interval as written when it is given as its own macro, for previews without a request', () => {
    expect(
      interpolateInfluxQL(
        'SELECT * FROM m GROUP BY time($__interval)',
        {},
        { timeFilter: '$timeFilter', interval: '$__interval' }
      )
    ).toEqual({
      query: 'SELECT * FROM m GROUP BY time($__interval)',
    });
  });

  it('leaves unknown variables as written, as Grafana does', () => {
    expect(interpolate(`SELECT * FROM "flow" WHERE a = $nope AND b = '$nope' AND c =~ /$nope/`)).toBe(
      `SELECT * FROM "flow" WHERE a = $nope AND b = '$nope' AND c =~ /$nope/`
    );
  });

  it('substitutes nothing in comments, where a newline in a value would end the comment', () => {
    const query = 'SELECT * FROM "flow" -- WHERE a = $hostile\n/* $zone */';

    expect(interpolate(query)).toBe(query);
  });

  it('reads a slash after a name or a number as a division, not as a regex', () => {
    expect(interpolate('SELECT "bytes" / $limit / 2 FROM "flow" WHERE "a" =~ /x$/')).toBe(
      'SELECT "bytes" / 10 / 2 FROM "flow" WHERE "a" =~ /x$/'
    );
  });

  it('leaves an escaped dollar in a regex alone', () => {
    expect(interpolate('SELECT * FROM "flow" WHERE "a" =~ /^\\$asset$/')).toBe(
      'SELECT * FROM "flow" WHERE "a" =~ /^\\$asset$/'
    );
  });

  it('refuses values that would make the read-only check read the query as another one', () => {
    // Quoted as a name this value is harmless to InfluxDB, but after a division the check also reads it as a regex.
    const result = interpolateInfluxQL(
      'SELECT "bytes" / $x FROM "flow"',
      { x: { values: ['/; DROP DATABASE x; /'] } },
      BUILTINS
    );

    expect(result).toEqual({
      error:
        'the values of $x would change what the query does (statement 2 starts with DROP; only SELECT and SHOW statements are allowed); refused',
    });
  });

  it('gives a query without variables back unchanged', () => {
    const query = `SELECT mean("v") FROM "rp"./^cpu.*/ WHERE "t" =~ /a|b/ AND x = 'it\\'s' ; SHOW MEASUREMENTS`;

    expect(interpolate(query)).toBe(query);
  });

  it('never throws on arguments that are not what it expects', () => {
    expect(interpolateInfluxQL(undefined as unknown as string, VARIABLES, BUILTINS)).toEqual({
      error: 'the query is not text',
    });
    expect(
      interpolateInfluxQL('SELECT $x FROM m', { x: { values: 'a' } } as unknown as VariableValues, BUILTINS)
    ).toEqual({
      error: 'variable x has no list of values',
    });
    expect(
      interpolateInfluxQL('SELECT * FROM m', null as unknown as VariableValues, null as unknown as InfluxQLBuiltins)
    ).toEqual({
      query: 'SELECT * FROM m',
    });
  });
});

describe('influxqlStatementCount', () => {
  it.each([
    ['SELECT 1', 1],
    ['SELECT 1; SELECT 2', 2],
    ['SELECT 1;', 1],
    [" SELECT ';' FROM m -- ; \n", 1],
    ['SELECT * FROM m WHERE a =~ /;/ /* ; */', 1],
    ['SELECT "a;b" FROM m; ; DROP DATABASE x', 2],
    ['', 0],
  ])('counts the statements of %j', (query, count) => {
    expect(influxqlStatementCount(query)).toBe(count);
  });
});

describe('interpolateInfluxQL and a variable that glues INTO to a number', () => {
  it('refuses SELECT value*1.5$v m2 FROM m with v = INTO, which InfluxDB would run as SELECT ... INTO', () => {
    const variables: VariableValues = { v: { values: ['INTO'] } };
    const result = interpolateInfluxQL('SELECT value*1.5$v m2 FROM m', variables, {
      timeFilter: '$timeFilter',
      interval: '$__interval',
    });

    expect(result).toEqual({ error: expect.stringMatching(/INTO|read/) });
  });
});
