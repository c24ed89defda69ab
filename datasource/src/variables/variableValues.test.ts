import { readPlantModel } from '../plantModel';
import { ZONE_MODEL_TEXT } from '../../test/cannedInflux';
import { shownValues, uniqueOptions, variablePlan, type VariableContext } from './variableValues';

const context: VariableContext = {
  plant: readPlantModel({ zoneModel: ZONE_MODEL_TEXT }),
  filterValues: (value) => (value === '$zone' ? ['basic-control', 'supervisory'] : [value]),
};

describe('variablePlan', () => {
  it('lists zones from the model without asking a store', () => {
    expect(variablePlan({ refId: 'v', kind: 'zones' }, context)).toEqual({
      kind: 'static',
      options: [
        { text: 'Enterprise', value: 'enterprise' },
        { text: 'Supervisory', value: 'supervisory' },
        { text: 'Basic control', value: 'basic-control' },
      ],
    });
  });

  it('asks both stores for the assets of the zones of a zone variable', () => {
    expect(variablePlan({ refId: 'v', kind: 'assets', zone: '$zone' }, context)).toEqual({
      kind: 'stores',
      lookups: [
        {
          stores: ['it', 'ot'],
          statement:
            'SHOW TAG VALUES FROM "asset" WITH KEY = "asset" WHERE "zone" =~ /^(?:basic-control|supervisory)$/ LIMIT 10000',
        },
      ],
      extra: [],
    });
  });

  it('asks one store for the tag values of a key, quoting both', () => {
    const plan = variablePlan(
      { refId: 'v', kind: 'tagValues', store: 'ot', measurement: 'fl"ow', tagKey: 'dst_zone' },
      context
    );

    expect(plan).toEqual({
      kind: 'stores',
      lookups: [{ stores: ['ot'], statement: 'SHOW TAG VALUES FROM "fl\\"ow" WITH KEY = "dst_zone" LIMIT 10000' }],
      extra: [],
    });
  });

  it('asks for protocols in the flows of both stores and the OT operations of the OT store', () => {
    const plan = variablePlan({ refId: 'v', kind: 'protocols' }, context);

    expect(plan.kind === 'stores' && plan.lookups.map((l) => [l.stores, l.statement])).toEqual([
      [['it', 'ot'], 'SHOW TAG VALUES FROM "flow" WITH KEY = "service" LIMIT 10000'],
      [['ot'], 'SHOW TAG VALUES FROM "ot_operation" WITH KEY = "protocol" LIMIT 10000'],
    ]);
  });

  it('names what is missing', () => {
    expect(variablePlan({ refId: 'v', kind: 'tagValues' }, context)).toEqual({
      kind: 'error',
      error: 'tag values need a tag key',
    });
    expect(variablePlan({ refId: 'v', kind: 'zones' }, { ...context, plant: readPlantModel({}) })).toMatchObject({
      kind: 'error',
      error: expect.stringMatching(/^zone model: no zone model/),
    });
  });
});

describe('shownValues and uniqueOptions', () => {
  it('reads the value column of SHOW TAG VALUES and the names of SHOW MEASUREMENTS', () => {
    const tagValues = JSON.stringify({
      results: [
        {
          statement_id: 0,
          series: [
            {
              name: 'flow',
              columns: ['key', 'value'],
              values: [
                ['service', 'modbus'],
                ['service', 'dns'],
              ],
            },
          ],
        },
      ],
    });
    const measurements = JSON.stringify({
      results: [{ statement_id: 0, series: [{ name: 'measurements', columns: ['name'], values: [['flow']] }] }],
    });

    expect(shownValues(tagValues)).toEqual({ ok: true, values: ['modbus', 'dns'] });
    expect(shownValues(measurements)).toEqual({ ok: true, values: ['flow'] });
  });

  it('reports a failed statement', () => {
    expect(shownValues('{"results":[{"statement_id":0,"error":"database not found: x"}]}')).toMatchObject({
      ok: false,
    });
  });

  it('keeps one option per value, sorted by text', () => {
    expect(
      uniqueOptions([
        { text: 'b', value: 'b' },
        { text: 'a', value: 'a' },
        { text: 'b', value: 'b' },
      ])
    ).toEqual([
      { text: 'a', value: 'a' },
      { text: 'b', value: 'b' },
    ]);
  });
});
