import { type DataFrame, type DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import {
  type BackendSrvRequest,
  type FetchResponse,
  setBackendSrv,
  setTemplateSrv,
  type TemplateSrv,
} from '@grafana/runtime';
import { firstValueFrom, lastValueFrom, NEVER, Subject, toArray } from 'rxjs';

import { ConduitDataSource } from './datasource';
import { topologyBucketMs } from './query/downsampling';
import {
  CANNED_FLOW_TAGS,
  cannedAnswer,
  FROM,
  instanceSettings,
  measurementOf,
  queryRequest,
  TO,
  VIOLATION_TIME,
} from '../test/cannedInflux';
import { type Answer, FakeBackendSrv, httpError, ok, okText } from '../test/fakeBackendSrv';
import type { ConduitDataSourceOptions, ConduitQuery } from './types';

let backend: FakeBackendSrv;

function cannedStores(options: { failing?: 'it' | 'ot' } = {}): FakeBackendSrv['handler'] {
  return (request, statement): Answer => {
    const route = /\/(it|ot)\/query$/.exec(request.url)?.[1] ?? '';
    if (route === options.failing) {
      return httpError(502, 'Bad Gateway')(request);
    }
    return ok(cannedAnswer(route, statement))(request);
  };
}

/** A template service with some dashboard variables, as Grafana's lists them. */
function withVariables(variables: Record<string, string | string[]>): void {
  const models = Object.entries(variables).map(([name, value]) => ({ name, type: 'custom', current: { value } }));
  const templateSrv: TemplateSrv = {
    getVariables: () => models as unknown as ReturnType<TemplateSrv['getVariables']>,
    replace: (text?: string) => text ?? '',
    containsTemplate: () => false,
    updateTimeRange: () => undefined,
  };
  setTemplateSrv(templateSrv);
}

beforeEach(() => {
  backend = new FakeBackendSrv(cannedStores());
  setBackendSrv(backend.asBackendSrv());
  withVariables({});
});

function dataSource(jsonData: ConduitDataSourceOptions = {}): ConduitDataSource {
  return new ConduitDataSource(instanceSettings(jsonData));
}

function run(ds: ConduitDataSource, targets: ConduitQuery[]): Promise<DataQueryResponse> {
  return lastValueFrom(ds.query(queryRequest(targets)));
}

function frameOf(response: DataQueryResponse, refId: string): DataFrame {
  const frame = (response.data as DataFrame[]).find((f) => f.refId === refId);
  if (frame === undefined) {
    throw new Error(`no frame for ${refId}`);
  }
  return frame;
}

function column(frame: DataFrame, name: string): unknown[] {
  return frame.fields.find((f) => f.name === name)?.values ?? [];
}

/** Observation statements sent, counted per store and statement. */
function statementCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of backend.requests) {
    const key = `${request.route} ${request.statement}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('telemetry queries', () => {
  it('sends the built statement to the chosen store and returns its series as frames', async () => {
    backend.handler = ok({
      results: [
        {
          statement_id: 0,
          series: [{ name: 'flow', tags: { src_zone: 'enterprise' }, columns: ['time', 'sum'], values: [[FROM, 10]] }],
        },
      ],
    });

    const response = await run(dataSource(), [
      {
        refId: 'A',
        queryType: 'telemetry',
        store: 'it',
        measurement: 'flow',
        field: 'bytes_out',
        aggregation: 'sum',
        groupByTags: ['src_zone'],
      },
    ]);

    expect(response.state).toBe(LoadingState.Done);
    expect(response.errors).toBeUndefined();
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0].route).toBe('it');
    expect(backend.requests[0].statement).toBe(
      `SELECT sum("bytes_out") FROM "flow" WHERE time >= ${FROM}ms AND time <= ${TO}ms GROUP BY time(10s), "src_zone"`
    );
    expect(backend.requests[0].options.requestId).toBe('conduit-7-A');
    expect(column(frameOf(response, 'A'), 'sum')).toEqual([10]);
  });

  it('downsamples to maxDataPoints: no more buckets than the panel can draw', async () => {
    await lastValueFrom(
      dataSource().query(
        queryRequest([{ refId: 'A', store: 'ot', measurement: 'process_value', field: 'value', aggregation: 'mean' }], {
          intervalMs: 1000,
          maxDataPoints: 100,
        })
      )
    );

    const width = /time\((\d+)m\)/.exec(backend.requests[0].statement)?.[1];
    expect((TO - FROM) / (Number(width) * 60_000)).toBeLessThanOrEqual(100);
  });

  it('refuses raw InfluxQL that writes, before sending, with the reason', async () => {
    const response = await run(dataSource(), [
      {
        refId: 'A',
        queryType: 'telemetry',
        editorMode: 'raw',
        store: 'ot',
        rawQuery: 'SELECT * INTO "loot" FROM "flow"',
      },
    ]);

    expect(backend.requests).toHaveLength(0);
    expect(response.errors).toEqual([
      {
        refId: 'A',
        message:
          'Refused before sending to the OT store: statement 1 is a SELECT ... INTO, which writes. Conduit only reads (SELECT and SHOW).',
      },
    ]);
    expect(response.state).toBe(LoadingState.Done);
  });

  it('keeps the answer of one target when another fails', async () => {
    backend.handler = (request, statement) =>
      statement.includes('"auth"')
        ? httpError(500, 'Internal Server Error', '{"error":"engine: shard broken"}')(request)
        : ok(cannedAnswer('ot', 'SHOW MEASUREMENTS'))(request);

    const response = await run(dataSource(), [
      { refId: 'A', editorMode: 'raw', store: 'ot', rawQuery: 'SHOW MEASUREMENTS' },
      { refId: 'B', store: 'it', measurement: 'auth', field: 'count', aggregation: 'sum' },
    ]);

    expect(column(frameOf(response, 'A'), 'name')).toEqual(['flow', 'ot_operation']);
    expect(response.errors).toEqual([
      {
        refId: 'B',
        message: 'IT store (http://influxdb-it:8086): HTTP 500 Internal Server Error: engine: shard broken',
      },
    ]);
  });

  it('shows the answers that came while a slow store is still awaited, then Done', async () => {
    backend.handler = (request, statement) =>
      statement.includes('"auth"') ? NEVER : ok(cannedAnswer('ot', statement))(request);
    const ds = dataSource({ itTimeoutSeconds: 600 });

    const first = await firstValueFrom(
      ds.query(
        queryRequest([
          { refId: 'A', editorMode: 'raw', store: 'ot', rawQuery: 'SHOW MEASUREMENTS' },
          { refId: 'B', store: 'it', measurement: 'auth', field: 'count', aggregation: 'sum' },
        ])
      )
    );

    expect(first.state).toBe(LoadingState.Loading);
    expect(frameOf(first, 'A')).toBeDefined();
  });
});

describe('analysis queries', () => {
  // The clock stands at the end of the canned range, as on a dashboard that shows the last hours.
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(TO));
  afterEach(() => jest.restoreAllMocks());

  const analysisTargets: ConduitQuery[] = [
    { refId: 'F', queryType: 'findings' },
    { refId: 'R', queryType: 'risk' },
    { refId: 'C', queryType: 'chains' },
  ];

  it('fetch each observation statement once per store for findings, risk and chains together', async () => {
    const response = await run(dataSource(), analysisTargets);

    expect(response.errors).toBeUndefined();
    const counts = statementCounts();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // flow, auth, alert and asset from both stores; ot_operation, process_value and controller_state from OT only;
    // once for the range and once for the learning read (the range and the learning period before it); and the
    // analyzer's coverage of the range, of which it has none here.
    expect(counts.size).toBe(23);
    const learning = [...counts.keys()].filter((key) => key.includes(`time >= ${FROM - 30 * 3_600_000}ms`));
    expect(learning).toHaveLength(11);
  });

  it('share one fetch between panels that refresh together', async () => {
    const ds = dataSource();

    await Promise.all([
      run(ds, [{ refId: 'A', queryType: 'findings' }]),
      run(ds, [{ refId: 'A', queryType: 'risk', riskView: 'overTime' }]),
      run(ds, [{ refId: 'A', queryType: 'chains', minSeverity: 'high' }]),
    ]);

    expect([...statementCounts().values()].every((n) => n === 1)).toBe(true);
    expect(backend.requests).toHaveLength(23);
  });

  it('read the findings the analyzer stored where it covered the range, compute the rest, and say which is which', async () => {
    const computed = column(frameOf(await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]), 'F'), 'id');
    const coveredFrom = FROM + 3_600_000;
    const stored = {
      id: 'feedfacefeedface',
      detector: 'conduit-policy',
      category: 'conduit-violation',
      time: coveredFrom + 600_000,
      severity: 'high',
      score: 70,
      explanation: 'stored by the analyzer',
      evidence: { records: [], query: '', store: 'ot' },
    };
    const canned = cannedStores();
    backend = new FakeBackendSrv((request, statement) => {
      if (statement.includes('FROM "conduit_analysis"')) {
        const series = [
          {
            name: 'conduit_analysis',
            tags: { shard: 'plant' },
            columns: ['time', 'to_ms'],
            values: [[coveredFrom, TO]],
          },
        ];
        return ok({ results: [{ statement_id: 0, series }] })(request);
      }
      if (statement.includes('FROM "conduit_finding"')) {
        const series = [
          { name: 'conduit_finding', columns: ['time', 'finding'], values: [[stored.time, JSON.stringify(stored)]] },
        ];
        return ok({ results: [{ statement_id: 0, series }] })(request);
      }
      return canned(request, statement);
    });
    setBackendSrv(backend.asBackendSrv());

    const frame = frameOf(await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]), 'F');

    // The canned violation happens after the covered part starts: the analyzer's record stands for that part.
    expect(computed.length).toBeGreaterThan(0);
    expect(column(frame, 'id')).toEqual(['feedfacefeedface']);
    const at = (ms: number) => new Date(ms).toISOString();
    expect(frame.meta?.notices?.slice(0, 2)).toEqual([
      { severity: 'info', text: `findings stored by the analyzer: ${at(coveredFrom)} to ${at(TO)}` },
      { severity: 'info', text: `findings computed from telemetry: ${at(FROM)} to ${at(coveredFrom)}` },
    ]);
    expect(frame.meta?.executedQueryString).toMatch(/^-- findings stored by the analyzer: /);
    // The learning read ends where the stored part begins.
    const learning = backend.requests.filter((r) => r.statement.includes(`time >= ${FROM - 30 * 3_600_000}ms`));
    expect(learning.length).toBeGreaterThan(0);
    expect(learning.every((r) => r.statement.includes(`time <= ${coveredFrom - 1}ms`))).toBe(true);
  });

  /** Stores where the analyzer covered the range up to `coveredTo`, with these stored answers, the rest canned. */
  function analyzerStores(coveredTo: number, stored: Record<string, unknown[][]> = {}): void {
    const canned = cannedStores();
    backend = new FakeBackendSrv((request, statement) => {
      const measurement = /FROM "(conduit_\w+)"/.exec(statement)?.[1];
      if (measurement === 'conduit_analysis') {
        const series = [
          { name: measurement, tags: { shard: 'plant' }, columns: ['time', 'to_ms'], values: [[FROM, coveredTo]] },
        ];
        return ok({ results: [{ statement_id: 0, series }] })(request);
      }
      if (measurement !== undefined) {
        const column = measurement === 'conduit_risk' ? 'risk' : 'finding';
        const values = stored[measurement] ?? [];
        return ok({
          results: [
            {
              statement_id: 0,
              series: values.length === 0 ? [] : [{ name: measurement, columns: ['time', column], values }],
            },
          ],
        })(request);
      }
      return canned(request, statement);
    });
    setBackendSrv(backend.asBackendSrv());
  }

  /** Statements that read telemetry (not the analyzer's records), from the range's start or the learning read's. */
  function telemetryReads(): { range: string[]; learning: string[] } {
    const reads = backend.requests.map((r) => r.statement).filter((statement) => !/FROM "conduit_/.test(statement));
    return {
      range: reads.filter((statement) => statement.includes(`time >= ${FROM}ms`)),
      learning: reads.filter((statement) => statement.includes(`time >= ${FROM - 30 * 3_600_000}ms`)),
    };
  }

  it('read no telemetry of the range for findings and chains, which need only findings', async () => {
    const response = await run(dataSource(), [
      { refId: 'F', queryType: 'findings' },
      { refId: 'C', queryType: 'chains' },
    ]);

    expect(column(frameOf(response, 'F'), 'category')).toContain('conduit-violation');
    expect(telemetryReads().range).toEqual([]);
    expect(telemetryReads().learning.length).toBeGreaterThan(0);
  });

  it('read only flows and assets of the range for the topology, in a few buckets', async () => {
    await run(dataSource(), [{ refId: 'T', queryType: 'topology' }]);

    const { range } = telemetryReads();
    expect(new Set(range.map((statement) => measurementOf(statement)))).toEqual(new Set(['flow', 'asset']));
    // In the topology's few buckets, not the detectors' minutes: its edges sum over the range anyway.
    const flows = range.filter((statement) => measurementOf(statement) === 'flow');
    expect(flows.every((statement) => statement.includes(`GROUP BY time(${topologyBucketMs(TO - FROM)}ms)`))).toBe(
      true
    );
    expect(topologyBucketMs(TO - FROM)).toBeGreaterThan(60_000);
  });

  it("send the topology's reads once the analyzer's passes answered, beside its stored findings, not after them", async () => {
    analyzerStores(TO);
    const answer = backend.handler;
    const findings = new Subject<FetchResponse<unknown>>();
    backend.handler = (request, statement) =>
      measurementOf(statement) === 'conduit_finding' ? findings : answer(request, statement);
    const sent = () => new Set(backend.requests.map((request) => measurementOf(request.statement)));

    const response = run(dataSource(), [{ refId: 'T', queryType: 'topology' }]);
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(sent()).toEqual(new Set(['conduit_analysis', 'conduit_finding', 'flow', 'asset']));
    const request = backend.requests.find((r) => measurementOf(r.statement) === 'conduit_finding');
    if (request === undefined) {
      throw new Error('the stored findings were not asked for');
    }
    findings.next(okText(JSON.stringify({ results: [{ statement_id: 0 }] }), request.options));
    findings.complete();
    const edges = (await response).data.find((frame: DataFrame) => frame.name === 'edges') as DataFrame;
    expect(column(edges, 'verdict')).toContain('violation');
  });

  it("read the topology's flows in whole buckets, from the start of the one that holds the range's start", async () => {
    const from = FROM + 7 * 60_000;
    const range = { from: dateTime(from), to: dateTime(TO) };
    await lastValueFrom(
      dataSource().query(queryRequest([{ refId: 'T', queryType: 'topology' }], { range: { ...range, raw: range } }))
    );

    const bucket = topologyBucketMs(TO - from);
    const statements = backend.requests.map((r) => r.statement);
    // The topology's reads (the findings' learning read is in the detectors' buckets).
    const flows = statements.filter(
      (statement) => measurementOf(statement) === 'flow' && statement.includes(`GROUP BY time(${bucket}ms)`)
    );
    const assets = statements.filter(
      (statement) => measurementOf(statement) === 'asset' && statement.includes('ORDER BY time DESC')
    );
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((statement) => statement.includes(`time >= ${Math.floor(from / bucket) * bucket}ms`))).toBe(
      true
    );
    expect(Math.floor(from / bucket) * bucket).toBeLessThan(from);
    // The assets are those of the range itself.
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.every((statement) => statement.includes(`time >= ${from}ms`))).toBe(true);
  });

  it("read a day's flows from the analyzer's hourly rollup where its passes wrote it, and from the flows if it fails", async () => {
    const HOUR = 3_600_000;
    const day = { from: TO - 24 * HOUR, to: TO };
    const hourOfViolation = Math.floor(VIOLATION_TIME / HOUR) * HOUR;
    const rollup = {
      results: [
        {
          statement_id: 0,
          series: [
            {
              name: 'conduit_flow_rollup',
              tags: CANNED_FLOW_TAGS,
              columns: ['time', 'count_points', 'bytes'],
              values: [[hourOfViolation, 7, 4000]],
            },
          ],
        },
      ],
    };
    const topologyOfDay = async (
      rollupAnswer: (request: BackendSrvRequest) => Answer,
      range = day,
      passes = [[day.from, day.to, 24]]
    ) => {
      const canned = cannedStores();
      backend = new FakeBackendSrv((request, statement) => {
        const measurement = measurementOf(statement);
        if (measurement === 'conduit_analysis') {
          const columns = ['time', 'to_ms', 'flow_rollup'];
          const series = [{ name: measurement, tags: { shard: 'plant' }, columns, values: passes }];
          return ok({ results: [{ statement_id: 0, series }] })(request);
        }
        if (measurement === 'conduit_flow_rollup') {
          return rollupAnswer(request);
        }
        return measurement?.startsWith('conduit_') === true
          ? ok({ results: [{ statement_id: 0 }] })(request)
          : canned(request, statement);
      });
      setBackendSrv(backend.asBackendSrv());
      const shown = { from: dateTime(range.from), to: dateTime(range.to) };
      const response = await lastValueFrom(
        dataSource().query(queryRequest([{ refId: 'T', queryType: 'topology' }], { range: { ...shown, raw: shown } }))
      );
      const edges = (response.data as DataFrame[]).find((frame) => frame.name === 'edges');
      const verdicts = edges === undefined ? [] : column(edges, 'verdict');
      return {
        connections: edges === undefined ? undefined : column(edges, 'connections')[verdicts.indexOf('violation')],
        notices: (response.data as DataFrame[])[0]?.meta?.notices?.map((notice) => notice.text) ?? [],
        flowReads: backend.requests.filter((request) => measurementOf(request.statement) === 'flow').length,
      };
    };
    const at = (ms: number) => new Date(ms).toISOString();

    const stored = await topologyOfDay(ok(rollup));
    expect(stored.connections).toBe(7);
    expect(stored.flowReads).toBe(0);
    expect(stored.notices).toContain(`flows from the analyzer's hourly rollup: ${at(day.from)} to ${at(day.to)}`);

    // A day's view from 20 past the hour, the analyzer's 6-hour passes starting at 20 past: the hour that holds the
    // view's start was written by the pass that holds its end, so it too comes from the rollup.
    const fromTwentyPast = { from: day.from - 40 * 60_000, to: day.to };
    const sixHourPasses = [0, 1, 2, 3, 4].map((n) => {
      const from = day.from - 6 * HOUR + 20 * 60_000 + n * 6 * HOUR;
      return [from, Math.min(from + 6 * HOUR, day.to), 6];
    });
    const midHour = await topologyOfDay(ok(rollup), fromTwentyPast, sixHourPasses);
    expect(midHour.connections).toBe(7);
    expect(midHour.flowReads).toBe(0);
    expect(midHour.notices).toContain(
      `flows from the analyzer's hourly rollup: ${at(day.from - HOUR)} to ${at(day.to)}`
    );

    const failed = await topologyOfDay(httpError(500, 'Internal Server Error', { error: 'engine: shard not found' }));
    // The canned flows of the telemetry: 3 and 2 connections.
    expect(failed.connections).toBe(5);
    expect(failed.flowReads).toBeGreaterThan(0);
    expect(
      failed.notices.some((text) => text.includes("the analyzer's flow rollup:") && text.includes('read instead'))
    ).toBe(true);
  });

  it("leave the end of the range after a following analyzer's latest pass to it, and say so", async () => {
    const reached = TO - 5 * 60_000;
    analyzerStores(reached);

    const frame = frameOf(await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]), 'F');

    const at = (ms: number) => new Date(ms).toISOString();
    expect(frame.meta?.notices?.slice(0, 2)).toEqual([
      { severity: 'info', text: `findings stored by the analyzer: ${at(FROM)} to ${at(reached)}` },
      { severity: 'info', text: `not analysed yet (the analyzer is following): ${at(reached)} to ${at(TO)}` },
    ]);
    // Nothing is computed, so the day of telemetry before the tail is not read.
    expect(telemetryReads()).toEqual({ range: [], learning: [] });
  });

  it('leave the rest of a range that ends in the future to a following analyzer, judged by the clock', async () => {
    const now = TO - 20 * 60_000;
    jest.spyOn(Date, 'now').mockReturnValue(now);
    const reached = now - 5 * 60_000;
    analyzerStores(reached);

    const frame = frameOf(await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]), 'F');

    const at = (ms: number) => new Date(ms).toISOString();
    expect(frame.meta?.notices?.[1]).toEqual({
      severity: 'info',
      text: `not analysed yet (the analyzer is following): ${at(reached)} to ${at(TO)}`,
    });
    expect(telemetryReads()).toEqual({ range: [], learning: [] });
  });

  it('show the risk the analyzer stored at the end of the range, and read no telemetry for it', async () => {
    const entity = {
      kind: 'asset',
      id: 'plc-7',
      name: 'PLC 7',
      zone: 'control',
      purdueLevel: 1,
      impact: 4.5,
      likelihood: 3,
      score: 61.5,
      factors: [
        {
          id: 'exposure',
          label: 'exposure',
          points: 40,
          weight: 1,
          contribution: 61.5,
          detail: 'reached from the DMZ',
        },
      ],
    };
    analyzerStores(TO - 60_000, { conduit_risk: [[TO - 60_000, JSON.stringify(entity)]] });

    const frame = frameOf(await run(dataSource(), [{ refId: 'R', queryType: 'risk' }]), 'R');

    expect(column(frame, 'id')).toEqual(['plc-7']);
    expect(column(frame, 'score')).toEqual([61.5]);
    expect(column(frame, 'factors')).toEqual([JSON.stringify(entity.factors)]);
    expect(frame.meta?.notices).toContainEqual({
      severity: 'info',
      text: `risk stored by the analyzer at ${new Date(TO - 60_000).toISOString()}`,
    });
    expect(telemetryReads()).toEqual({ range: [], learning: [] });
  });

  it('find the conduit violation and pass the IDS alert through, one row each', async () => {
    const response = await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]);

    const frame = frameOf(response, 'F');
    expect(frame.name).toBe('findings');
    expect(column(frame, 'category')).toEqual(expect.arrayContaining(['conduit-violation', 'unauthorized-command']));
    expect(column(frame, 'detector')).toEqual(expect.arrayContaining(['conduit-policy', 'alert-passthrough']));
    expect(frame.meta?.preferredVisualisationType).toBe('table');
  });

  it('filter findings by zone and severity', async () => {
    const response = await run(dataSource(), [
      { refId: 'F', queryType: 'findings', zone: 'supervisory' },
      { refId: 'G', queryType: 'findings', minSeverity: 'critical' },
    ]);

    expect(frameOf(response, 'F').length).toBe(0);
    expect(column(frameOf(response, 'G'), 'severity').every((s) => s === 'critical')).toBe(true);
  });

  it('return the healthy store part and an error naming the failing store', async () => {
    backend.handler = cannedStores({ failing: 'ot' });

    const response = await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]);

    expect(response.state).toBe(LoadingState.Done);
    expect(column(frameOf(response, 'F'), 'category')).toContain('conduit-violation');
    expect(response.errors).toEqual([
      {
        refId: 'F',
        message: expect.stringMatching(
          /^OT store \(http:\/\/influxdb-ot:8086\): Grafana's data proxy could not reach the store/
        ),
      },
    ]);
  });

  it('say the zone model is missing instead of fetching', async () => {
    const response = await run(dataSource({ zoneModel: '' }), [{ refId: 'F', queryType: 'findings' }]);

    expect(backend.requests).toHaveLength(0);
    expect(response.errors?.[0].message).toMatch(/^Zone model in the datasource settings: no zone model/);
  });

  it('cancel the shared fetch when the panel moves to another range before it answered', async () => {
    backend.handler = () => NEVER;
    const ds = dataSource();

    const subscription = ds.query(queryRequest([{ refId: 'F', queryType: 'findings' }])).subscribe();
    expect(backend.requests.length).toBeGreaterThan(0);
    subscription.unsubscribe();

    expect(backend.cancelled).toBe(backend.requests.length);
  });
});

describe('topology frames', () => {
  it('give nodes and edges frames as the Node Graph panel reads them, with the verdict of each flow', async () => {
    const response = await run(dataSource(), [{ refId: 'T', queryType: 'topology' }]);

    const frames = (response.data as DataFrame[]).filter((f) => f.refId === 'T');
    expect(frames.map((f) => f.name)).toEqual(['nodes', 'edges']);
    const [nodes, edges] = frames;
    expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(column(nodes, 'id')).toEqual(expect.arrayContaining(['zone:enterprise', 'zone:basic-control']));
    for (const name of ['id', 'title', 'mainstat', 'secondarystat']) {
      expect(nodes.fields.map((f) => f.name)).toContain(name);
    }
    const ids = new Set(column(nodes, 'id'));
    expect(column(edges, 'source').every((id) => ids.has(id))).toBe(true);
    expect(column(edges, 'target').every((id) => ids.has(id))).toBe(true);
    const verdicts = column(edges, 'verdict');
    expect(verdicts).toContain('violation');
    expect(column(edges, 'highlighted')[verdicts.indexOf('violation')]).toBe(true);
  });

  it('show one zone with its neighbours, at asset level', async () => {
    const response = await run(dataSource(), [
      { refId: 'T', queryType: 'topology', topologyLevel: 'asset', zone: 'basic-control' },
    ]);

    const [nodes] = (response.data as DataFrame[]).filter((f) => f.refId === 'T');
    expect(column(nodes, 'kind')).toContain('asset');
    expect(column(nodes, 'zone')).toContain('basic-control');
    // The zone's assets, the office workstation talking to one of them, and the zones around both.
    expect(column(nodes, 'id')).toEqual([
      'zone:enterprise',
      'zone:supervisory',
      'zone:basic-control',
      'asset:ws-0',
      'asset:plc-0',
    ]);
    const ids = new Set(column(nodes, 'id'));
    expect(column(nodes, 'parent').every((parent) => parent === null || ids.has(parent))).toBe(true);
  });
});

describe('template variables', () => {
  it('match a multi-value variable in a builder filter as any of its values, escaped', async () => {
    withVariables({ zone: ['basic-control', "x' OR 1=1"] });

    await run(dataSource(), [
      {
        refId: 'A',
        store: 'ot',
        measurement: 'flow',
        field: 'bytes_out',
        tagFilters: [{ tag: 'dst_zone', operator: '=', value: '$zone' }],
      },
    ]);

    expect(backend.requests[0].statement).toContain(`"dst_zone" =~ /^(?:basic-control|x' OR 1=1)$/`);
  });

  it('substitute raw InfluxQL by where each variable stands', async () => {
    withVariables({ zone: "a' OR 1=1", m: 'flow' });

    await run(dataSource(), [
      {
        refId: 'A',
        editorMode: 'raw',
        store: 'ot',
        rawQuery: `SELECT count(*) FROM "$m" WHERE "dst_zone" = '$zone' AND $timeFilter`,
      },
    ]);

    expect(backend.requests[0].statement).toBe(
      `SELECT count(*) FROM "flow" WHERE "dst_zone" = 'a\\' OR 1=1' AND time >= ${FROM}ms and time <= ${TO}ms`
    );
  });

  it('refuse a value that cannot be placed, before sending', async () => {
    withVariables({ zone: ['a', 'b'] });

    const response = await run(dataSource(), [
      {
        refId: 'A',
        editorMode: 'raw',
        store: 'ot',
        rawQuery: `SELECT count(*) FROM "flow" WHERE "dst_zone" = '$zone'`,
      },
    ]);

    expect(backend.requests).toHaveLength(0);
    expect(response.errors?.[0].message).toMatch(/^the statement's variables cannot be substituted: .*zone/);
  });

  it('limit analysis queries to the zones of a zone variable', async () => {
    withVariables({ zone: ['supervisory', 'enterprise'] });

    const response = await run(dataSource(), [{ refId: 'F', queryType: 'findings', zone: '$zone' }]);

    expect(column(frameOf(response, 'F'), 'srcZone')).toContain('enterprise');
  });
});

describe('variable support', () => {
  it('lists zones from the zone model as text and value', async () => {
    const ds = dataSource();
    const support = ds.variables;
    if (support === undefined || !('query' in support) || support.query === undefined) {
      throw new Error('no variable support');
    }

    const response = await lastValueFrom(
      support.query(queryRequest([{ refId: 'v', kind: 'zones' } as unknown as ConduitQuery]))
    );

    const [frame] = response.data as DataFrame[];
    expect(column(frame, 'text')).toEqual(['Enterprise', 'Supervisory', 'Basic control']);
    expect(column(frame, 'value')).toEqual(['enterprise', 'supervisory', 'basic-control']);
  });

  it('keeps the values of the store that answered and names the one that did not', async () => {
    backend.handler = cannedStores({ failing: 'it' });

    const { options, errors } = await lastValueFrom(
      dataSource().variableOptions({ refId: 'v', kind: 'measurements' }, {})
    );

    expect(options.map((o) => o.value)).toEqual(['flow', 'ot_operation']);
    expect(errors).toEqual([
      expect.stringMatching(/^IT store \(http:\/\/influxdb-it:8086\): Grafana's data proxy could not reach/),
    ]);
  });

  it('lists the assets of a zone variable through an escaped SHOW TAG VALUES', async () => {
    withVariables({ zone: ['basic-control', '/.*/'] });

    await lastValueFrom(dataSource().variableOptions({ refId: 'v', kind: 'assets', zone: '$zone' }, {}));

    expect(backend.requests.map((r) => r.statement)).toEqual([
      'SHOW TAG VALUES FROM "asset" WITH KEY = "asset" WHERE "zone" =~ /^(?:basic-control|\\/\\.\\*\\/)$/ LIMIT 10000',
      'SHOW TAG VALUES FROM "asset" WITH KEY = "asset" WHERE "zone" =~ /^(?:basic-control|\\/\\.\\*\\/)$/ LIMIT 10000',
    ]);
  });
});

describe('annotations', () => {
  it('turn findings at or above the chosen severity into events, regions for lasting ones', async () => {
    const ds = dataSource();
    const query = ds.annotations?.prepareQuery?.({
      name: 'Findings',
      enable: true,
      iconColor: 'red',
      target: { refId: 'A', minSeverity: 'high' },
    });
    if (query === undefined) {
      throw new Error('no annotation query');
    }
    expect(query).toMatchObject({ queryType: 'findings', minSeverity: 'high' });

    const response = await run(ds, [query]);
    const events = await lastValueFrom(
      ds.annotations?.processEvents?.(
        { name: 'Findings', enable: true, iconColor: 'red' },
        response.data as DataFrame[]
      ) ?? NEVER
    );

    expect(events?.length).toBeGreaterThan(0);
    expect(events?.[0]).toMatchObject({
      time: expect.any(Number),
      title: expect.any(String),
      text: expect.any(String),
    });
    expect(events?.every((e) => ['high', 'critical'].includes(e.tags?.[0] ?? ''))).toBe(true);
  });
});

describe('risk frames', () => {
  it('give impact, likelihood, score and the factors per asset', async () => {
    const response = await run(dataSource(), [{ refId: 'R', queryType: 'risk' }]);

    const frame = frameOf(response, 'R');
    expect(frame.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['entity', 'impact', 'likelihood', 'score', 'impactBand', 'likelihoodBand', 'factors'])
    );
    const factors = JSON.parse(String(column(frame, 'factors')[0]));
    expect(factors[0]).toEqual(expect.objectContaining({ id: expect.any(String), contribution: expect.any(Number) }));
  });

  it('give risk over time as a time field and one score field per entity', async () => {
    const response = await run(dataSource(), [
      { refId: 'R', queryType: 'risk', riskView: 'overTime', riskEntity: 'zone' },
    ]);

    const frame = frameOf(response, 'R');
    expect(frame.fields[0].name).toBe('time');
    expect(
      frame.fields
        .slice(1)
        .map((f) => f.name)
        .sort()
    ).toEqual(['basic-control', 'enterprise', 'supervisory']);
    expect(frame.fields[1].config.displayNameFromDS).toBeDefined();
  });

  it('give the factors of each series at every bucket end when asked, details only where they changed', async () => {
    const response = await run(dataSource(), [
      { refId: 'R', queryType: 'risk', riskView: 'overTime', riskEntity: 'zone', riskFactors: true },
    ]);

    const [scores, factors] = (response.data as DataFrame[]).filter((frame) => frame.refId === 'R');
    expect(factors.name).toBe('risk factors over time');
    const times = column(scores, 'time');
    const ids = scores.fields.slice(1).map((field) => field.name);
    expect(factors.length).toBe(times.length * ids.length);
    const last = factors.length - 1;
    const id = String(column(factors, 'id')[last]);
    expect(column(factors, 'score')[last]).toBe(column(scores, id)[times.length - 1]);
    // At the end of the range every detail is the entity view's, so none is repeated.
    const endFactors = JSON.parse(String(column(factors, 'factors')[last])) as unknown[][];
    expect(endFactors.every((factor) => factor.length === 2)).toBe(true);
    const sum = endFactors.reduce((total, factor) => total + Number(factor[1]), 0);
    expect(sum).toBeCloseTo(Number(column(factors, 'score')[last]), 6);
  });
});

describe('inventory', () => {
  it('lists the assets of both stores with their zone and vulnerabilities, fetching only the inventory', async () => {
    const response = await run(dataSource(), [{ refId: 'I', queryType: 'inventory' }]);

    const frame = frameOf(response, 'I');
    expect(column(frame, 'asset')).toEqual(['plc-0', 'ws-0']);
    expect(column(frame, 'zone')).toEqual(['basic-control', 'enterprise']);
    expect(column(frame, 'cvssMax')).toEqual([9.8, 9.8]);
    expect(backend.requests.map((r) => measurementOf(r.statement))).toEqual(['asset', 'asset']);
  });
});

describe('broken answers', () => {
  const CORPUS: Array<[string, FakeBackendSrv['handler'], RegExp]> = [
    [
      'a truncated body',
      (request) => ok('{"results":[{"statement_id":0,"series":[{"name":"flow","columns":["time"')(request),
      /cut off/,
    ],
    ['a body that is not JSON', (request) => ok('<html>proxy error</html>')(request), /not JSON/],
    [
      'an error field in a result',
      (request) => ok({ results: [{ statement_id: 0, error: 'database not found: conduit_it' }] })(request),
      /database not found: conduit_it/,
    ],
    ['a top-level error', (request) => ok({ error: 'timeout' })(request), /timeout/],
    [
      'HTTP 400',
      (request) => httpError(400, 'Bad Request', '{"error":"error parsing query"}')(request),
      /HTTP 400 Bad Request: error parsing query/,
    ],
    [
      'HTTP 401',
      (request) => httpError(401, 'Unauthorized', '{"error":"authorization failed"}')(request),
      /refused the credentials/,
    ],
    ['HTTP 500', (request) => httpError(500, 'Internal Server Error', '')(request), /HTTP 500 Internal Server Error/],
  ];

  it.each(CORPUS)('telemetry: %s gives an error naming the store, no exception', async (_name, handler, message) => {
    backend.handler = handler;

    const response = await run(dataSource(), [{ refId: 'A', store: 'it', measurement: 'flow', field: 'bytes_out' }]);

    expect(response.state).toBe(LoadingState.Done);
    expect(response.errors).toEqual([{ refId: 'A', message: expect.stringMatching(message) }]);
    expect(response.errors?.[0].message).toMatch(/^IT store \(http:\/\/influxdb-it:8086\): /);
  });

  it.each(CORPUS)('findings: %s gives an error per store, no exception', async (_name, handler, message) => {
    backend.handler = handler;

    const response = await run(dataSource(), [{ refId: 'F', queryType: 'findings' }]);

    expect(response.state).toBe(LoadingState.Done);
    expect(response.errors?.map((e) => e.message)).toEqual([
      expect.stringMatching(/^IT store/),
      expect.stringMatching(/^OT store/),
    ]);
    expect(response.errors?.[0].message).toMatch(message);
  });

  it('reads series with nulls, missing columns and mixed types as far as it can, with a warning', async () => {
    backend.handler = ok({
      results: [
        {
          statement_id: 0,
          series: [
            {
              name: 'flow',
              columns: ['time', 'sum'],
              values: [[FROM, null], [FROM + 1000, 'seven'], [FROM + 2000, 3], [FROM + 3000]],
            },
          ],
        },
      ],
    });

    const response = await run(dataSource(), [{ refId: 'A', store: 'it', measurement: 'flow', field: 'bytes_out' }]);

    expect(response.errors).toBeUndefined();
    const frame = frameOf(response, 'A');
    expect(frame.length).toBe(4);
    expect(frame.meta?.notices?.length).toBeGreaterThan(0);
  });

  it('times out a store that never answers and names it', async () => {
    jest.useFakeTimers();
    try {
      backend.handler = () => NEVER;
      const all = lastValueFrom(
        dataSource({ itTimeoutSeconds: 1 })
          .query(queryRequest([{ refId: 'A', store: 'it', measurement: 'flow', field: 'bytes_out' }]))
          .pipe(toArray())
      );
      jest.advanceTimersByTime(1000);
      const responses = await all;

      expect(responses[responses.length - 1].errors).toEqual([
        {
          refId: 'A',
          message: "IT store (http://influxdb-it:8086): no answer within 1 s (the store's timeout setting)",
        },
      ]);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('testDatasource', () => {
  it('checks each store and the zone model, and says so', async () => {
    const result = await dataSource().testDatasource();

    expect(result).toEqual({
      status: 'success',
      message:
        'IT store (http://influxdb-it:8086): connected, database "conduit_it", read only. OT store (http://influxdb-ot:8086): connected, database "conduit_ot", read only. Zone model: 3 zones, 2 conduits, 0 assets.',
    });
    // Each store: its database, then what its user may do beyond reading, then its continuous queries.
    expect(backend.requests.map((r) => `${r.route} ${r.statement}`)).toEqual([
      'it SHOW RETENTION POLICIES',
      'ot SHOW RETENTION POLICIES',
      'it SHOW USERS',
      'ot SHOW USERS',
      'it DELETE FROM /a^/',
      'ot DELETE FROM /a^/',
      'it SHOW CONTINUOUS QUERIES',
      'ot SHOW CONTINUOUS QUERIES',
    ]);
  });

  it('names the store that failed and why', async () => {
    backend.handler = cannedStores({ failing: 'ot' });

    const result = await dataSource().testDatasource();

    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /^OT store \(http:\/\/influxdb-ot:8086\): Grafana's data proxy could not reach the store \(HTTP 502 Bad Gateway\)/
    );
    expect(result.message).not.toContain('IT store');
  });

  it('names a database that does not exist and a retention policy it does not have', async () => {
    backend.handler = (request) =>
      request.url.endsWith('/it/query')
        ? ok({ results: [{ statement_id: 0, error: 'database not found: conduit_it' }] })(request)
        : ok(cannedAnswer('ot', 'SHOW RETENTION POLICIES'))(request);

    const result = await dataSource({ otRetentionPolicy: 'week' }).testDatasource();

    expect(result.message).toContain('IT store (http://influxdb-it:8086): statement 0: database not found: conduit_it');
    expect(result.message).toContain(
      'OT store (http://influxdb-ot:8086): database "conduit_ot" has no retention policy "week" (it has "autogen")'
    );
  });

  it('reports a zone model that does not validate, with the path at fault', async () => {
    const result = await dataSource({
      zoneModel: 'zones:\n  - id: a\n    name: A\n    purdueLevel: 7\n    slTarget: 1\n',
    }).testDatasource();

    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^Zone model: zones\[0\]\.purdueLevel \(a\), line 4: unknown Purdue level 7/);
  });

  it('refuses a configuration without any store', async () => {
    const result = await dataSource({ itUrl: '', otUrl: '' }).testDatasource();

    expect(result.status).toBe('error');
    expect(backend.requests).toHaveLength(0);
  });
});
