import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FlowAggregate } from '../observations';
import type { ZoneModel } from '../model/zoneModel';
import { parseZoneModel } from '../model/zoneModelFile';
import { CONDUIT_COLOR, type NodeGraphField, nodeGraphFields, VERDICT_COLORS } from './nodeGraphFields';
import { buildTopology } from './topology';

function plant(): ZoneModel {
  const parsed = parseZoneModel(readFileSync(join(__dirname, 'testdata', 'plant.json'), 'utf8'), 'json');
  if (!parsed.ok) {
    throw new Error('the test plant model is invalid');
  }
  return parsed.model;
}

const T0 = 1_700_000_000_000;

function flow(srcIp: string, dstIp: string, service: string, dstPort: number, connections = 1): FlowAggregate {
  return {
    bucketStart: T0,
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
    connections,
    bytes: 1500 * connections,
    firstSeen: T0,
    lastSeen: T0 + 59_999,
  };
}

const FLOWS = [
  flow('10.2.0.10', '10.1.0.5', 'modbus', 502, 3),
  flow('10.4.0.7', '10.1.0.5', 'modbus', 502, 1),
  flow('10.2.0.10', '10.2.0.20', 'rdp', 3389, 2),
  flow('10.4.0.7', '8.8.8.8', 'dns', 53, 4),
];

function column(fields: NodeGraphField[], name: string): NodeGraphField['values'] {
  const field = fields.find((f) => f.name === name);
  if (field === undefined) {
    throw new Error(`no field ${name}`);
  }
  return field.values;
}

function row(fields: NodeGraphField[], id: string): Record<string, unknown> {
  const index = column(fields, 'id').indexOf(id);
  return Object.fromEntries(fields.map((f) => [f.name, f.values[index]]));
}

// The names Grafana's Node Graph panel reads (NodeGraphDataFrameFieldNames in @grafana/data 12.4).
const NODE_GRAPH_NODE_FIELDS = ['id', 'title', 'subtitle', 'mainstat', 'secondarystat', 'color', 'highlighted'];
const NODE_GRAPH_EDGE_FIELDS = [
  'id',
  'source',
  'target',
  'mainstat',
  'secondarystat',
  'color',
  'thickness',
  'strokedasharray',
  'highlighted',
];

describe('nodeGraphFields', () => {
  const topology = buildTopology({ model: plant(), flows: FLOWS, level: 'zone' });
  const { nodes, edges } = nodeGraphFields(topology);

  it("names the columns as Grafana's Node Graph panel reads them, with arcs and details", () => {
    const nodeNames = nodes.map((f) => f.name);
    const edgeNames = edges.map((f) => f.name);

    expect(nodeNames).toEqual(expect.arrayContaining(NODE_GRAPH_NODE_FIELDS));
    expect(nodeNames).toEqual(expect.arrayContaining(['arc__allowed', 'arc__violation', 'arc__unknown']));
    expect(nodeNames.filter((n) => n.startsWith('detail__')).length).toBeGreaterThan(5);
    expect(edgeNames).toEqual(expect.arrayContaining(NODE_GRAPH_EDGE_FIELDS));
    expect(edgeNames.filter((n) => n.startsWith('detail__')).length).toBeGreaterThan(5);
    expect(new Set(nodeNames).size).toBe(nodeNames.length);
    expect(new Set(edgeNames).size).toBe(edgeNames.length);
  });

  it('gives every column of a frame one value per row', () => {
    for (const fields of [nodes, edges]) {
      const rows = column(fields, 'id').length;
      for (const field of fields) {
        expect([field.name, field.values.length]).toEqual([field.name, rows]);
      }
    }
  });

  it('colours each arc and makes the arcs of a node with traffic add up to 1', () => {
    const arcs = nodes.filter((f) => f.name.startsWith('arc__'));
    expect(arcs.map((f) => f.config.color)).toEqual([
      { mode: 'fixed', fixedColor: VERDICT_COLORS.allowed },
      { mode: 'fixed', fixedColor: VERDICT_COLORS.violation },
      { mode: 'fixed', fixedColor: VERDICT_COLORS.unknown },
    ]);
    const office = row(nodes, 'zone:office');
    // Office: one violating connection to the PLC, four to an address in no zone.
    expect([office.arc__allowed, office.arc__violation, office.arc__unknown]).toEqual([0, 0.2, 0.8]);
    const safety = row(nodes, 'zone:sis');
    expect([safety.arc__allowed, safety.arc__violation, safety.arc__unknown]).toEqual([0, 0, 0]);
  });

  it('only has edges between listed nodes, and shows traffic within a zone on the zone node instead of a loop', () => {
    const ids = new Set(column(nodes, 'id'));
    const sources = column(edges, 'source');
    const targets = column(edges, 'target');

    sources.forEach((source, i) => {
      expect(ids.has(source)).toBe(true);
      expect(ids.has(targets[i])).toBe(true);
      expect(source).not.toBe(targets[i]);
    });
    expect(row(nodes, 'zone:scada').detail__intrazone).toBe('2 connections, 3.0 kB');
  });

  it('draws conduits dashed in the policy colour, and traffic in the colour of its verdict', () => {
    const conduit = row(edges, 'conduit:c-ops-scada');
    expect([conduit.strokedasharray, conduit.color, conduit.secondarystat]).toEqual([
      '6 4',
      CONDUIT_COLOR,
      'two-way firewall · unused',
    ]);

    const violation = column(edges, 'id').findIndex(
      (id, i) => column(edges, 'kind')[i] === 'flow' && column(edges, 'verdict')[i] === 'violation'
    );
    expect(violation).toBeGreaterThanOrEqual(0);
    const edge = row(edges, column(edges, 'id')[violation] as string);
    expect(edge).toMatchObject({
      source: 'zone:office',
      target: 'zone:control',
      mainstat: 'modbus/502 · 1 connection',
      secondarystat: 'violation · 1.5 kB',
      color: VERDICT_COLORS.violation,
      highlighted: true,
      strokedasharray: null,
      detail__reason: 'no conduit connects Office to Control',
      detail__purdue: 'skips 3 Purdue levels',
    });
  });

  it('describes a zone by its Purdue level and security levels', () => {
    expect(row(nodes, 'zone:scada')).toMatchObject({
      title: 'SCADA',
      subtitle: 'L2 supervisory · SL-T 3 / SL-A 2',
      detail__securitylevel: 'SL-T 3, SL-A 2 (gap 1)',
      purdueLevel: 2,
      kind: 'zone',
    });
    expect(row(nodes, 'zone:sis').subtitle).toBe('L1 basic control · SL-T 4 / SL-A 4 · safety');
  });

  it('gives assets their zone as parent at asset level', () => {
    const assetLevel = nodeGraphFields(buildTopology({ model: plant(), flows: FLOWS, level: 'asset' }));

    expect(row(assetLevel.nodes, 'asset:plc-1')).toMatchObject({
      kind: 'asset',
      parent: 'zone:control',
      role: 'plc',
      criticality: 5,
      subtitle: 'plc · criticality 5',
    });
  });
});
