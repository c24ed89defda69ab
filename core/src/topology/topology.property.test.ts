import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { emptyObservations } from '../aggregation/observationOrder';
import { detectConduitViolations } from '../detectors/conduitPolicy';
import { createDetectionContext } from '../detectors/detectionContext';
import type { FlowAggregate } from '../observations';
import type { ZoneModel } from '../model/zoneModel';
import { parseZoneModel } from '../model/zoneModelFile';
import { buildTopology, type FlowEdge, judgeFlow, type TopologyLevel } from './topology';

function plant(): ZoneModel {
  const parsed = parseZoneModel(readFileSync(join(__dirname, 'testdata', 'plant.json'), 'utf8'), 'json');
  if (!parsed.ok) {
    throw new Error('the test plant model is invalid');
  }
  return parsed.model;
}

const T0 = 1_700_000_000_000;
const ADDRESSES = [
  '10.2.0.10',
  '10.2.0.20',
  '10.2.0.99',
  '10.1.0.5',
  '10.11.0.3',
  '10.4.0.7',
  '10.35.0.2',
  '10.3.0.9',
  '8.8.8.8',
  '192.168.1.1',
  '',
];
const ZONE_TAGS = ['', '', 'unknown', 'scada', 'control', 'Office', 'bogus'];
const ASSETS = ['', '', 'hmi-1', 'ews-1', 'plc-1', 'unknown', 'laptop'];
const SERVICES = ['modbus', 'MODBUS', 'https', 'opcua', 'rdp', 'ssh', 'dns', ''];
const PORTS = [502, 443, 4840, 3389, 22, 53];

const flowArbitrary: fc.Arbitrary<FlowAggregate> = fc
  .record({
    bucket: fc.nat(20),
    srcIp: fc.constantFrom(...ADDRESSES),
    dstIp: fc.constantFrom(...ADDRESSES),
    srcZone: fc.constantFrom(...ZONE_TAGS),
    dstZone: fc.constantFrom(...ZONE_TAGS),
    srcAsset: fc.constantFrom(...ASSETS),
    dstAsset: fc.constantFrom(...ASSETS),
    service: fc.constantFrom(...SERVICES),
    dstPort: fc.constantFrom(...PORTS),
    connections: fc.nat(1000),
    bytes: fc.nat(1_000_000),
  })
  .map(({ bucket, ...f }) => ({
    ...f,
    bucketStart: T0 + bucket * 60_000,
    bucketMs: 60_000,
    transport: 'tcp',
    firstSeen: T0 + bucket * 60_000,
    lastSeen: T0 + bucket * 60_000 + 59_999,
  }));

/** Every tag of a flow: the detectors judge each such series once. */
function seriesKey(
  f: Pick<FlowAggregate, 'srcIp' | 'dstIp' | 'srcZone' | 'dstZone' | 'srcAsset' | 'service' | 'dstPort'>
) {
  return [f.srcIp, f.dstIp, f.srcZone, f.dstZone, f.srcAsset, f.service, f.dstPort].join('|');
}

describe('buildTopology properties', () => {
  it.each<TopologyLevel>(['zone', 'asset'])('counts every observed flow in exactly one %s-level edge', (level) => {
    fc.assert(
      fc.property(fc.array(flowArbitrary, { maxLength: 60 }), (flows) => {
        const model = plant();
        const ctx = createDetectionContext(model, emptyObservations(0, 0));
        const topology = buildTopology({ model, flows, level });
        const edges = topology.edges.filter((e): e is FlowEdge => e.kind === 'flow');
        const nodeIds = new Set(topology.nodes.map((n) => n.id));

        const matched = new Map<FlowEdge, number>();
        for (const f of flows) {
          const judgement = judgeFlow(f, ctx);
          const candidates = edges.filter(
            (e) =>
              e.service === f.service &&
              e.port === f.dstPort &&
              e.verdict === judgement.verdict &&
              (level === 'asset' ||
                (e.source === (judgement.src ? `zone:${judgement.src.id}` : 'unzoned') &&
                  e.target === (judgement.dst ? `zone:${judgement.dst.id}` : 'unzoned')))
          );
          const holding = candidates.filter((e) => e.reasons.includes(judgement.reason));
          expect(holding.length).toBeGreaterThanOrEqual(1);
          if (level === 'zone') {
            expect(holding).toHaveLength(1);
            matched.set(holding[0], (matched.get(holding[0]) ?? 0) + 1);
          }
        }
        expect(edges.reduce((sum, e) => sum + e.flows, 0)).toBe(flows.length);
        expect(edges.reduce((sum, e) => sum + e.connections, 0)).toBe(flows.reduce((s, f) => s + f.connections, 0));
        for (const [edge, count] of matched) {
          expect(edge.flows).toBe(count);
        }
        for (const edge of topology.edges) {
          expect(nodeIds.has(edge.source) && nodeIds.has(edge.target)).toBe(true);
        }
        expect(new Set(topology.edges.map((e) => e.id)).size).toBe(topology.edges.length);
      })
    );
  });

  it('agrees with the conduit-policy detector on which flows between zones break the policy', () => {
    fc.assert(
      fc.property(fc.array(flowArbitrary, { maxLength: 60 }), (flows) => {
        const model = plant();
        const zoneIds = new Set(model.zones.map((z) => z.id));
        const observations = { ...emptyObservations(T0, T0 + 3_600_000), flows };
        const ctx = createDetectionContext(model, observations);

        const flagged = new Set<string>();
        for (const finding of detectConduitViolations(observations, ctx)) {
          // Findings about an end in no zone (internet egress, unknown sources) are `unknown` on the map.
          if (!zoneIds.has(finding.source?.zone ?? '') || !zoneIds.has(finding.destination?.zone ?? '')) {
            continue;
          }
          for (const record of finding.evidence.records) {
            flagged.add(seriesKey(record as unknown as FlowAggregate));
          }
        }
        const violating = new Set(flows.filter((f) => judgeFlow(f, ctx).verdict === 'violation').map(seriesKey));

        expect([...violating].sort()).toEqual([...flagged].sort());
      })
    );
  });

  it('builds the same graph from the same input', () => {
    fc.assert(
      fc.property(
        fc.array(flowArbitrary, { maxLength: 40 }),
        fc.constantFrom<TopologyLevel>('zone', 'asset'),
        (flows, level) => {
          expect(buildTopology({ model: plant(), flows, level })).toEqual(
            buildTopology({ model: plant(), flows, level })
          );
        }
      )
    );
  });
});
