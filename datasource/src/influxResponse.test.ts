import { FieldType } from '@grafana/data';

import { influxFrames } from './influxResponse';

describe('influxFrames', () => {
  it('makes one frame per series, with a time field and the series tags as labels', () => {
    const body = {
      results: [
        {
          statement_id: 0,
          series: [
            {
              name: 'flow',
              tags: { src_zone: 'l2-supervisory', dst_zone: 'l1-control' },
              columns: ['time', 'bytes', 'service'],
              values: [
                [1700000000000, 1200, 'modbus'],
                [1700000060000, null, 'modbus'],
              ],
            },
          ],
        },
      ],
    };

    const { frames, error } = influxFrames(body, 'A');

    expect(error).toBeUndefined();
    expect(frames).toHaveLength(1);
    const [frame] = frames;
    expect(frame.refId).toBe('A');
    expect(frame.name).toBe('flow');
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', FieldType.time],
      ['bytes', FieldType.number],
      ['service', FieldType.string],
    ]);
    expect(frame.fields[1].values).toEqual([1200, null]);
    expect(frame.fields[1].labels).toEqual({ src_zone: 'l2-supervisory', dst_zone: 'l1-control' });
  });

  it('reports the failed statement instead of throwing', () => {
    const body = { results: [{ statement_id: 0, error: 'database not found: ot' }] };

    expect(influxFrames(body, 'A')).toEqual({ frames: [], error: 'statement 0: database not found: ot' });
  });

  it('names the malformed part of a response', () => {
    expect(influxFrames('<html>', 'A').error).toMatch(/not a JSON object/);
    expect(influxFrames({ results: [{ series: [{ values: [] }] }] }, 'A').error).toBe(
      'results[0].series[0] has no "columns" list of names'
    );
  });

  it('yields no frames for a statement that matched nothing', () => {
    expect(influxFrames({ results: [{ statement_id: 0 }] }, 'A')).toEqual({ frames: [] });
  });
});
