import { FieldType, getFieldDisplayName } from '@grafana/data';

import { telemetryFrames, telemetryUnit } from './telemetryFrames';

const STATEMENT = 'SELECT sum("bytes_out") FROM "flow" WHERE ... GROUP BY time(1m), "src_zone"';

function answer(results: unknown[]): string {
  return JSON.stringify({ results });
}

describe('telemetryFrames', () => {
  it('makes one frame per series: a time field and the values, labelled with the series tags', () => {
    const body = answer([
      {
        statement_id: 0,
        series: [
          {
            name: 'flow',
            tags: { src_zone: 'enterprise' },
            columns: ['time', 'sum'],
            values: [
              [1000, 5],
              [61000, null],
            ],
          },
          { name: 'flow', tags: { src_zone: 'industrial-dmz' }, columns: ['time', 'sum'], values: [[1000, 7]] },
        ],
      },
    ]);

    const { frames, error } = telemetryFrames(body, 'A', STATEMENT);

    expect(error).toBeUndefined();
    expect(frames).toHaveLength(2);
    const [first] = frames;
    expect(first.refId).toBe('A');
    expect(first.name).toBe('flow');
    expect(first.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', FieldType.time],
      ['sum', FieldType.number],
    ]);
    expect(first.fields[1].values).toEqual([5, null]);
    expect(first.fields[1].labels).toEqual({ src_zone: 'enterprise' });
    expect(first.fields[0].labels).toBeUndefined();
    expect(first.meta).toMatchObject({ executedQueryString: STATEMENT, preferredVisualisationType: 'graph' });
  });

  it('names series by the alias, with $tag_ and $col filled in', () => {
    const body = answer([
      {
        statement_id: 0,
        series: [{ name: 'flow', tags: { src_zone: 'enterprise' }, columns: ['time', 'sum'], values: [[1000, 5]] }],
      },
    ]);

    const [frame] = telemetryFrames(body, 'A', STATEMENT, { alias: '$col from $tag_src_zone' }).frames;

    expect(getFieldDisplayName(frame.fields[1], frame, [frame])).toBe('sum from enterprise');
  });

  it('shows a SHOW answer as a table', () => {
    const body = answer([
      { statement_id: 0, series: [{ name: 'measurements', columns: ['name'], values: [['flow'], ['alert']] }] },
    ]);

    const [frame] = telemetryFrames(body, 'A', 'SHOW MEASUREMENTS').frames;

    expect(frame.meta?.preferredVisualisationType).toBe('table');
    expect(frame.fields[0]).toMatchObject({ name: 'name', type: FieldType.string, values: ['flow', 'alert'] });
  });

  it('returns the failed statement as an error with the frames before it', () => {
    const body = answer([
      { statement_id: 0, series: [{ name: 'flow', columns: ['time', 'sum'], values: [[1000, 5]] }] },
      { statement_id: 1, error: 'database not found: plant' },
    ]);

    const read = telemetryFrames(body, 'A', STATEMENT);

    expect(read.frames).toHaveLength(1);
    expect(read.error).toMatch(/database not found: plant/);
  });

  it('warns when InfluxDB cut the answer short', () => {
    const body = answer([
      { statement_id: 0, partial: true, series: [{ name: 'flow', columns: ['time', 'sum'], values: [[1000, 5]] }] },
    ]);

    const [frame] = telemetryFrames(body, 'A', STATEMENT).frames;

    expect(frame.meta?.notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/cut this answer short/) }),
      ])
    );
  });

  it('reports a truncated body instead of throwing', () => {
    const read = telemetryFrames('{"results":[{"statement_id":0,"series":[{"name":"flow","col', 'A', STATEMENT);

    expect(read.frames).toEqual([]);
    expect(read.error).toMatch(/cut off/);
  });
});

describe('telemetryUnit', () => {
  it('keeps the unit of the field through aggregations that keep it, and counts as plain numbers', () => {
    expect(telemetryUnit('bytes_out', 'sum')).toBe('decbytes');
    expect(telemetryUnit('duration', 'percentile')).toBe('s');
    expect(telemetryUnit('bytes_out', 'count')).toBe('short');
    expect(telemetryUnit('value', 'mean')).toBeUndefined();
  });

  it('puts the unit on the value fields of every frame', () => {
    const body = JSON.stringify({
      results: [{ statement_id: 0, series: [{ name: 'flow', columns: ['time', 'sum'], values: [[1000, 5]] }] }],
    });

    const [frame] = telemetryFrames(body, 'A', STATEMENT, { unit: 'decbytes' }).frames;

    expect(frame.fields[1].config.unit).toBe('decbytes');
    expect(frame.fields[0].config.unit).toBeUndefined();
  });
});
