import { FieldType, toDataFrame } from '@grafana/data';

import { readTimeline } from './readTimeline';

const RANGE = { from: 0, to: 10_000 };

describe('readTimeline', () => {
  it('reads generic frames: a time field and text fields, the lane from the first text field', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'ts', type: FieldType.time, values: [1000, 2000] },
        { name: 'host', type: FieldType.string, values: ['hmi-1', 'plc-2'] },
      ],
    });

    const { findings, problems } = readTimeline([frame], 'low', RANGE);

    expect(problems).toEqual([]);
    expect(findings.map((f) => [f.zone, f.asset, f.severity, f.title])).toEqual([
      ['hmi-1', 'hmi-1', 'medium', 'hmi-1'],
      ['plc-2', 'plc-2', 'medium', 'plc-2'],
    ]);
  });

  it('leaves out rows outside the range, below the floor or of an unknown severity', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [-1, 100, 200, 300, 20_000] },
        { name: 'severity', type: FieldType.string, values: ['high', 'info', 'bogus', 'HIGH', 'high'] },
        { name: 'zone', type: FieldType.string, values: ['a', 'b', 'c', 'd', 'e'] },
      ],
    });

    expect(readTimeline([frame], 'low', RANGE).findings.map((f) => f.zone)).toEqual(['d']);
  });

  it('keeps an episode that lasted as its end, not a zero-length one', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [100, 200] },
        { name: 'timeEnd', type: FieldType.time, values: [900, 200] },
        { name: 'zone', type: FieldType.string, values: ['a', 'b'] },
      ],
    });

    expect(readTimeline([frame], 'low', RANGE).findings.map((f) => f.end)).toEqual([900, undefined]);
  });

  it('reads chains from their steps, and skips a chain whose steps are not JSON', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'id', type: FieldType.string, values: ['c1', 'c2'] },
        { name: 'title', type: FieldType.string, values: ['one', 'two'] },
        {
          name: 'stepsDetail',
          type: FieldType.string,
          values: [JSON.stringify([{ findingId: 'a' }, { findingId: 'b' }]), '{not json'],
        },
      ],
    });

    expect(readTimeline([frame], 'low', RANGE).chains).toEqual([{ id: 'c1', title: 'one', findingIds: ['a', 'b'] }]);
  });
});
