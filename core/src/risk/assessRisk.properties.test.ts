import fc from 'fast-check';
import { FINDING_CATEGORIES, type Finding, SEVERITIES } from '../finding';
import type { AssetRecord, FlowAggregate, Observations } from '../observations';
import { CONTROL_TYPES, PURDUE_LEVELS, type ZoneModel } from '../model/zoneModel';
import { assessRisk, type RiskInput } from './assessRisk';
import { riskMatrix } from './riskMatrix';
import { riskOverTime } from './riskOverTime';

const ZONE_IDS = ['z-a', 'z-b', 'z-c', 'z-d', 'unknown'];
const ASSET_IDS = ['a-1', 'a-2', 'a-3', 'a-4', 'a-5'];
const T0 = Date.UTC(2026, 0, 1);
const SPAN = 7 * 24 * 3_600_000;

const securityLevel = fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<0 | 1 | 2 | 3 | 4>;

const modelArb: fc.Arbitrary<ZoneModel> = fc.record({
  zones: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...ZONE_IDS.slice(0, 4)),
      name: fc.string(),
      purdueLevel: fc.constantFrom(...PURDUE_LEVELS),
      slTarget: securityLevel,
      slAchieved: fc.option(securityLevel, { nil: undefined }),
      safety: fc.boolean(),
      cidrs: fc.constant([]),
      vlans: fc.constant([]),
    }),
    { selector: (z) => z.id }
  ),
  conduits: fc.array(
    fc.record({
      id: fc.string(),
      from: fc.constantFrom(...ZONE_IDS),
      to: fc.constantFrom(...ZONE_IDS),
      direction: fc.constantFrom('one-way' as const, 'two-way' as const),
      controlType: fc.constantFrom(...CONTROL_TYPES),
      slTarget: securityLevel,
      slAchieved: fc.option(securityLevel, { nil: undefined }),
      services: fc.constant([]),
    }),
    { maxLength: 6 }
  ),
  assets: fc.array(
    fc.record({
      name: fc.constantFrom(...ASSET_IDS, 'extra'),
      zone: fc.option(fc.constantFrom(...ZONE_IDS), { nil: undefined }),
      criticality: fc.option(fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 5 as const), {
        nil: undefined,
      }),
    }),
    { maxLength: 3 }
  ),
});

const numberArb = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 20 }));

const assetArb: fc.Arbitrary<AssetRecord> = fc.record({
  time: fc.integer({ min: T0, max: T0 + SPAN }),
  asset: fc.constantFrom(...ASSET_IDS),
  zone: fc.constantFrom(...ZONE_IDS),
  role: fc.constantFrom('plc', 'safety-plc', 'workstation', ''),
  vendor: fc.constant(''),
  model: fc.constant(''),
  ip: fc.constantFrom('10.0.0.1', '10.0.0.2', ''),
  firmware: fc.constant(''),
  criticality: numberArb,
  vulnCount: numberArb,
  vulnKnownExploited: numberArb,
  cvssMax: numberArb,
});

const flowArb: fc.Arbitrary<FlowAggregate> = fc.record({
  bucketStart: fc.constant(T0),
  bucketMs: fc.constant(60_000),
  srcIp: fc.constantFrom('10.0.0.1', '203.0.113.9', ''),
  dstIp: fc.constantFrom('10.0.0.1', '10.0.0.2', ''),
  srcAsset: fc.constantFrom(...ASSET_IDS, ''),
  dstAsset: fc.constantFrom(...ASSET_IDS, ''),
  srcZone: fc.constantFrom(...ZONE_IDS),
  dstZone: fc.constantFrom(...ZONE_IDS),
  transport: fc.constant('tcp'),
  service: fc.constantFrom('modbus', 'https', 's7comm', 'ssh'),
  dstPort: fc.constantFrom(502, 443, 102, 22),
  connections: fc.nat(),
  bytes: fc.nat(),
  firstSeen: fc.constant(T0),
  lastSeen: fc.constant(T0),
});

const endArb = fc.option(
  fc.record({
    asset: fc.option(fc.constantFrom(...ASSET_IDS), { nil: undefined }),
    ip: fc.option(fc.constantFrom('10.0.0.1', '10.0.0.2'), { nil: undefined }),
    zone: fc.option(fc.constantFrom(...ZONE_IDS), { nil: undefined }),
  }),
  { nil: undefined }
);

const findingArb: fc.Arbitrary<Finding> = fc.record({
  id: fc.string({ maxLength: 6 }),
  detector: fc.constant('prop'),
  category: fc.constantFrom(...FINDING_CATEGORIES),
  time: fc.integer({ min: T0 - SPAN, max: T0 + 2 * SPAN }),
  severity: fc.constantFrom(...SEVERITIES),
  score: fc.integer({ min: 0, max: 100 }),
  source: endArb,
  destination: endArb,
  explanation: fc.constant(''),
  evidence: fc.constant({ records: [], query: '', store: 'ot' as const }),
});

const observationsArb: fc.Arbitrary<Observations> = fc.record({
  range: fc.constant({ from: T0, to: T0 + SPAN }),
  flows: fc.array(flowArb, { maxLength: 8 }),
  otOperations: fc.constant([]),
  processStats: fc.constant([]),
  controllerStates: fc.constant([]),
  auth: fc.constant([]),
  alerts: fc.constant([]),
  assets: fc.array(assetArb, { maxLength: 8 }),
});

const inputArb: fc.Arbitrary<RiskInput> = fc.record({
  model: modelArb,
  observations: observationsArb,
  findings: fc.array(findingArb, { maxLength: 10 }),
  at: fc.integer({ min: T0, max: T0 + SPAN }),
  weights: fc.option(
    fc.record(
      {
        exposure: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(-1)),
        criticality: fc.double({ min: 0, max: 10, noNaN: true }),
        zoneMaxShare: fc.double({ min: -1, max: 2, noNaN: true }),
        findingHalfLifeMs: fc.oneof(fc.integer({ min: 1, max: SPAN }), fc.constant(0)),
      },
      { requiredKeys: [] }
    ),
    { nil: undefined }
  ),
});

describe('assessRisk properties', () => {
  it('never throws, even on values that are not inputs at all', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (model, observations, findings, at) => {
        const input = { model, observations, findings, at } as unknown as RiskInput;
        expect(() => assessRisk(input)).not.toThrow();
        expect(() => riskOverTime({ ...input, from: T0, to: T0 + 3_600_000, bucketMs: 600_000 })).not.toThrow();
      })
    );
  });

  it('keeps impact and likelihood in 1..5 and scores in 0..100, with contributions that sum to each score', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = assessRisk(input);
        for (const e of [...result.assets, ...result.zones]) {
          expect(e.impact).toBeGreaterThanOrEqual(1);
          expect(e.impact).toBeLessThanOrEqual(5);
          expect(e.likelihood).toBeGreaterThanOrEqual(1);
          expect(e.likelihood).toBeLessThanOrEqual(5);
          expect(e.score).toBeGreaterThanOrEqual(0);
          expect(e.score).toBeLessThanOrEqual(100);
          const sum = e.factors.reduce((s, f) => s + f.contribution, 0);
          expect(Math.abs(sum - e.score)).toBeLessThan(1e-6);
          for (const f of e.factors) {
            expect(f.contribution).toBeGreaterThanOrEqual(0);
            expect(f.value).toBeGreaterThanOrEqual(0);
            expect(f.value).toBeLessThanOrEqual(1);
          }
        }
      })
    );
  });

  it('places every assessed asset in exactly one matrix cell', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = assessRisk(input);
        const matrix = riskMatrix(result);
        expect(matrix.counts.flat().reduce((s, c) => s + c, 0)).toBe(result.assets.length);
      })
    );
  });

  it('never lowers an asset score when a finding about it is added', () => {
    fc.assert(
      fc.property(inputArb, findingArb, (input, extra) => {
        const before = assessRisk(input);
        const after = assessRisk({ ...input, findings: [...input.findings, extra] });
        for (const asset of before.assets) {
          const later = after.assets.find((a) => a.id === asset.id);
          expect(later && later.likelihood).toBeGreaterThanOrEqual(asset.likelihood);
        }
      })
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(inputArb, (input) => expect(assessRisk(input)).toEqual(assessRisk(input))));
  });

  it('produces a time series whose points stay in range and in time order', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 600_000, max: SPAN }), (input, bucketMs) => {
        const points = riskOverTime({ ...input, from: T0, to: T0 + SPAN, bucketMs });
        const outOfOrder = points.filter((p, i) => i > 0 && p.time < points[i - 1].time);
        const outOfRange = points.filter(
          (p) =>
            !(
              p.score >= 0 &&
              p.score <= 100 &&
              p.impact >= 1 &&
              p.impact <= 5 &&
              p.likelihood >= 1 &&
              p.likelihood <= 5
            )
        );
        expect([outOfOrder, outOfRange]).toEqual([[], []]);
      }),
      { numRuns: 50 }
    );
  });
});
