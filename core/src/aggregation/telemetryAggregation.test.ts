import type { TelemetryPoint } from '../telemetryContract';
import { syntheticTelemetry } from './syntheticTelemetry';
import { aggregateTelemetry } from './telemetryAggregation';
import { nanosecondsToMs } from './telemetryTime';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

function at(ms: number): bigint {
  return BigInt(ms) * 1_000_000n;
}

function flow(ms: number, src: string, dst: string, port: string, bytesOut: number, bytesIn: number): TelemetryPoint {
  return {
    measurement: 'flow',
    tags: {
      src_ip: src,
      dst_ip: dst,
      src_asset: `a-${src}`,
      dst_asset: `a-${dst}`,
      src_zone: 'z1',
      dst_zone: 'z2',
      transport: 'tcp',
      service: 'modbus',
      dst_port: port,
    },
    fields: { bytes_out: bytesOut, bytes_in: bytesIn, src_port: 40000, duration: 0.1, conn_state: 'SF' },
    timestampNs: at(ms),
  };
}

function sample(ms: number, value: number, point = 'cl2'): TelemetryPoint {
  return {
    measurement: 'process_value',
    tags: { asset: 'plc-1', zone: 'control', point, kind: 'sensor', unit: 'mg/L' },
    fields: { value, quality: 'good' },
    timestampNs: at(ms),
  };
}

describe('aggregateTelemetry', () => {
  it('totals flows per bucket, source, destination and service', () => {
    const obs = aggregateTelemetry(
      [
        flow(T0 + 1_000, '10.0.0.1', '10.0.0.2', '502', 10, 5),
        flow(T0 + 30_000, '10.0.0.1', '10.0.0.2', '502', 20, 5),
        flow(T0 + 61_000, '10.0.0.1', '10.0.0.2', '502', 1, 1),
        flow(T0 + 2_000, '10.0.0.1', '10.0.0.3', '502', 7, 0),
      ],
      { bucketMs: 60_000 }
    );
    expect(obs.flows).toHaveLength(3);
    const [first, other, next] = obs.flows;
    expect(first).toMatchObject({
      bucketStart: T0,
      dstIp: '10.0.0.2',
      connections: 2,
      bytes: 40,
      dstPort: 502,
      firstSeen: T0 + 1_000,
      lastSeen: T0 + 30_000,
      srcAsset: 'a-10.0.0.1',
      srcZone: 'z1',
      dstZone: 'z2',
    });
    expect(other).toMatchObject({ bucketStart: T0, dstIp: '10.0.0.3', connections: 1, bytes: 7 });
    expect(next).toMatchObject({ bucketStart: T0 + 60_000, connections: 1, bytes: 2 });
    expect(obs.range).toEqual({ from: T0, to: T0 + 120_000 });
  });

  it("computes a process point's statistics per bucket as the store does, median of an even count included", () => {
    const obs = aggregateTelemetry(
      [sample(T0 + 3_000, 5), sample(T0, 1), sample(T0 + 1_000, 2), sample(T0 + 2_000, 2)],
      {
        bucketMs: 60_000,
      }
    );
    expect(obs.processStats).toEqual([
      expect.objectContaining({
        bucketStart: T0,
        count: 4,
        mean: 2.5,
        median: 2,
        min: 1,
        max: 5,
        first: 1,
        last: 5,
        distinct: 2,
        asset: 'plc-1',
        point: 'cl2',
        unit: 'mg/L',
      }),
    ]);
  });

  it('keeps every value of a busy point, buckets revisited many times included', () => {
    // Three buckets of 5,000 samples each, arriving in turns, so each bucket is reopened again and again
    // and its values move between the typed arrays that hold them.
    const values = [0, 1, 2].map((bucket) => Array.from({ length: 5_000 }, (_, i) => ((i * 7919) % 1000) + bucket));
    const points: TelemetryPoint[] = [];
    for (let i = 0; i < 5_000; i += 250) {
      for (const bucket of [2, 0, 1]) {
        for (let j = i; j < i + 250; j++) {
          points.push(sample(T0 + bucket * 60_000 + j, values[bucket][j]));
        }
      }
    }
    const stats = aggregateTelemetry(points, { bucketMs: 60_000 }).processStats;
    expect(stats).toHaveLength(3);
    stats.forEach((stat, bucket) => {
      const sorted = [...values[bucket]].sort((a, b) => a - b);
      expect(stat).toMatchObject({
        bucketStart: T0 + bucket * 60_000,
        count: 5_000,
        median: (sorted[2_499] + sorted[2_500]) / 2,
        min: sorted[0],
        max: sorted[4_999],
        first: values[bucket][0],
        last: values[bucket][4_999],
        distinct: 2,
      });
      expect(stat.mean).toBeCloseTo(sorted.reduce((a, b) => a + b, 0) / 5_000, 9);
    });
  });

  it('reports distinct 1 for a point that did not move', () => {
    const points = Array.from({ length: 40 }, (_, i) => sample(T0 + i * 1_000, 0.7));
    const obs = aggregateTelemetry(points, { bucketMs: 60_000 });
    expect(obs.processStats[0]).toMatchObject({ count: 40, distinct: 1, median: 0.7 });
  });

  it('keeps only points inside an explicit range, as a WHERE clause would', () => {
    const obs = aggregateTelemetry([sample(T0 - 1, 1), sample(T0, 2), sample(T0 + 60_000, 3)], {
      bucketMs: 60_000,
      range: { from: T0, to: T0 + 60_000 },
    });
    expect(obs.processStats.map((s) => s.median)).toEqual([2]);
    expect(obs.range).toEqual({ from: T0, to: T0 + 60_000 });
  });

  it('leaves an end that is not finite to the points, as a range with one end given', () => {
    const points = [sample(T0 - 60_000, 1), sample(T0, 2), sample(T0 + 60_000, 3)];
    const fromOnly = aggregateTelemetry(points, { bucketMs: 60_000, range: { from: T0, to: Infinity } });
    expect(fromOnly.processStats.map((s) => s.median)).toEqual([2, 3]);
    expect(fromOnly.range).toEqual({ from: T0, to: T0 + 120_000 });
    const toOnly = aggregateTelemetry(points, { bucketMs: 60_000, range: { from: -Infinity, to: T0 } });
    expect(toOnly.processStats.map((s) => s.median)).toEqual([1]);
    expect(toOnly.range).toEqual({ from: T0 - 60_000, to: T0 });
    const nothingAfter = aggregateTelemetry(points, { bucketMs: 60_000, range: { from: T0 + 600_000, to: Infinity } });
    expect(nothingAfter.range).toEqual({ from: T0 + 600_000, to: T0 + 600_000 });
  });

  it('counts OT operations with the address range and the last written value', () => {
    const op = (ms: number, address: number, value: number): TelemetryPoint => ({
      measurement: 'ot_operation',
      tags: {
        src_ip: '10.1.0.5',
        dst_ip: '10.2.0.10',
        protocol: 'modbus',
        operation: 'write',
        function_code: '16',
      },
      fields: { address, value, quantity: 1, unit_id: 1, result: 'ok' },
      timestampNs: at(ms),
    });
    const obs = aggregateTelemetry([op(T0 + 5_000, 40012, 9), op(T0 + 1_000, 40001, 3), op(T0 + 2_000, 40020, 4)], {
      bucketMs: 60_000,
    });
    expect(obs.otOperations).toEqual([
      expect.objectContaining({
        count: 3,
        minAddress: 40001,
        maxAddress: 40020,
        lastValue: 9,
        functionCode: '16',
        operation: 'write',
        srcAsset: '',
      }),
    ]);
  });

  it('sums authentication attempts, counting a record without a count as one', () => {
    const attempt = (ms: number, result: string, count?: number): TelemetryPoint => ({
      measurement: 'auth',
      tags: { asset: 'jump-1', src_ip: '10.0.0.9', user: 'admin', method: 'rdp', result },
      fields: count === undefined ? { reason: 'bad password' } : { count },
      timestampNs: at(ms),
    });
    const obs = aggregateTelemetry(
      [attempt(T0, 'failure', 3), attempt(T0 + 1, 'failure'), attempt(T0 + 2, 'success', 1)],
      {
        bucketMs: 60_000,
      }
    );
    expect(obs.auth.map((a) => [a.result, a.count])).toEqual([
      ['failure', 4],
      ['success', 1],
    ]);
  });

  it('passes controller states, alerts and inventory through as records', () => {
    const obs = aggregateTelemetry(
      [
        {
          measurement: 'controller_state',
          tags: { asset: 'plc-1', zone: 'control', vendor: 'x' },
          fields: { mode: 'run', program_hash: 'abc', firmware: '2.1', cpu_load: 12 },
          timestampNs: at(T0),
        },
        {
          measurement: 'controller_state',
          tags: { asset: 'plc-1', zone: 'control' },
          fields: { cpu_load: 13 },
          timestampNs: at(T0 + 1),
        },
        {
          measurement: 'alert',
          tags: { source: 'edr', severity: 'high', asset: 'ws-1' },
          fields: { signature: 'Emotet', category: 'malware', message: 'loader' },
          timestampNs: at(T0 + 2),
        },
        {
          measurement: 'asset',
          tags: { asset: 'plc-1', role: 'plc' },
          fields: { ip: '10.2.0.10', criticality: 5 },
          timestampNs: at(T0 + 3),
        },
        { measurement: 'unknown_thing', tags: {}, fields: { x: 1 }, timestampNs: at(T0 + 4) },
      ],
      { bucketMs: 60_000 }
    );
    expect(obs.controllerStates).toEqual([
      { time: T0, asset: 'plc-1', zone: 'control', mode: 'run', programHash: 'abc', firmware: '2.1' },
    ]);
    expect(obs.alerts[0]).toMatchObject({ signature: 'Emotet', category: 'malware', severity: 'high', srcIp: '' });
    expect(obs.assets[0]).toMatchObject({ asset: 'plc-1', role: 'plc', criticality: 5, vulnCount: 0 });
  });

  it('does not throw on malformed points and skips what it cannot read', () => {
    const junk = [
      null,
      { measurement: 'flow', tags: null, fields: null, timestampNs: at(T0) },
      { measurement: 'process_value', tags: {}, fields: { value: 'high' }, timestampNs: at(T0) },
    ] as unknown as TelemetryPoint[];
    const obs = aggregateTelemetry(junk, { bucketMs: Number.NaN });
    expect(obs.flows).toEqual([]);
    expect(obs.processStats).toEqual([]);
  });

  it('skips points whose time cannot be read and keeps the rest, a time given as a plain number included', () => {
    const unreadable = [undefined, 'soon', Number.NaN, Number.POSITIVE_INFINITY].map((timestampNs) => ({
      ...sample(T0, 99),
      timestampNs,
    }));
    const asNumber = { ...sample(T0 + 2_000, 3), timestampNs: Number(at(T0 + 2_000)) };
    const points = [sample(T0 + 1_000, 1), ...unreadable, asNumber] as unknown as TelemetryPoint[];
    const obs = aggregateTelemetry(points, { bucketMs: 60_000 });
    expect(obs.processStats).toHaveLength(1);
    expect(obs.processStats[0]).toMatchObject({ count: 2, min: 1, max: 3, first: 1, last: 3 });
  });
});

describe('nanosecondsToMs', () => {
  it('keeps a timestamp on a millisecond on that millisecond at present-day dates', () => {
    for (const ms of [T0, T0 + 1, T0 + 59_999, 1_767_225_599_999]) {
      expect(nanosecondsToMs(BigInt(ms) * 1_000_000n)).toBe(ms);
    }
  });

  it('floors a timestamp between milliseconds', () => {
    expect(nanosecondsToMs(BigInt(T0) * 1_000_000n + 600_000n)).toBe(T0);
  });
});

describe('nanosecondsToMs at millisecond edges', () => {
  it('puts the last nanosecond of a millisecond in that millisecond, as the store does', () => {
    const ms = 1_767_225_599_999;
    expect(nanosecondsToMs(BigInt(ms) * 1_000_000n + 999_999n)).toBe(ms);
    expect(nanosecondsToMs(BigInt(ms) * 1_000_000n + 1n)).toBe(ms);
    expect(nanosecondsToMs(-1n)).toBe(-1);
  });

  it('gives the same observations whatever order the points arrive in, buckets revisited included', () => {
    const from = T0;
    const to = T0 + 10 * 60_000;
    const points = syntheticTelemetry({
      seed: 5,
      from,
      to,
      flows: 3000,
      processSamples: 3000,
      others: 400,
      pairs: 20,
      points: 6,
    });
    const options = { bucketMs: 60_000, range: { from, to } };
    // A sum of floating-point values depends on the order of the additions in its last bits.
    const aggregate = (list: TelemetryPoint[]) => {
      const obs = aggregateTelemetry(list, options);
      return { ...obs, processStats: obs.processStats.map((s) => ({ ...s, mean: Number(s.mean.toPrecision(12)) })) };
    };
    const inOrder = aggregate(points);
    // A seeded shuffle: every series goes back and forth between its buckets.
    let state = 7;
    const shuffled = [...points];
    for (let i = shuffled.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    expect(inOrder.flows.length).toBeGreaterThan(100);
    expect(inOrder.processStats.length).toBeGreaterThan(50);
    expect(aggregate(shuffled)).toEqual(inOrder);
    expect(aggregate([...points].reverse())).toEqual(inOrder);
  });

  it('orders buckets far apart by time, then series, as it orders neighbouring ones', () => {
    const year = 365 * 86_400_000;
    const obs = aggregateTelemetry(
      [
        flow(T0 + year, '10.0.0.9', '10.0.0.2', '502', 1, 0),
        flow(T0, '10.0.0.9', '10.0.0.2', '502', 2, 0),
        flow(T0 + year + 5, '10.0.0.1', '10.0.0.2', '502', 3, 0),
        flow(T0 + 7, '10.0.0.1', '10.0.0.2', '502', 4, 0),
      ],
      { bucketMs: 60_000 }
    );
    expect(obs.flows.map((f) => [f.bucketStart, f.srcIp, f.bytes])).toEqual([
      [T0, '10.0.0.1', 4],
      [T0, '10.0.0.9', 2],
      [T0 + year, '10.0.0.1', 3],
      [T0 + year, '10.0.0.9', 1],
    ]);
  });

  it('keeps first and last seen exact when a bucket is reopened within the same milliseconds', () => {
    const ms = T0 + 1_000;
    const points = [
      { ...flow(ms, '10.0.0.1', '10.0.0.2', '502', 1, 0), timestampNs: at(ms) + 500_000n },
      flow(T0 + 90_000, '10.0.0.1', '10.0.0.2', '502', 1, 0),
      // Back in the first bucket: earlier and later within the millisecond already seen, then a later one.
      { ...flow(ms, '10.0.0.1', '10.0.0.2', '502', 1, 0), timestampNs: at(ms) + 100n },
      { ...flow(ms, '10.0.0.1', '10.0.0.2', '502', 1, 0), timestampNs: at(ms) + 999_999n },
      flow(T0 + 2_000, '10.0.0.1', '10.0.0.2', '502', 1, 0),
      flow(T0 + 95_000, '10.0.0.1', '10.0.0.2', '502', 1, 0),
      { ...flow(ms, '10.0.0.1', '10.0.0.2', '502', 1, 0), timestampNs: at(ms) - 1n },
    ];
    const [first, second] = aggregateTelemetry(points, { bucketMs: 60_000 }).flows;
    expect(first).toMatchObject({ connections: 5, firstSeen: ms - 1, lastSeen: T0 + 2_000 });
    expect(second).toMatchObject({ connections: 2, firstSeen: T0 + 90_000, lastSeen: T0 + 95_000 });
  });

  it('reads a stream of points chunk by chunk as it reads an array', () => {
    const from = T0;
    const to = T0 + 30 * 60_000;
    const points = syntheticTelemetry({ seed: 9, from, to, flows: 9000, processSamples: 9000, others: 100 });
    function* stream(): Generator<TelemetryPoint> {
      yield* points;
    }
    expect(aggregateTelemetry(stream(), { bucketMs: 60_000 })).toEqual(
      aggregateTelemetry(points, { bucketMs: 60_000 })
    );
  });
});
