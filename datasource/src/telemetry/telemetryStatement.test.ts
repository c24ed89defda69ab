import type { ConduitQuery } from '../types';
import { builderStatement, rawStatement, type StatementContext } from './telemetryStatement';

const FROM = Date.UTC(2026, 0, 15, 6);
const TO = FROM + 3_600_000;

function context(overrides: Partial<StatementContext> = {}): StatementContext {
  return {
    from: FROM,
    to: TO,
    intervalMs: 60_000,
    filterValues: (value) => (value === '$zone' ? ['l1-control', 'l2-supervisory'] : value === '$none' ? [] : [value]),
    interpolate: (text, builtins) => ({
      query: text
        .replace('$timeFilter', builtins.timeFilter)
        .replace('$__interval', builtins.interval)
        .replace('$zone', "'l1-control'"),
    }),
    ...overrides,
  };
}

const builder: ConduitQuery = {
  refId: 'A',
  queryType: 'telemetry',
  measurement: 'flow',
  field: 'bytes_out',
  aggregation: 'sum',
  groupByTags: ['src_zone'],
  fill: '0',
};

describe('builderStatement', () => {
  it('aggregates the field per bucket within the range, grouped by the chosen tags', () => {
    expect(builderStatement(builder, context())).toEqual({
      ok: true,
      statement: `SELECT sum("bytes_out") FROM "flow" WHERE time >= ${FROM}ms AND time <= ${TO}ms GROUP BY time(1m), "src_zone" fill(0)`,
    });
  });

  it('matches a multi-value variable as any of its values, and a variable with no value as nothing', () => {
    const built = builderStatement(
      {
        ...builder,
        tagFilters: [
          { tag: 'dst_zone', operator: '=', value: '$zone' },
          { tag: 'service', operator: '!=', value: 'dns' },
          { tag: 'src_zone', operator: '=', value: '$none' },
        ],
      },
      context()
    );

    expect(built.ok && built.statement).toContain(
      `WHERE "dst_zone" =~ /^(?:l1-control|l2-supervisory)$/ AND "service" != 'dns' AND "src_zone" =~ /[^\\s\\S]/ AND time >=`
    );
  });

  it('quotes a hostile value so it stays one value', () => {
    const built = builderStatement(
      { ...builder, tagFilters: [{ tag: 'dst_zone', operator: '=', value: "a' OR 1=1 --" }] },
      context()
    );

    expect(built.ok && built.statement).toContain(`"dst_zone" = 'a\\' OR 1=1 --'`);
  });

  it('asks for the percentile it is given', () => {
    const built = builderStatement({ ...builder, aggregation: 'percentile', percentile: 99 }, context());

    expect(built.ok && built.statement).toMatch(/^SELECT percentile\("bytes_out", 99\)/);
  });

  it('names what is missing instead of building half a statement', () => {
    expect(builderStatement({ ...builder, measurement: '' }, context())).toEqual({
      ok: false,
      error: 'choose a measurement',
    });
    expect(builderStatement({ ...builder, field: undefined }, context())).toEqual({
      ok: false,
      error: 'choose a field',
    });
    const bad = builderStatement({ ...builder, aggregation: 'percentile', percentile: 400 }, context());
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/cannot be built: fields\[0\]\.percentile/) });
  });
});

describe('rawStatement', () => {
  it('hands the range and the bucket to the interpolation as $timeFilter and $__interval', () => {
    const built = rawStatement(
      {
        refId: 'A',
        rawQuery:
          'SELECT sum("bytes_out") FROM "flow" WHERE $timeFilter AND "dst_zone" = $zone GROUP BY time($__interval)',
      },
      context({ intervalMs: 300_000 })
    );

    expect(built).toEqual({
      ok: true,
      statement: `SELECT sum("bytes_out") FROM "flow" WHERE time >= ${FROM}ms and time <= ${TO}ms AND "dst_zone" = 'l1-control' GROUP BY time(5m)`,
    });
  });

  it('asks for a statement when there is none', () => {
    expect(rawStatement({ refId: 'A', rawQuery: '  ' }, context())).toEqual({
      ok: false,
      error: 'write an InfluxQL statement',
    });
  });

  it('reports a variable that cannot be placed instead of sending the statement', () => {
    const built = rawStatement(
      { refId: 'A', rawQuery: "SELECT 1 FROM m WHERE a = '$zone'" },
      context({ interpolate: () => ({ error: 'variable $zone has 2 values, but a string holds one' }) })
    );

    expect(built).toEqual({
      ok: false,
      error: "the statement's variables cannot be substituted: variable $zone has 2 values, but a string holds one",
    });
  });
});
