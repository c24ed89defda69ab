import { influxTimeToMs, observationsFromInfluxResults } from './influxObservations';
import { observationQueries } from './observationQueries';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const options = { from: T0, to: T0 + 3_600_000, bucketMs: 60_000 };

describe('observationsFromInfluxResults', () => {
  it('reads flow totals, taking the number of records from the largest count_ column', () => {
    const { observations, problems } = observationsFromInfluxResults(
      {
        results: [
          {
            statement_id: 0,
            series: [
              {
                name: 'flow',
                tags: { src_ip: '10.0.0.1', dst_ip: '10.0.0.2', service: 'modbus', dst_port: '502', src_zone: 'z1' },
                columns: ['time', 'count_bytes_in', 'count_bytes_out', 'bytes_out', 'bytes_in'],
                values: [[new Date(T0).toISOString(), 3, 2, 30, null]],
              },
            ],
          },
        ],
      },
      options
    );
    expect(problems).toEqual([]);
    expect(observations.flows).toEqual([
      expect.objectContaining({
        bucketStart: T0,
        connections: 3,
        bytes: 30,
        dstPort: 502,
        srcZone: 'z1',
        dstZone: '',
        firstSeen: T0,
        lastSeen: T0 + 59_999,
      }),
    ]);
  });

  it('derives one value or more than one from min and max when the answer has no distinct column', () => {
    const series = {
      name: 'process_value',
      tags: { asset: 'plc-1', point: 'cl2' },
      columns: ['time', 'count', 'mean', 'median', 'min', 'max', 'first', 'last'],
      values: [
        [T0, 6, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2],
        [T0 + 60_000, 6, 1.25, 1.2, 1.1, 1.4, 1.1, 1.4],
      ],
    };
    const { observations } = observationsFromInfluxResults({ results: [{ series: [series] }] }, options);
    expect(observations.processStats.map((s) => s.distinct)).toEqual([1, 2]);
  });

  it('merges answers from several stores and orders the records', () => {
    const answer = (ip: string, time: number) => ({
      results: [
        {
          series: [
            {
              name: 'auth',
              tags: { asset: 'jump-1', src_ip: ip, result: 'failure' },
              columns: ['time', 'attempts', 'count_count', 'count_reason'],
              values: [[time, 4, 4, 4]],
            },
          ],
        },
      ],
    });
    const { observations } = observationsFromInfluxResults(
      [answer('10.0.0.9', T0 + 60_000), answer('10.0.0.8', T0)],
      options
    );
    expect(observations.auth.map((a) => [a.srcIp, a.count])).toEqual([
      ['10.0.0.8', 4],
      ['10.0.0.9', 4],
    ]);
  });

  it('names the statement and series at fault and keeps what it can read', () => {
    const { observations, problems } = observationsFromInfluxResults(
      [
        { results: [{ statement_id: 0, error: 'database not found: ot' }] },
        {
          results: [
            {
              series: [
                {
                  name: 'controller_state',
                  tags: { asset: 'plc-1' },
                  columns: ['time', 'mode'],
                  values: [
                    [T0, 'run'],
                    ['yesterday', 'stop'],
                  ],
                },
                { name: 'mystery', columns: ['time'], values: [] },
                { name: 'flow', columns: 'time', values: [] },
              ],
            },
          ],
        },
        'not json',
      ],
      options
    );
    expect(observations.controllerStates).toEqual([
      { time: T0, asset: 'plc-1', zone: '', mode: 'run', programHash: '', firmware: '' },
    ]);
    expect(problems).toEqual([
      'answer 0, statement 0: database not found: ot',
      'answer 1, statement 0, series 0 (controller_state {asset=plc-1}): missing columns program_hash, firmware',
      'answer 1, statement 0, series 0 (controller_state {asset=plc-1}): 1 row with an unreadable time skipped',
      'answer 1, statement 0, series 1 (mystery): not a measurement observations are made of',
      'answer 1, statement 0, series 2 (flow): columns must be a list of names',
      'answer 2: not an InfluxDB answer (expected an object with results)',
    ]);
  });

  it('skips rows whose values are null', () => {
    const { observations, problems } = observationsFromInfluxResults(
      {
        results: [
          {
            series: [
              {
                name: 'process_value',
                tags: { asset: 'plc-1', point: 'cl2' },
                columns: ['time', 'count', 'mean', 'median', 'min', 'max', 'first', 'last'],
                values: [[T0, null, null, null, null, null, null, null]],
              },
            ],
          },
        ],
      },
      options
    );
    expect(observations.processStats).toEqual([]);
    expect(problems).toEqual([
      'answer, statement 0, series 0 (process_value {asset=plc-1, point=cl2}): 1 row without values skipped',
    ]);
  });
});

describe('influxTimeToMs', () => {
  it('reads RFC3339 with nanoseconds, and epoch numbers by magnitude', () => {
    expect(influxTimeToMs('2025-01-06T08:00:00.123456789Z')).toBe(T0 + 123);
    expect(influxTimeToMs('2025-01-06T08:00:00Z')).toBe(T0);
    expect(influxTimeToMs(T0)).toBe(T0);
    expect(influxTimeToMs(T0 * 1_000_000)).toBe(T0);
    expect(influxTimeToMs('Monday')).toBeUndefined();
  });
});

describe('observationQueries', () => {
  it('groups flows by bucket and by every tag that tells flows apart, counts them by bytes_out and fills no empty buckets', () => {
    const built = observationQueries({ from: T0, to: T0 + 3_600_000, bucketMs: 60_000 });
    if ('error' in built) {
      throw new Error(built.error);
    }
    const flow = built.queries.find((q) => q.measurement === 'flow');
    expect(flow?.stores).toEqual(['it', 'ot']);
    expect(flow?.influxql).toBe(
      `SELECT count("bytes_out") AS "count_points", sum("bytes_out") AS "bytes_out", sum("bytes_in") AS "bytes_in" FROM "flow" WHERE time >= ${T0}ms AND time <= ${
        T0 + 3_599_999
      }ms GROUP BY time(60000ms), "src_ip", "dst_ip", "src_asset", "dst_asset", "src_zone", "dst_zone", "transport", "service", "dst_port" fill(none)`
    );
    expect(built.queries.map((q) => q.measurement)).toEqual([
      'flow',
      'ot_operation',
      'process_value',
      'controller_state',
      'auth',
      'alert',
      'asset',
    ]);
  });

  it('counts OT requests by the detail every request carries, and authentication attempts by the count every attempt carries', () => {
    const built = observationQueries({ from: T0, to: T0 + 3_600_000, bucketMs: 60_000 });
    if ('error' in built) {
      throw new Error(built.error);
    }
    const influxql = (m: string) => built.queries.find((q) => q.measurement === m)?.influxql ?? '';
    expect(influxql('ot_operation')).toMatch(/^SELECT count\("detail"\) AS "count_points", min\("address"\)/);
    expect(influxql('auth')).toMatch(
      /^SELECT sum\("count"\) AS "attempts", count\("count"\) AS "count_points" FROM "auth"/
    );
  });

  it('refuses a range that ends before it starts', () => {
    expect(observationQueries({ from: T0, to: T0 - 1, bucketMs: 60_000 })).toEqual({
      error: `to (${T0 - 1}) must be after from (${T0})`,
    });
    expect(observationQueries({ from: Number.NaN, to: T0, bucketMs: 60_000 })).toEqual({
      error: 'from and to must be finite epoch milliseconds',
    });
  });
});
