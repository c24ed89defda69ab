import fc from 'fast-check';
import type { Observations } from '../observations';
import { flowSeriesOf, otSeriesOf, pointSeriesOf } from '../observationSeries';
import type { TelemetryPoint } from '../telemetryContract';
import { aggregateTelemetry } from './telemetryAggregation';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const OPTIONS = { bucketMs: 60_000 };

/** The same observations in new arrays, which the detectors group for themselves. */
function regrouped(obs: Observations) {
  const copy = {
    ...obs,
    flows: [...obs.flows],
    otOperations: [...obs.otOperations],
    processStats: [...obs.processStats],
  };
  return { flows: flowSeriesOf(copy), otOperations: otSeriesOf(copy), points: pointSeriesOf(copy) };
}

function grouped(obs: Observations) {
  return { flows: flowSeriesOf(obs), otOperations: otSeriesOf(obs), points: pointSeriesOf(obs) };
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

describe('the grouping the aggregation hands to the detectors', () => {
  it('is the grouping the detectors would make themselves, for any points in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(flowPoint, otPoint, processPoint), { maxLength: 120 }), (points) => {
        const obs = aggregateTelemetry(points, OPTIONS);
        expect(grouped(obs)).toEqual(regrouped(obs));
      }),
      { numRuns: 300 }
    );
  });

  it('is taken as it is when the aggregation and the detectors tell the same series apart', () => {
    const points: TelemetryPoint[] = [0, 70, 130].map((second) => ({
      measurement: 'flow',
      tags: { src_ip: '10.0.0.1', dst_ip: '10.0.0.2', dst_port: '502', service: 'modbus' },
      fields: { bytes_out: 1 },
      timestampNs: BigInt(T0 + second * 1000) * 1_000_000n,
    }));
    const obs = aggregateTelemetry(points, OPTIONS);
    const original = obs.flows[0];
    // A list of the same length is not grouped again, so the series still hold what the aggregation made.
    obs.flows[0] = { ...original, bytes: 99 };
    expect(flowSeriesOf(obs)[0].items[0]).toBe(original);
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
    expect(flowSeriesOf(obs)[0].items).toEqual(obs.flows);
  });
});
