import fc from 'fast-check';
import type { Observations } from '../observations';
import {
  authSeriesOf,
  flowSeriesOf,
  otSeriesOf,
  type PointSeries,
  pointSeriesOf,
  type Series,
} from '../observationSeries';
import type { TelemetryPoint } from '../telemetryContract';
import { createDetectionContext } from '../detectors/detectionContext';
import { runDetectors } from '../detectors/runDetectors';
import { syntheticTelemetry, syntheticZoneModel } from './syntheticTelemetry';
import { aggregateTelemetry } from './telemetryAggregation';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const OPTIONS = { bucketMs: 60_000 };

/** What a series holds, as plain data. */
function contents<T>(series: Array<Series<T>>) {
  return series.map((s) => ({
    first: s.first,
    size: s.size,
    bucketStarts: [...s.bucketStarts],
    records: s.records(),
    each: Array.from({ length: s.size }, (_, i) => s.record(i)),
  }));
}

/** What a process point's series holds, as plain data. */
function pointContents(series: PointSeries[]) {
  return series.map((s, n) => ({
    ...contents(series)[n],
    tags: [s.key, s.asset, s.zone, s.point, s.kind, s.unit, s.bucketMs],
    figures: [...s.figures],
    units: Array.from({ length: s.size }, (_, i) => s.unitOf(i)),
  }));
}

/** The same observations in plain new arrays, which the detectors group for themselves. */
function listedCopy(obs: Observations): Observations {
  return {
    ...obs,
    flows: [...obs.flows],
    otOperations: [...obs.otOperations],
    processStats: [...obs.processStats],
    auth: [...obs.auth],
  };
}

function regrouped(obs: Observations) {
  const copy = listedCopy(obs);
  return {
    flows: contents(flowSeriesOf(copy)),
    otOperations: contents(otSeriesOf(copy)),
    auth: contents(authSeriesOf(copy)),
    points: pointContents(pointSeriesOf(copy)),
  };
}

function grouped(obs: Observations) {
  return {
    flows: contents(flowSeriesOf(obs)),
    otOperations: contents(otSeriesOf(obs)),
    auth: contents(authSeriesOf(obs)),
    points: pointContents(pointSeriesOf(obs)),
  };
}

const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
// "502" and "0502" are one port to the detectors and two series to the aggregation.
const ports = ['502', '0502', '44818'];

const flowPoint = fc
  .record({
    second: fc.nat(600),
    src: fc.constantFrom(...hosts),
    dst: fc.constantFrom(...hosts),
    port: fc.constantFrom(...ports),
    service: fc.constantFrom('modbus', 'enip'),
  })
  .map(({ second, src, dst, port, service }): TelemetryPoint => ({
    measurement: 'flow',
    tags: { src_ip: src, dst_ip: dst, dst_port: port, service, transport: 'tcp', src_zone: 'a', dst_zone: 'b' },
    fields: { bytes_out: 10, bytes_in: 20 },
    timestampNs: BigInt(T0 + second * 1000) * 1_000_000n,
  }));

const otPoint = fc
  .record({
    second: fc.nat(600),
    src: fc.constantFrom(...hosts),
    code: fc.constantFrom('3', '16'),
    operation: fc.constantFrom('read', 'write'),
  })
  .map(({ second, src, code, operation }): TelemetryPoint => ({
    measurement: 'ot_operation',
    tags: { src_ip: src, dst_ip: '10.0.1.1', protocol: 'modbus', operation, function_code: code },
    fields: { address: 40001, value: 7 },
    timestampNs: BigInt(T0 + second * 1000) * 1_000_000n,
  }));

// A point whose kind or unit changes is one series to the detectors and two to the aggregation.
const processPoint = fc
  .record({
    second: fc.nat(600),
    asset: fc.constantFrom('plc-1', 'plc-2'),
    point: fc.constantFrom('level', 'flow'),
    kind: fc.constantFrom('sensor', 'sensor', 'setpoint'),
    value: fc.integer({ min: -5, max: 5 }),
  })
  .map(({ second, asset, point, kind, value }): TelemetryPoint => ({
    measurement: 'process_value',
    tags: { asset, point, kind, zone: 'control', unit: 'm' },
    fields: { value },
    timestampNs: BigInt(T0 + second * 1000) * 1_000_000n,
  }));

const logonPoint = fc
  .record({
    second: fc.nat(600),
    src: fc.constantFrom(...hosts),
    user: fc.constantFrom('operator', 'admin'),
    result: fc.constantFrom('success', 'failure'),
    count: fc.constantFrom(undefined, 1, 3),
  })
  .map(({ second, src, user, result, count }): TelemetryPoint => ({
    measurement: 'auth',
    tags: { asset: 'hmi-1', src_ip: src, user, method: 'password', result, zone: 'control' },
    fields: count === undefined ? {} : { count },
    timestampNs: BigInt(T0 + second * 1000) * 1_000_000n,
  }));

const threeFlowBuckets: TelemetryPoint[] = [0, 70, 130].map((second) => ({
  measurement: 'flow',
  tags: { src_ip: '10.0.0.1', dst_ip: '10.0.0.2', dst_port: '502', service: 'modbus' },
  fields: { bytes_out: 1 },
  timestampNs: BigInt(T0 + second * 1000) * 1_000_000n,
}));

describe('the grouping the aggregation hands to the detectors', () => {
  it('is the grouping the detectors would make themselves, for any points in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(flowPoint, otPoint, processPoint, logonPoint), { maxLength: 120 }), (points) => {
        const obs = aggregateTelemetry(points, OPTIONS);
        expect(grouped(obs)).toEqual(regrouped(obs));
      }),
      { numRuns: 300 }
    );
  });

  it('is taken as it is when the aggregation and the detectors tell the same series apart', () => {
    const obs = aggregateTelemetry(threeFlowBuckets, OPTIONS);
    const original = obs.flows[0];
    // A list of the same length is not grouped again, so the series still hold what the aggregation made.
    obs.flows[0] = { ...original, bytes: 99 };
    expect(flowSeriesOf(obs)[0].first).toEqual(original);
    expect(flowSeriesOf(obs)[0].record(0).bytes).toBe(1);
  });

  it('is grouped again from a list that replaced the one made', () => {
    const obs = aggregateTelemetry(threeFlowBuckets, OPTIONS);
    const changed = obs.flows.map((flow) => ({ ...flow, bytes: 99 }));
    obs.flows = changed;
    expect(flowSeriesOf(obs)[0].records()).toEqual(changed);
  });

  it('is left to the detectors when a port is written two ways', () => {
    const points: TelemetryPoint[] = ['502', '0502'].map((port, i) => ({
      measurement: 'flow',
      tags: { src_ip: '10.0.0.1', dst_ip: '10.0.0.2', dst_port: port, service: 'modbus' },
      fields: { bytes_out: 1 },
      timestampNs: BigInt(T0 + i * 60_000) * 1_000_000n,
    }));
    const obs = aggregateTelemetry(points, OPTIONS);
    expect(flowSeriesOf(obs)).toHaveLength(1);
    expect(flowSeriesOf(obs)[0].records()).toEqual(obs.flows);
  });
});

describe('the lists of flows, OT requests, logons and process statistics that the aggregation makes when read', () => {
  const points = [...threeFlowBuckets, ...fc.sample(fc.oneof(otPoint, logonPoint), { numRuns: 40, seed: 7 })];

  it('are made once, and are what the series hold, in the observations order', () => {
    const obs = aggregateTelemetry(points, OPTIONS);
    expect(obs.flows).toBe(obs.flows);
    expect(obs.flows.map((f) => f.bucketStart)).toEqual([...flowSeriesOf(obs)[0].bucketStarts]);
    expect(new Set(obs.auth)).toEqual(new Set(authSeriesOf(obs).flatMap((s) => s.records())));
    expect(obs.auth.map((a) => a.bucketStart)).toEqual(obs.auth.map((a) => a.bucketStart).sort((a, b) => a - b));
  });

  it('are own enumerable lists: printed, copied and compared like any other', () => {
    const obs = aggregateTelemetry(points, OPTIONS);
    const printed = JSON.parse(JSON.stringify(obs)) as Observations;
    expect(printed.flows).toEqual(obs.flows);
    expect(printed.otOperations).toEqual(obs.otOperations);
    expect(printed.auth).toEqual(obs.auth);
    expect(printed.processStats).toEqual(obs.processStats);
    expect(Object.keys(obs)).toEqual(expect.arrayContaining(['flows', 'otOperations', 'auth']));
    expect({ ...obs }.auth).toBe(obs.auth);
  });

  it('are not made by the detectors, which find the same in them as in lists made beforehand', () => {
    const from = Date.UTC(2025, 2, 3);
    const range = { from, to: from + 3_600_000 };
    const telemetry = syntheticTelemetry({ seed: 5, ...range, flows: 4000, processSamples: 1000, others: 1500 });
    const model = syntheticZoneModel();
    const obs = aggregateTelemetry(telemetry, { bucketMs: 60_000, range });
    const reads = (['flows', 'otOperations', 'auth', 'processStats'] as const).map((list) =>
      jest.spyOn(obs, list, 'get')
    );
    const findings = runDetectors(obs, createDetectionContext(model, obs));
    for (const read of reads) {
      expect(read).not.toHaveBeenCalled();
    }
    const copy = listedCopy(aggregateTelemetry(telemetry, { bucketMs: 60_000, range }));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings).toEqual(runDetectors(copy, createDetectionContext(model, copy)));
  });
});
