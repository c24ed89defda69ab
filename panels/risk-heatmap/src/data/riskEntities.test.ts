import { FieldType, toDataFrame } from '@grafana/data';

import { entitiesFrame, factor } from '../test/riskFrames';
import { readRiskEntities } from './riskEntities';

describe('readRiskEntities', () => {
  it('reads each row with its zone, Purdue level and factors', () => {
    const frame = entitiesFrame([
      {
        id: 'plc-1',
        zone: 'control',
        purdueLevel: 1,
        impact: 4,
        likelihood: 3,
        score: 45.8,
        factors: [factor('exposure', 'likelihood', 20)],
      },
    ]);
    const [plc] = readRiskEntities([frame]).entities;
    expect(plc).toMatchObject({
      id: 'plc-1',
      kind: 'asset',
      zone: 'control',
      purdueLevel: 1,
      impact: 4,
      likelihood: 3,
      score: 45.8,
    });
    expect(plc.factors.map((f) => f.id)).toEqual(['exposure']);
  });

  it('scores a row without a score field by the risk model formula', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'likelihood', type: FieldType.number, values: [3] },
        { name: 'impact', type: FieldType.number, values: [3] },
      ],
    });
    expect(readRiskEntities([frame]).entities[0].score).toBeCloseTo((100 * 8) / 24, 6);
  });

  it('leaves out rows off the 1 to 5 scale and names them and the fields', () => {
    const frame = toDataFrame({
      name: 'scores',
      fields: [
        { name: 'entity', type: FieldType.string, values: ['a', 'b', 'c'] },
        { name: 'likelihood', type: FieldType.number, values: [3, 9, null] },
        { name: 'impact', type: FieldType.number, values: [3, 2, 2] },
      ],
    });
    const read = readRiskEntities([frame]);
    expect(read.entities.map((e) => e.name)).toEqual(['a']);
    expect(read.problems).toEqual([
      'frame "scores": rows 2, 3 left out, likelihood or impact is not a number from 1 to 5',
    ]);
  });

  it('keeps a row whose factors are not JSON, and says which field and row', () => {
    const frame = toDataFrame({
      name: 'scores',
      fields: [
        { name: 'likelihood', type: FieldType.number, values: [3] },
        { name: 'impact', type: FieldType.number, values: [3] },
        { name: 'factors', type: FieldType.string, values: ['{oops'] },
      ],
    });
    const read = readRiskEntities([frame]);
    expect(read.entities).toHaveLength(1);
    expect(read.problems).toEqual(['frame "scores": field "factors" of row 1 is not JSON; shown without factors']);
  });
});
