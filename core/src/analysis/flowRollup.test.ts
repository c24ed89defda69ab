import { observationsFromInfluxResults } from '../aggregation/influxObservations';
import { encodePoint } from '../influx/lineProtocol';
import type { FlowAggregate } from '../observations';
import { coalesceFlowSeries } from '../topology/topology';
import { analysedRanges, analysisPassPoint } from './analysisRecords';
import {
  FLOW_ROLLUP_MS,
  flowReadPlan,
  flowRollupHours,
  flowRollupPoints,
  flowRollupQuery,
  flowRollupSpan,
  rolledUpHours,
} from './flowRollup';

const HOUR = FLOW_ROLLUP_MS;
const CANNED_TAGS = {
  src_ip: '10.0.0.5',
  dst_ip: '10.10.1.20',
  src_asset: 'hmi-01',
  dst_asset: 'plc-01',
  src_zone: 'supervisory',
  dst_zone: 'cell-1',
  transport: 'tcp',
  service: 'modbus',
  dst_port: '502',
};
const T0 = Date.UTC(2024, 2, 1);

function flow(overrides: Partial<FlowAggregate> = {}): FlowAggregate {
  return {
    bucketStart: T0,
    bucketMs: HOUR,
    srcIp: '10.0.0.5',
    dstIp: '10.10.1.20',
    srcAsset: 'hmi-01',
    dstAsset: 'plc-01',
    srcZone: 'supervisory',
    dstZone: 'cell-1',
    transport: 'tcp',
    service: 'modbus',
    dstPort: 502,
    connections: 12,
    bytes: 3400,
    firstSeen: T0,
    lastSeen: T0 + HOUR - 1,
    ...overrides,
  };
}

describe('flowRollupHours', () => {
  it('gives the whole hours that end within a pass, its end included and its start not', () => {
    expect(flowRollupHours({ from: T0 + 55 * 60_000, to: T0 + HOUR })).toEqual({ from: T0, to: T0 + HOUR });
    expect(flowRollupHours({ from: T0, to: T0 + HOUR })).toEqual({ from: T0, to: T0 + HOUR });
    expect(flowRollupHours({ from: T0 + HOUR, to: T0 + HOUR + 60_000 })).toBeUndefined();
    expect(flowRollupHours({ from: T0 + 30 * 60_000, to: T0 + 6 * HOUR + 60_000 })).toEqual({
      from: T0,
      to: T0 + 6 * HOUR,
    });
  });

  it('writes every hour once when passes tile the clock', () => {
    const written: number[] = [];
    for (let t = T0; t < T0 + 3 * HOUR; t += 5 * 60_000) {
      const hours = flowRollupHours({ from: t, to: t + 5 * 60_000 });
      for (let h = hours?.from ?? 0; hours !== undefined && h < hours.to; h += HOUR) {
        written.push(h);
      }
    }
    expect(written).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR]);
  });
});

describe('rolledUpHours', () => {
  it('holds, for a run of passes, the hours from the one that holds its start to the last that ends within it', () => {
    expect(rolledUpHours([{ from: T0 + 40 * 60_000, to: T0 + 12 * HOUR + 40 * 60_000 }])).toEqual([
      { from: T0, to: T0 + 12 * HOUR },
    ]);
    expect(
      rolledUpHours([
        { from: T0, to: T0 + 30 * 60_000 },
        { from: T0 + 2 * HOUR, to: T0 + 4 * HOUR },
      ])
    ).toEqual([{ from: T0 + 2 * HOUR, to: T0 + 4 * HOUR }]);
  });
});

describe('flowRollupPoints', () => {
  it('keeps every tag of the flow series and names the store', () => {
    const [point] = flowRollupPoints([flow()], 'ot');
    expect(encodePoint(point)).toBe(
      'conduit_flow_rollup,dst_asset=plc-01,dst_ip=10.10.1.20,dst_port=502,dst_zone=cell-1,service=modbus,' +
        'src_asset=hmi-01,src_ip=10.0.0.5,src_zone=supervisory,store=ot,transport=tcp ' +
        `connections=12i,bytes=3400i ${BigInt(T0) * 1_000_000n}`
    );
  });

  it('reads back as the flows it was made of', () => {
    const flows = [flow(), flow({ service: '', dstPort: 0, srcAsset: '', connections: 1, bytes: 0 })];
    const points = flowRollupPoints(flows, 'it');
    // The answer InfluxDB gives to flowRollupQuery over those points.
    const answer = {
      results: [
        {
          series: points.map((point) => ({
            name: 'conduit_flow_rollup',
            tags: Object.fromEntries(
              Object.entries(point.tags ?? {}).filter(([key, value]) => key !== 'store' && value !== '')
            ),
            columns: ['time', 'count_points', 'bytes'],
            values: [[T0, point.fields.connections, point.fields.bytes]],
          })),
        },
      ],
    };
    const read = observationsFromInfluxResults([answer], { from: T0, to: T0 + HOUR, bucketMs: HOUR });
    expect(read.problems).toEqual([]);
    // In the observations' order: the series without a service first.
    expect(read.observations.flows).toEqual([flows[1], flows[0]]);
  });
});

describe('flowRollupSpan', () => {
  const day = { from: T0 + 20 * 60_000, to: T0 + 24 * HOUR + 20 * 60_000 };

  it('is the whole hours of the range inside the rolled-up part', () => {
    expect(flowRollupSpan(day, [{ from: T0 - HOUR, to: T0 + 23 * HOUR + 5 * 60_000 }], HOUR)).toEqual({
      from: T0 + HOUR,
      to: T0 + 23 * HOUR,
    });
  });

  it('takes the longest of several parts', () => {
    const parts = [
      { from: T0, to: T0 + 3 * HOUR },
      { from: T0 + 5 * HOUR, to: T0 + 20 * HOUR },
    ];
    expect(flowRollupSpan(day, parts, 2 * HOUR)).toEqual({ from: T0 + 5 * HOUR, to: T0 + 20 * HOUR });
  });

  it('serves only buckets of whole hours, and no part shorter than an hour', () => {
    const all = [{ from: T0 - HOUR, to: T0 + 30 * HOUR }];
    expect(flowRollupSpan(day, all, 30 * 60_000)).toBeUndefined();
    expect(flowRollupSpan(day, all, 90 * 60_000)).toBeUndefined();
    expect(flowRollupSpan(day, [{ from: T0 + 10 * 60_000, to: T0 + HOUR + 50 * 60_000 }], HOUR)).toBeUndefined();
    expect(flowRollupSpan(day, [], HOUR)).toBeUndefined();
  });
});

describe('flowReadPlan', () => {
  const day = { from: T0 + 20 * 60_000, to: T0 + 24 * HOUR + 20 * 60_000 };

  it('reads whole buckets from the one that holds the range start, the rolled-up hours from the rollup', () => {
    expect(flowReadPlan(day, [{ from: T0 - HOUR, to: T0 + 23 * HOUR + 5 * 60_000 }], HOUR)).toEqual({
      rollup: { from: T0, to: T0 + 23 * HOUR },
      telemetry: [{ from: T0 + 23 * HOUR, to: day.to }],
      bucketOffsetMs: 0,
    });
  });

  it('starts buckets of whole hours at the hour that holds the range start, not on the epoch grid before it', () => {
    const week = { from: T0 + 6 * HOUR + 20 * 60_000, to: T0 + 7 * 24 * HOUR + 6 * HOUR + 20 * 60_000 };
    // The hours written by passes from 06:10 on: from the hour that holds 06:10.
    const analysed = rolledUpHours([{ from: T0 + 6 * HOUR + 10 * 60_000, to: week.to }]);
    // On the epoch's grid the first day's bucket would start at T0, six hours the rollup does not hold.
    expect(flowReadPlan(week, analysed, 24 * HOUR)).toEqual({
      rollup: { from: T0 + 6 * HOUR, to: T0 + 7 * 24 * HOUR + 6 * HOUR },
      telemetry: [{ from: T0 + 7 * 24 * HOUR + 6 * HOUR, to: week.to }],
      bucketOffsetMs: 6 * HOUR,
    });
    expect(flowReadPlan(week, [], 6 * HOUR).bucketOffsetMs).toBe(0);
    expect(flowReadPlan(week, [], 12 * HOUR)).toEqual({
      telemetry: [{ from: T0 + 6 * HOUR, to: week.to }],
      bucketOffsetMs: 6 * HOUR,
    });
  });

  it('reads the telemetry before and after a rolled-up part inside the range', () => {
    expect(flowReadPlan(day, [{ from: T0 + 2 * HOUR, to: T0 + 5 * HOUR }], HOUR)).toEqual({
      rollup: { from: T0 + 2 * HOUR, to: T0 + 5 * HOUR },
      telemetry: [
        { from: T0, to: T0 + 2 * HOUR },
        { from: T0 + 5 * HOUR, to: day.to },
      ],
      bucketOffsetMs: 0,
    });
  });

  it('reads the whole buckets from the telemetry when the rollup cannot serve them', () => {
    const covered = [{ from: T0 - HOUR, to: T0 + 30 * HOUR }];
    expect(flowReadPlan(day, covered, 30 * 60_000)).toEqual({
      telemetry: [{ from: T0, to: day.to }],
      bucketOffsetMs: 0,
    });
    expect(flowReadPlan(day, [], HOUR)).toEqual({ telemetry: [{ from: T0, to: day.to }], bucketOffsetMs: 0 });
  });
});

describe('flowRollupQuery', () => {
  it('sums the rollup per flow series in the bucket asked for, in the columns the flow reader takes', () => {
    expect(flowRollupQuery({ from: T0, to: T0 + 24 * HOUR }, 6 * HOUR)).toBe(
      'SELECT sum("connections") AS "count_points", sum("bytes") AS "bytes" FROM "conduit_flow_rollup" ' +
        `WHERE time >= ${T0}ms AND time <= ${T0 + 24 * HOUR - 1}ms ` +
        'GROUP BY time(21600000ms), "src_ip", "dst_ip", "src_asset", "dst_asset", "src_zone", "dst_zone", ' +
        '"transport", "service", "dst_port" fill(none)'
    );
  });

  it('shifts the buckets by the offset of the read plan', () => {
    expect(flowRollupQuery({ from: T0 + 6 * HOUR, to: T0 + 30 * HOUR }, 24 * HOUR, 6 * HOUR)).toContain(
      'GROUP BY time(86400000ms, 21600000ms), "src_ip"'
    );
    expect(flowRollupQuery({ from: T0, to: T0 + 24 * HOUR }, 24 * HOUR, 24 * HOUR)).toContain('time(86400000ms), ');
    // An offset outside one bucket is taken modulo the bucket; one that is not a number shifts nothing.
    expect(flowRollupQuery({ from: T0, to: T0 + 24 * HOUR }, 24 * HOUR, -18 * HOUR)).toContain(
      'time(86400000ms, 21600000ms), '
    );
    expect(flowRollupQuery({ from: T0, to: T0 + 24 * HOUR }, 24 * HOUR, Number.NaN)).toContain('time(86400000ms), ');
  });

  it("reads the rollup's own rows in hourly buckets, per series and store, for the topology to sum", () => {
    expect(flowRollupQuery({ from: T0, to: T0 + 24 * HOUR }, HOUR)).toBe(
      'SELECT "connections" AS "count_points", "bytes" AS "bytes" FROM "conduit_flow_rollup" ' +
        `WHERE time >= ${T0}ms AND time <= ${T0 + 24 * HOUR - 1}ms ` +
        'GROUP BY "src_ip", "dst_ip", "src_asset", "dst_asset", "src_zone", "dst_zone", "transport", "service", "dst_port"'
    );
    // Both stores' rows of one series and hour, as influxd answers that read: two flows that sum as one.
    const answer = {
      results: [
        {
          series: [
            {
              name: 'conduit_flow_rollup',
              tags: { ...CANNED_TAGS },
              columns: ['time', 'count_points', 'bytes'],
              values: [
                [T0, 12, 3400],
                [T0, 3, 600],
                [T0 + HOUR, 1, 100],
              ],
            },
          ],
        },
      ],
    };
    const read = observationsFromInfluxResults([answer], { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR });
    expect(read.problems).toEqual([]);
    expect(coalesceFlowSeries(read.observations.flows)).toEqual([
      flow({ connections: 15, bytes: 4000 }),
      flow({ bucketStart: T0 + HOUR, firstSeen: T0 + HOUR, lastSeen: T0 + 2 * HOUR - 1, connections: 1, bytes: 100 }),
    ]);
  });
});

describe('passes that wrote the rollup', () => {
  it('are told apart from earlier passes by their flow_rollup field', () => {
    const pass = (from: number, to: number, flowRollupHours?: number) =>
      analysisPassPoint({
        shard: 'plant',
        range: { from, to },
        findings: 0,
        chains: 0,
        durationMs: 1,
        ...(flowRollupHours === undefined ? {} : { flowRollupHours }),
      });
    const points = [pass(T0, T0 + HOUR), pass(T0 + HOUR, T0 + 2 * HOUR, 1), pass(T0 + 2 * HOUR, T0 + 2.5 * HOUR, 0)];
    expect(points[0].fields).not.toHaveProperty('flow_rollup');
    const answer = {
      results: [
        {
          series: [
            {
              name: 'conduit_analysis',
              tags: { shard: 'plant' },
              columns: ['time', 'to_ms', 'flow_rollup'],
              values: points.map((point) => [
                Number(point.timestampNs / 1_000_000n),
                point.fields.to_ms,
                point.fields.flow_rollup ?? null,
              ]),
            },
          ],
        },
      ],
    };
    expect(analysedRanges([answer])).toEqual([{ from: T0, to: T0 + 2.5 * HOUR }]);
    expect(analysedRanges([answer], 'flow_rollup')).toEqual([{ from: T0 + HOUR, to: T0 + 2.5 * HOUR }]);
  });
});
