import { buildTopology, type FlowAggregate, type NodeGraphField, nodeGraphFields, type ZoneModel } from '@conduit/core';
import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';

import { readTopology } from './readTopology';

const FIELD_TYPES: Record<NodeGraphField['type'], FieldType> = {
  string: FieldType.string,
  number: FieldType.number,
  boolean: FieldType.boolean,
  time: FieldType.time,
};

function zone(id: string, name: string, purdueLevel: ZoneModel['zones'][number]['purdueLevel'], cidr: string) {
  return {
    id,
    name,
    purdueLevel,
    slTarget: 3 as const,
    slAchieved: 2 as const,
    safety: false,
    cidrs: [cidr],
    vlans: [],
  };
}

const model: ZoneModel = {
  zones: [zone('office', 'Office', 4, '10.4.0.0/16'), zone('cell', 'Cell', 1, '10.1.0.0/16')],
  assets: [],
  conduits: [
    {
      id: 'office-cell',
      from: 'office',
      to: 'cell',
      direction: 'one-way',
      controlType: 'firewall',
      slTarget: 2,
      services: [{ protocol: 'https', port: 443 }],
    },
  ],
};

function flow(srcIp: string, dstIp: string, service: string, dstPort: number): FlowAggregate {
  return {
    bucketStart: 0,
    bucketMs: 60_000,
    srcIp,
    dstIp,
    srcAsset: '',
    dstAsset: '',
    srcZone: '',
    dstZone: '',
    transport: 'tcp',
    service,
    dstPort,
    connections: 12,
    bytes: 1000,
    firstSeen: 0,
    lastSeen: 59_999,
  };
}

/** The frames of a Conduit topology query at asset level, built by the core as the datasource builds them. */
function conduitFrames(): DataFrame[] {
  const topology = buildTopology({
    model,
    level: 'asset',
    flows: [flow('10.4.0.7', '10.1.0.5', 'modbus', 502), flow('10.1.0.5', '203.0.113.9', 'https', 443)],
  });
  const columns = nodeGraphFields(topology);
  return (['nodes', 'edges'] as const).map((name) =>
    toDataFrame({
      name,
      fields: columns[name].map((f) => ({
        name: f.name,
        type: FIELD_TYPES[f.type],
        values: f.values,
        config: f.config,
      })),
    })
  );
}

describe('readTopology', () => {
  it("reads the Conduit datasource's frames: zones, assets in their zones, conduits and judged flows", () => {
    const topology = readTopology(conduitFrames(), 'color');
    expect(topology?.zones.map((z) => z.id)).toEqual(expect.arrayContaining(['zone:office', 'zone:cell']));
    const plc = topology?.assets.find((asset) => asset.title === '10.1.0.5');
    expect(plc).toMatchObject({ kind: 'asset', parent: 'zone:cell' });
    expect(topology?.byId.get('zone:office')).toMatchObject({ name: 'office', level: 4, slTarget: 3, slAchieved: 2 });
    const verdicts = topology?.links.map((link) => [link.kind, link.verdict]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        ['conduit', undefined],
        ['flow', 'violation'],
        ['flow', 'internet'],
      ])
    );
    expect(topology?.links.find((link) => link.kind === 'conduit')?.twoWay).toBe(false);
    expect(topology?.warnings).toEqual([]);
  });

  it('reads a core Node Graph frame of another source: an asset by its parent, no verdicts', () => {
    const nodes = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: ['a', 'b', 'c'] },
        { name: 'title', type: FieldType.string, values: ['Zone A', 'Host B', 'Host C'] },
        { name: 'mainstat', type: FieldType.string, values: ['1', '2', '3'] },
        { name: 'parent', type: FieldType.string, values: [null, 'a', 'a'] },
      ],
    });
    const edges = toDataFrame({
      name: 'edges',
      fields: [
        { name: 'id', type: FieldType.string, values: ['e1', 'e2'] },
        { name: 'source', type: FieldType.string, values: ['b', 'b'] },
        { name: 'target', type: FieldType.string, values: ['c', 'nowhere'] },
      ],
    });
    const topology = readTopology([nodes, edges], 'color');
    expect(topology?.zones.map((z) => z.id)).toEqual(['a']);
    expect(topology?.assets.map((a) => a.id)).toEqual(['b', 'c']);
    expect(topology?.links).toEqual([expect.objectContaining({ source: 'b', target: 'c', kind: 'flow' })]);
    expect(topology?.links[0].verdict).toBeUndefined();
    expect(topology?.warnings).toEqual(['1 edge with a "source" or "target" that is no node left out.']);
  });

  it('names the field an edges frame lacks', () => {
    const nodes = toDataFrame({ name: 'nodes', fields: [{ name: 'id', type: FieldType.string, values: ['a'] }] });
    const edges = toDataFrame({ name: 'edges', fields: [{ name: 'source', type: FieldType.string, values: ['a'] }] });
    expect(() => readTopology([nodes, edges], '')).toThrow('The edges frame "edges" has no "target" field.');
  });

  it('says nothing is there to draw when no frame holds nodes', () => {
    expect(readTopology([toDataFrame({ fields: [{ name: 'value', values: [1] }] })], '')).toBeUndefined();
  });

  it('warns when the colour field is not numeric, and about rows without an id', () => {
    const nodes = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: ['a', null] },
        { name: 'risk', type: FieldType.string, values: ['high', 'low'] },
      ],
    });
    expect(readTopology([nodes], 'risk')?.warnings).toEqual([
      'The colour field "risk" is not numeric; zones and assets keep the neutral colour.',
      'Row 2 of the nodes frame has no "id"; it is left out.',
    ]);
  });
});
