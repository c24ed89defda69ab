import { overTimeFrame } from '../test/riskFrames';
import { arrangeTimeline, readTimelineRows } from './timelineModel';

const frame = overTimeFrame(
  [1000, 2000, 3000],
  [
    { id: 'ws-07', zone: 'office', values: [5, 8, 30] },
    { id: 'plc-chlor-1', zone: 'control', values: [20, null, 70] },
    { id: 'hmi-3', zone: 'supervisory', values: [10, 10, 12] },
    { id: 'plc-dist-1', zone: 'control', values: [25, 26, 27] },
  ]
);
const levels: Record<string, number> = { office: 4, supervisory: 2, control: 1 };

function rows() {
  return readTimelineRows([frame]).rows.map((row) => ({ ...row, purdueLevel: levels[row.zone ?? ''] }));
}

describe('readTimelineRows', () => {
  it('makes a row per numeric field with its zone and peak, NaN where there is no value', () => {
    const { times, rows: read } = readTimelineRows([frame]);
    expect(Array.from(times)).toEqual([1000, 2000, 3000]);
    const plc = read.find((row) => row.name === 'plc-chlor-1');
    expect(plc?.zone).toBe('control');
    expect(plc?.peak).toBe(70);
    expect(Array.from(plc?.values ?? [])).toEqual([20, Number.NaN, 70]);
  });

  it('puts the rows of frames with different times on the union of their times', () => {
    const later = overTimeFrame([2500, 3000], [{ id: 'jump-1', zone: 'dmz', values: [40, 50] }]);
    const { times, rows: read } = readTimelineRows([frame, later]);
    expect(Array.from(times)).toEqual([1000, 2000, 2500, 3000]);
    expect(Array.from(read.find((row) => row.name === 'jump-1')?.values ?? [])).toEqual([
      Number.NaN,
      Number.NaN,
      40,
      50,
    ]);
  });
});

describe('arrangeTimeline', () => {
  it('groups rows by zone in Purdue order, enterprise at the top and the process at the bottom', () => {
    const model = arrangeTimeline(new Float64Array(3), rows(), 'purdue', 0);
    expect(model.groups.map((group) => [group.label, group.count])).toEqual([
      ['office', 1],
      ['supervisory', 1],
      ['control', 2],
    ]);
    expect(model.rows.map((row) => row.name)).toEqual(['ws-07', 'hmi-3', 'plc-chlor-1', 'plc-dist-1']);
  });

  it('orders zones and their rows by peak risk when asked', () => {
    const model = arrangeTimeline(new Float64Array(3), rows(), 'peak', 0);
    expect(model.rows.map((row) => row.name)).toEqual(['plc-chlor-1', 'plc-dist-1', 'ws-07', 'hmi-3']);
  });

  it('leaves the rows of zones ungrouped, in Purdue order', () => {
    const zones = overTimeFrame(
      [1000],
      [
        { id: 'basic-control', zone: 'basic-control', values: [50] },
        { id: 'enterprise', zone: 'enterprise', values: [10] },
      ]
    );
    const read = readTimelineRows([zones]).rows.map((row) => ({
      ...row,
      kind: 'zone',
      purdueLevel: row.name === 'enterprise' ? 4 : 1,
    }));
    const model = arrangeTimeline(new Float64Array(1), read, 'purdue', 0);
    expect(model.groups).toEqual([{ label: '', first: 0, count: 2 }]);
    expect(model.rows.map((row) => row.name)).toEqual(['enterprise', 'basic-control']);
  });

  it('keeps the top N rows by peak and counts the others', () => {
    const model = arrangeTimeline(new Float64Array(3), rows(), 'purdue', 2);
    expect(model.rows.map((row) => row.name)).toEqual(['ws-07', 'plc-chlor-1']);
    expect(model.hidden).toBe(2);
  });
});
