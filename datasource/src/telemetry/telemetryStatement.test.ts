import type { ConduitQuery } from '../types';
import { builderStatement, rawStatement, type StatementContext } from './telemetryStatement';

const FROM = Date.UTC(2026, 0, 15, 6);
const TO = FROM + 3_600_000;

function context(overrides: Partial<StatementContext> = {}): StatementContext {
  return {
    from: FROM,
    to: TO,
    intervalMs: 60_000,
    filterValues: (value) =>
      value === '$zone' ? ['l1-control', 'l2-supervisory'] : value === '$all' ? undefined : [value],
    interpolate: (text) => text.replace('$zone', "'l1-control'"),
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

  it('matches a multi-value variable as any of its values and drops a filter set to All', () => {
    const built = builderStatement(
      {
        ...builder,
        tagFilters: [
          { tag: 'dst_zone', operator: '=', value: '$zone' },
          { tag: 'service', operator: '!=', value: 'dns' },
          { tag: 'src_zone', operator: '=', value: '$all' },
        ],
      },
      context()
    );

    expect(built.ok && built.statement).toContain(
      `WHERE "dst_zone" =~ /^(?:l1-control|l2-supervisory)$/ AND "service" != 'dns' AND time >=`
    );
    expect(built.ok && built.statement).not.toContain('"src_zone" =');
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
  it('puts the range and the bucket in for $timeFilter and $__interval, then the variables', () => {
    const built = rawStatement(
      {
        refId: 'A',
        rawQuery:
          'SELECT sum("bytes_out") FROM "flow" WHERE $timeFilter AND "dst_zone" = $zone GROUP BY time($__interval) LIMIT ${__interval_ms}',
      },
      context({ intervalMs: 300_000 })
    );

    expect(built).toEqual({
      ok: true,
      statement: `SELECT sum("bytes_out") FROM "flow" WHERE time >= ${FROM}ms and time <= ${TO}ms AND "dst_zone" = 'l1-control' GROUP BY time(5m) LIMIT 300000`,
    });
  });

  it('asks for a statement when there is none', () => {
    expect(rawStatement({ refId: 'A', rawQuery: '  ' }, context())).toEqual({
      ok: false,
      error: 'write an InfluxQL statement',
    });
  });

  it('reports a variable that cannot be substituted instead of throwing', () => {
    const built = rawStatement(
      { refId: 'A', rawQuery: 'SELECT 1 FROM m WHERE a = $bad' },
      context({
        interpolate: () => {
          throw new Error('variable $bad holds a carriage return');
        },
      })
    );

    expect(built).toEqual({
      ok: false,
      error: "the statement's variables cannot be substituted: variable $bad holds a carriage return",
    });
  });
});
