import { FieldType, toDataFrame } from '@grafana/data';

import { entitiesFrame } from '../test/riskFrames';
import { categoryFields, categoryMatrixModel, riskMatrixModel } from './matrixModel';
import { readRiskEntities } from './riskEntities';

const entities = readRiskEntities([
  entitiesFrame([
    { id: 'plc-1', zone: 'control', purdueLevel: 1, impact: 4.6, likelihood: 3.5, score: 62.9 },
    { id: 'plc-2', zone: 'control', purdueLevel: 1, impact: 4.9, likelihood: 3.9, score: 75.5 },
    { id: 'printer', zone: 'office', purdueLevel: 4, impact: 1, likelihood: 1.2, score: 0.8 },
  ]),
]).entities;

function cellOf(model: ReturnType<typeof riskMatrixModel>, label: string) {
  return model.cells.find((cell) => cell.label === label);
}

describe('riskMatrixModel', () => {
  it('puts likelihood across and impact upwards, highest score first in a cell', () => {
    const model = riskMatrixModel(entities, 5);
    expect(model.columnLabels).toEqual(['1', '2', '3', '4', '5']);
    expect(model.rowLabels).toEqual(['5', '4', '3', '2', '1']);
    const hot = cellOf(model, 'likelihood 4, impact 5');
    expect(hot).toMatchObject({ column: 3, row: 0, count: 2 });
    expect(hot?.entries.map((entry) => entry.name)).toEqual(['plc-2', 'plc-1']);
    expect(cellOf(model, 'likelihood 1, impact 1')).toMatchObject({ column: 0, row: 4, count: 1 });
  });

  it('keeps every entity on a 3 x 3 matrix, named low, medium and high', () => {
    const model = riskMatrixModel(entities, 3);
    expect(model.cells).toHaveLength(9);
    expect(model.cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(3);
    expect(cellOf(model, 'likelihood medium, impact high')?.entries.map((entry) => entry.name)).toEqual(['plc-1']);
    expect(cellOf(model, 'likelihood high, impact high')?.entries.map((entry) => entry.name)).toEqual(['plc-2']);
  });

  it('colours cells by the score of their centre, so the top right is the hottest', () => {
    const model = riskMatrixModel(entities, 5);
    const hottest = model.cells.reduce((best, cell) => (cell.colourValue > best.colourValue ? cell : best));
    expect(hottest.label).toBe('likelihood 5, impact 5');
  });
});

describe('categoryMatrixModel', () => {
  it('sums the value of each pair of categories, in natural order', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'site', type: FieldType.string, values: ['site 10', 'site 2', 'site 2'] },
        { name: 'severity', type: FieldType.string, values: ['high', 'high', 'low'] },
        { name: 'findings', type: FieldType.number, values: [3, 1, 4] },
      ],
    });
    const fields = categoryFields(frame);
    if (fields === undefined) {
      throw new Error('the frame has two text fields and a number');
    }
    const model = categoryMatrixModel(fields);
    expect(model.columnLabels).toEqual(['site 2', 'site 10']);
    expect(model.rowLabels).toEqual(['low', 'high']);
    expect(model.cells.map((cell) => cell.colourValue)).toEqual([4, 0, 1, 3]);
  });
});
