import { FieldType, toDataFrame } from '@grafana/data';

import { entitiesFrame, overTimeFrame } from '../test/riskFrames';
import type { RiskHeatmapOptions } from '../types';
import { readPanelData } from './panelData';

const options: RiskHeatmapOptions = {
  mode: 'auto',
  levels: 5,
  showCounts: true,
  order: 'purdue',
  topN: 0,
  zoneVariable: 'zone',
  assetVariable: 'asset',
  showLegend: true,
};

const scored = entitiesFrame([
  { id: 'plc-1', zone: 'control', purdueLevel: 1, impact: 4.6, likelihood: 3.5, score: 62.9 },
  { id: 'hmi-1', zone: 'supervisory', purdueLevel: 2, impact: 2, likelihood: 2, score: 12.5 },
]);
const overTime = overTimeFrame([1000, 2000], [{ id: 'plc-1', zone: 'control', values: [10, 40] }]);

describe('readPanelData', () => {
  it('draws the matrix for scored entities', () => {
    const data = readPanelData([scored], options);
    expect(data.mode).toBe('matrix');
  });

  it('draws the timeline for risk over time, and takes zones and levels from the entity frame beside it', () => {
    const data = readPanelData([overTime, scored], options);
    expect(data.mode).toBe('timeline');
    if (data.mode === 'timeline') {
      expect(data.timeline.rows.map((row) => [row.name, row.zone, row.purdueLevel])).toEqual([['plc-1', 'control', 1]]);
      expect(data.problems).toEqual([]);
    }
  });

  it('draws the matrix when asked, though a timeline frame came too', () => {
    expect(readPanelData([overTime, scored], { ...options, mode: 'matrix' }).mode).toBe('matrix');
  });

  it('takes any time field with numeric fields as a timeline', () => {
    const generic = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [1, 2, 3] },
        { name: 'cpu', type: FieldType.number, values: [1, 5, 2] },
      ],
    });
    expect(readPanelData([generic], options).mode).toBe('timeline');
  });

  it('takes two text fields and a number as a generic matrix', () => {
    const generic = toDataFrame({
      fields: [
        { name: 'site', type: FieldType.string, values: ['north', 'south'] },
        { name: 'severity', type: FieldType.string, values: ['high', 'low'] },
        { name: 'findings', type: FieldType.number, values: [3, 1] },
      ],
    });
    const data = readPanelData([generic], options);
    expect(data.mode).toBe('matrix');
    if (data.mode === 'matrix') {
      expect(data.matrix.kind).toBe('category');
    }
  });

  it('names what is missing when asked for a timeline of scored entities', () => {
    const data = readPanelData([scored], { ...options, mode: 'timeline' });
    expect(data).toEqual({
      mode: 'none',
      message: expect.stringMatching(
        /^The timeline needs a time field and numeric fields .*frame "asset risk" has fields entity \(text\)/
      ),
    });
  });

  it('names the fields of a frame that fits neither mode', () => {
    const odd = toDataFrame({ name: 'odd', fields: [{ name: 'value', type: FieldType.number, values: [1] }] });
    const alone = readPanelData([odd], options);
    expect(alone).toEqual({ mode: 'none', message: expect.stringContaining('frame "odd" has fields value (number)') });
    const beside = readPanelData([scored, odd], options);
    expect(beside.mode === 'matrix' && beside.problems).toEqual([
      expect.stringMatching(/^Frame "odd" left out: it has fields value \(number\), not numeric likelihood and impact/),
    ]);
  });

  it('says the query returned nothing when there are no frames', () => {
    expect(readPanelData([], options)).toEqual({
      mode: 'none',
      message: expect.stringContaining('the query returned no frames'),
    });
  });

  it('never calls the rows of a risk-over-time frame off the matrix scale', () => {
    const data = readPanelData([overTime], { ...options, mode: 'matrix' });
    expect(data.mode).toBe('none');
    expect(data.mode === 'none' && data.message).not.toMatch(/left out/);
  });
});
