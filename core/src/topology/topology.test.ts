import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Finding } from '../finding';
import type { AssetRecord, FlowAggregate } from '../observations';
import { parseZoneModel } from '../model/zoneModelFile';
import type { ZoneModel } from '../model/zoneModel';
import {
  type AssetNode,
  buildTopology,
  type ConduitEdge,
  type FlowEdge,
  type Topology,
  type ZoneNode,
} from './topology';

function plant(): ZoneModel {
  const parsed = parseZoneModel(readFileSync(join(__dirname, 'testdata', 'plant.json'), 'utf8'), 'json');
  if (!parsed.ok) {
    throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  }
  return parsed.model;
}

const T0 = 1_700_000_000_000;

function flow(srcIp: string, dstIp: string, service: string, dstPort: number, extra: Partial<FlowAggregate> = {}) {
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
    connections: 1,
    bytes: 100,
    firstSeen: T0,
    lastSeen: T0 + 59_999,
    ...extra,
  };
}

function finding(id: string, severity: Finding['severity'], source: Finding['source']): Finding {
  return {
    id,
    detector: 'test',
    category: 'conduit-violation',
    time: T0,
    severity,
    score: 50,
    explanation: 'test finding',
    evidence: { records: [], query: '', store: 'ot' },
    source,
  };
}

function flowEdges(topology: Topology): FlowEdge[] {
  return topology.edges.filter((e): e is FlowEdge => e.kind === 'flow');
}

function onlyFlowEdge(flows: FlowAggregate[]): FlowEdge {
  const edges = flowEdges(buildTopology({ model: plant(), flows, level: 'zone' }));
  expect(edges).toHaveLength(1);
  return edges[0];
}

const HMI = '10.2.0.10';
const EWS = '10.2.0.20';
const PLC = '10.1.0.5';
const OFFICE_PC = '10.4.0.7';
const DMZ_HOST = '10.35.0.2';
const HISTORIAN = '10.3.0.9';

describe('buildTopology at zone level', () => {
  it('has a node per zone with its Purdue level, security levels and safety flag, enterprise first', () => {
    const topology = buildTopology({ model: plant(), flows: [], level: 'zone' });

    expect(topology.nodes.map((n) => n.id)).toEqual([
      'zone:office',
      'zone:dmz',
      'zone:ops',
      'zone:scada',
      'zone:control',
      'zone:sis',
    ]);
    const scada = topology.nodes.find((n) => n.id === 'zone:scada') as ZoneNode;
    expect(scada).toMatchObject({
      kind: 'zone',
      title: 'SCADA',
      purdueLevel: 2,
      slTarget: 3,
      slAchieved: 2,
      safety: false,
    });
    expect((topology.nodes.find((n) => n.id === 'zone:sis') as ZoneNode).safety).toBe(true);
    expect(topology.problems).toEqual([]);
  });

  it('draws every declared conduit, even one no traffic used, as a policy edge', () => {
    const topology = buildTopology({ model: plant(), flows: [], level: 'zone' });

    const conduits = topology.edges.filter((e): e is ConduitEdge => e.kind === 'conduit');
    expect(conduits.map((c) => [c.id, c.source, c.target, c.direction, c.connections])).toEqual([
      ['conduit:c-office-dmz', 'zone:office', 'zone:dmz', 'two-way', 0],
      ['conduit:c-ops-dmz', 'zone:ops', 'zone:dmz', 'one-way', 0],
      ['conduit:c-scada-control', 'zone:scada', 'zone:control', 'one-way', 0],
      ['conduit:c-ops-scada', 'zone:ops', 'zone:scada', 'two-way', 0],
    ]);
    expect(conduits[2].services).toEqual(['modbus/502']);
  });

  it('counts the assets the model places in each zone', () => {
    const topology = buildTopology({ model: plant(), flows: [], level: 'zone' });

    const counts = Object.fromEntries(topology.nodes.map((n) => [n.id, (n as ZoneNode).assetCount]));
    expect(counts).toMatchObject({ 'zone:scada': 2, 'zone:control': 1, 'zone:office': 0 });
  });

  it('allows traffic a conduit allows, names that conduit and adds the traffic to it', () => {
    const topology = buildTopology({
      model: plant(),
      flows: [flow(HMI, PLC, 'modbus', 502, { connections: 4, bytes: 900 })],
      level: 'zone',
    });

    const [edge] = flowEdges(topology);
    expect(edge).toMatchObject({
      source: 'zone:scada',
      target: 'zone:control',
      service: 'modbus',
      port: 502,
      verdict: 'allowed',
      reason: 'conduit c-scada-control allows modbus/502',
      conduit: 'c-scada-control',
      connections: 4,
      bytes: 900,
    });
    const conduit = topology.edges.find((e) => e.id === 'conduit:c-scada-control') as ConduitEdge;
    expect([conduit.connections, conduit.bytes]).toEqual([4, 900]);
  });

  it('refuses a service the source role may not use, in an edge apart from the allowed one', () => {
    const topology = buildTopology({
      model: plant(),
      flows: [flow(HMI, PLC, 'modbus', 502), flow(EWS, PLC, 'modbus', 502)],
      level: 'zone',
    });

    const edges = flowEdges(topology);
    expect(edges.map((e) => e.verdict).sort()).toEqual(['allowed', 'violation']);
    // The words are the detector's own (connectionPermission), checked here only for what they must name.
    expect(edges.find((e) => e.verdict === 'violation')?.reason).toMatch(
      /^conduit c-scada-control allows modbus\/502 only from hmi, and the source is an? engineering-workstation$/
    );
  });

  it('refuses traffic between zones no conduit connects and counts the Purdue levels it skips', () => {
    const edge = onlyFlowEdge([flow(OFFICE_PC, PLC, 'modbus', 502)]);

    expect(edge).toMatchObject({
      verdict: 'violation',
      reason: 'no conduit connects Office to Control',
      skippedLevels: 3,
    });
  });

  it('refuses a service that is not on the allow-list', () => {
    const edge = onlyFlowEdge([flow(OFFICE_PC, DMZ_HOST, 'ssh', 22)]);

    expect(edge.verdict).toBe('violation');
    expect(edge.reason).toBe('no conduit between these zones allows ssh/22 (allowed: https/443)');
  });

  it('refuses traffic against the direction of a one-way conduit and says so', () => {
    const edge = onlyFlowEdge([flow(DMZ_HOST, HISTORIAN, 'opcua', 4840)]);

    expect(edge.verdict).toBe('violation');
    expect(edge.reason).toBe('conduit c-ops-dmz is one-way from Operations to DMZ, against this traffic');
  });

  it('marks traffic with an end in no zone as unknown, meeting at a "No zone" node', () => {
    const topology = buildTopology({ model: plant(), flows: [flow(OFFICE_PC, '8.8.8.8', 'dns', 53)], level: 'zone' });

    const [edge] = flowEdges(topology);
    expect(edge).toMatchObject({
      source: 'zone:office',
      target: 'unzoned',
      verdict: 'unknown',
      reason: 'the destination 8.8.8.8 lies in no zone of the model',
    });
    expect(topology.nodes.map((n) => n.id)).toContain('unzoned');
  });

  it('allows traffic within one zone without a conduit, as a loop on the zone node', () => {
    const topology = buildTopology({ model: plant(), flows: [flow(HMI, EWS, 'rdp', 3389)], level: 'zone' });

    const [edge] = flowEdges(topology);
    expect(edge).toMatchObject({ source: 'zone:scada', target: 'zone:scada', verdict: 'allowed', intraZone: true });
    expect((topology.nodes.find((n) => n.id === 'zone:scada') as ZoneNode).intraZone).toEqual({
      connections: 1,
      bytes: 100,
    });
  });

  it('sums flows of one zone pair, service and verdict into one edge', () => {
    const edge = onlyFlowEdge([
      flow(HMI, PLC, 'modbus', 502, { connections: 2, bytes: 10, firstSeen: T0 + 5, lastSeen: T0 + 10 }),
      flow('10.2.0.11', '10.1.0.6', 'modbus', 502, {
        srcAsset: 'hmi-1',
        connections: 3,
        bytes: 20,
        firstSeen: T0,
        lastSeen: T0 + 7,
      }),
    ]);

    expect(edge).toMatchObject({ connections: 5, bytes: 30, flows: 2, firstSeen: T0, lastSeen: T0 + 10 });
  });

  it("sums a series' rows of one bucket as one, whichever store or part of the range each came from", () => {
    const whole = flow(HMI, PLC, 'modbus', 502, { connections: 5, bytes: 500 });
    const parts = [
      flow(HMI, PLC, 'modbus', 502, { connections: 2, bytes: 200 }),
      flow(HMI, PLC, 'modbus', 502, { connections: 3, bytes: 300 }),
    ];
    const later = flow(HMI, PLC, 'modbus', 502, { bucketStart: T0 + 60_000, firstSeen: T0 + 60_000 });
    const lastSeen = T0 + 119_999;

    expect(onlyFlowEdge([...parts, { ...later, lastSeen }])).toEqual(onlyFlowEdge([whole, { ...later, lastSeen }]));
    expect(onlyFlowEdge([...parts, { ...later, lastSeen }])).toMatchObject({ connections: 6, bytes: 600, flows: 2 });
  });

  it('places an end by its zone tag first, as the detectors do, and by its address otherwise', () => {
    const edge = onlyFlowEdge([flow('192.168.9.9', PLC, 'modbus', 502, { srcZone: 'scada', srcAsset: 'hmi-1' })]);

    expect([edge.source, edge.verdict]).toEqual(['zone:scada', 'allowed']);
  });

  it("counts each zone's findings once and keeps the highest severity", () => {
    const topology = buildTopology({
      model: plant(),
      flows: [],
      findings: [
        finding('a', 'medium', { zone: 'control', ip: PLC }),
        finding('b', 'critical', { zone: 'control' }),
        { ...finding('c', 'low', { zone: 'scada' }), destination: { zone: 'control' } },
      ],
      level: 'zone',
    });

    const control = topology.nodes.find((n) => n.id === 'zone:control');
    const scada = topology.nodes.find((n) => n.id === 'zone:scada');
    expect([control?.findingCount, control?.maxSeverity]).toEqual([3, 'critical']);
    expect([scada?.findingCount, scada?.maxSeverity]).toEqual([1, 'low']);
  });

  it('gives the same graph for the same input, whatever the order of the flows', () => {
    const flows = [
      flow(HMI, PLC, 'modbus', 502),
      flow(OFFICE_PC, PLC, 'modbus', 502),
      flow(OFFICE_PC, '8.8.8.8', 'dns', 53),
      flow(EWS, PLC, 'modbus', 502),
    ];

    const forward = buildTopology({ model: plant(), flows, level: 'zone' });
    const backward = buildTopology({ model: plant(), flows: [...flows].reverse(), level: 'zone' });

    expect(backward).toEqual(forward);
    expect(buildTopology({ model: plant(), flows, level: 'zone' })).toEqual(forward);
  });

  it('leaves out a conduit to a zone the model does not have, and says so', () => {
    const model = plant();
    model.conduits.push({ ...model.conduits[0], id: 'c-ghost', to: 'nowhere' });

    const topology = buildTopology({ model, flows: [], level: 'zone' });

    expect(topology.edges.map((e) => e.id)).not.toContain('conduit:c-ghost');
    expect(topology.problems).toEqual([
      'conduit c-ghost connects zone nowhere, which the model does not have; not drawn',
    ]);
  });

  it('never throws on input that is not a topology input', () => {
    const garbage = [
      undefined,
      null,
      {},
      { model: null, flows: null, level: 'zone' },
      { model: { zones: 3 }, flows: [1] },
    ];
    for (const input of garbage) {
      const topology = buildTopology(input as never);
      expect(Array.isArray(topology.nodes)).toBe(true);
    }
  });
});

describe('buildTopology at asset level', () => {
  const inventory: AssetRecord[] = [
    {
      time: T0,
      asset: 'historian',
      zone: 'ops',
      role: 'historian',
      vendor: 'x',
      model: 'y',
      ip: HISTORIAN,
      firmware: '1',
      criticality: 3,
      vulnCount: 0,
      vulnKnownExploited: 0,
      cvssMax: 0,
    },
  ];

  it('has the zones and every known asset, each with its zone as parent, role and criticality', () => {
    const topology = buildTopology({ model: plant(), flows: [], assets: inventory, level: 'asset' });

    const assets = topology.nodes.filter((n): n is AssetNode => n.kind === 'asset');
    expect(assets.map((a) => [a.id, a.parent, a.role, a.criticality, a.ip])).toEqual([
      ['asset:historian', 'zone:ops', 'historian', 3, HISTORIAN],
      ['asset:ews-1', 'zone:scada', 'engineering-workstation', 3, EWS],
      ['asset:hmi-1', 'zone:scada', 'hmi', 4, HMI],
      ['asset:plc-1', 'zone:control', 'plc', 5, PLC],
    ]);
    expect(topology.nodes.filter((n) => n.kind === 'zone')).toHaveLength(6);
  });

  it('joins assets by observed traffic, naming an unnamed end by its address', () => {
    const topology = buildTopology({
      model: plant(),
      flows: [flow(EWS, PLC, 'modbus', 502), flow(OFFICE_PC, HISTORIAN, 'https', 443)],
      assets: inventory,
      level: 'asset',
    });

    expect(flowEdges(topology).map((e) => [e.source, e.target, e.verdict])).toEqual([
      ['asset:10.4.0.7', 'asset:historian', 'violation'],
      ['asset:ews-1', 'asset:plc-1', 'violation'],
    ]);
    const office = topology.nodes.find((n) => n.id === 'asset:10.4.0.7') as AssetNode;
    expect(office.parent).toBe('zone:office');
  });

  it("counts an asset's findings by name or address", () => {
    const topology = buildTopology({
      model: plant(),
      flows: [],
      findings: [finding('a', 'high', { asset: 'plc-1' }), finding('b', 'low', { ip: PLC })],
      level: 'asset',
    });

    const plc = topology.nodes.find((n) => n.id === 'asset:plc-1');
    expect([plc?.findingCount, plc?.maxSeverity]).toEqual([2, 'high']);
  });
});
