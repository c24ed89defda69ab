import fc from 'fast-check';

import type { Observations } from '../observations';
import { createDetectionContext } from './detectionContext';
import { FIXTURE_BUCKET_MS, FIXTURE_HOSTS, FIXTURE_START, fixtureModel } from './detectionFixture';
import { compareFindings, runDetectors, runDetectorsWithProblems } from './runDetectors';

const ips = [...Object.values(FIXTURE_HOSTS).map((h) => h.ip), '10.20.2.187', '192.0.2.66', '', 'not-an-ip', 'fe80::1'];
const names = [...Object.keys(FIXTURE_HOSTS), 'unknown', '', 'ghost'];
const zones = [
  'enterprise',
  'dmz',
  'supervisory',
  'control',
  'safety',
  'internet',
  'unknown',
  '',
  'Basic control',
  'nowhere',
];
const text = fc.oneof(
  fc.constantFrom('', 'run', 'program', 'fault', 'failure', 'success', 'write', 'read', 'modbus', 's7comm', 'rdp'),
  fc.string({ maxLength: 6 })
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 70_000 }),
  fc.double({ noDefaultInfinity: false, noNaN: false }),
  fc.constantFrom(0, 1, 502, Number.NaN, Infinity)
);
const span = 2 * 24 * 60;
const bucket = fc.oneof(
  fc.integer({ min: 0, max: span }).map((m) => FIXTURE_START + m * FIXTURE_BUCKET_MS),
  fc.integer({ min: FIXTURE_START - 1e9, max: FIXTURE_START + 1e9 })
);
const ip = fc.constantFrom(...ips);
const name = fc.constantFrom(...names);
const zone = fc.constantFrom(...zones);

const flowArb = fc.record({
  bucketStart: bucket,
  bucketMs: fc.constantFrom(FIXTURE_BUCKET_MS, 0, -1, 1),
  srcIp: ip,
  dstIp: ip,
  srcAsset: name,
  dstAsset: name,
  srcZone: zone,
  dstZone: zone,
  transport: fc.constantFrom('tcp', 'udp', ''),
  service: fc.constantFrom('modbus', 'rdp', 'https', 's7comm', '', 'smb'),
  dstPort: fc.constantFrom(502, 3389, 443, 102, 0, -1, 70_000),
  connections: number,
  bytes: number,
  firstSeen: number,
  lastSeen: number,
});

const otArb = fc.record({
  bucketStart: bucket,
  bucketMs: fc.constant(FIXTURE_BUCKET_MS),
  srcIp: ip,
  dstIp: ip,
  srcAsset: name,
  dstAsset: name,
  srcZone: zone,
  dstZone: zone,
  protocol: fc.constantFrom('modbus', 's7comm', 'opcua', ''),
  operation: fc.constantFrom(
    'read',
    'write',
    'program_download',
    'mode_change',
    'firmware_update',
    'diagnostic',
    '',
    'odd'
  ),
  functionCode: fc.constantFrom('3', '16', '90', '', 'x'),
  count: number,
  minAddress: fc.option(number, { nil: null }),
  maxAddress: fc.option(number, { nil: null }),
  lastValue: fc.option(number, { nil: null }),
  firstSeen: number,
  lastSeen: number,
});

const statArb = fc.record({
  bucketStart: bucket,
  bucketMs: fc.constant(FIXTURE_BUCKET_MS),
  asset: name,
  zone,
  point: fc.constantFrom('chlorine_residual', 'dose', ''),
  kind: fc.constantFrom('measurement', 'setpoint', 'status', ''),
  unit: fc.constantFrom('mg/L', '%', 'pH', 'bool', '', 'bar'),
  count: number,
  mean: number,
  median: number,
  min: number,
  max: number,
  first: number,
  last: number,
  distinct: number,
});

const observationsArb: fc.Arbitrary<Observations> = fc.record({
  range: fc.constantFrom(
    { from: FIXTURE_START, to: FIXTURE_START + span * FIXTURE_BUCKET_MS },
    { from: FIXTURE_START, to: FIXTURE_START },
    { from: FIXTURE_START + 1000, to: FIXTURE_START }
  ),
  flows: fc.array(flowArb, { maxLength: 25 }),
  otOperations: fc.array(otArb, { maxLength: 25 }),
  processStats: fc.array(statArb, { maxLength: 40 }),
  controllerStates: fc.array(
    fc.record({ time: bucket, asset: name, zone, mode: text, programHash: text, firmware: text }),
    { maxLength: 12 }
  ),
  auth: fc.array(
    fc.record({
      bucketStart: bucket,
      bucketMs: fc.constant(FIXTURE_BUCKET_MS),
      asset: name,
      zone,
      srcIp: ip,
      srcAsset: name,
      srcZone: zone,
      user: text,
      method: text,
      result: fc.constantFrom('failure', 'success', '', 'locked'),
      count: number,
      firstSeen: number,
      lastSeen: number,
    }),
    { maxLength: 15 }
  ),
  alerts: fc.array(
    fc.record({
      time: bucket,
      source: text,
      severity: fc.constantFrom('info', 'low', 'medium', 'high', 'critical', '', 'HIGH'),
      asset: name,
      zone,
      srcIp: ip,
      dstIp: ip,
      technique: text,
      signature: text,
      category: text,
      message: text,
    }),
    { maxLength: 6 }
  ),
  assets: fc.array(
    fc.record({
      time: bucket,
      asset: name,
      zone,
      role: fc.constantFrom('hmi', 'plc', 'workstation', '', 'unknown'),
      vendor: text,
      model: text,
      ip: ip,
      firmware: text,
      criticality: number,
      vulnCount: number,
      vulnKnownExploited: number,
      cvssMax: number,
    }),
    { maxLength: 6 }
  ),
});

describe('runDetectors on any observations', () => {
  it('never fails, scores 0 to 100, orders findings by time then id and gives each a distinct id', () => {
    let total = 0;
    fc.assert(
      fc.property(observationsArb, (obs) => {
        const run = runDetectorsWithProblems(obs, createDetectionContext(fixtureModel(), obs));
        expect(run.problems).toEqual([]);
        total += run.findings.length;
        const ids = new Set<string>();
        run.findings.forEach((finding, i) => {
          expect(Number.isInteger(finding.score) && finding.score >= 0 && finding.score <= 100).toBe(true);
          expect(ids.has(finding.id)).toBe(false);
          ids.add(finding.id);
          if (i > 0) {
            expect(compareFindings(run.findings[i - 1], finding)).toBeLessThan(0);
          }
          expect(finding.explanation.length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 150 }
    );
    // The generated observations are odd enough to make the detectors report, not only to stay quiet.
    expect(total).toBeGreaterThan(50);
  });

  it('gives the same findings with the same ids when run again', () => {
    fc.assert(
      fc.property(observationsArb, (obs) => {
        const first = runDetectors(obs, createDetectionContext(fixtureModel(), obs));
        const second = runDetectors(obs, createDetectionContext(fixtureModel(), obs));
        expect(second).toEqual(first);
      }),
      { numRuns: 50 }
    );
  });
});
