/**
 * @jest-environment jsdom
 *
 * The datasource against two real InfluxDB 1.x stores (IT and OT) loaded with six simulated hours of the
 * demo plant, its attack scenarios included. The datasource runs in Node with Grafana's data proxy modelled in
 * datasource/test/grafanaDataProxy.ts: plugin.json's routes applied to the real stores' URLs. Nothing of the store is
 * mocked. The stores run with authentication, as a site runs them: the simulator writes as a user with WRITE
 * only, and the datasource reads as a user with READ only.
 */
import '../test/jsdomNodeGlobals';

import { type DataFrame, type DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import { setBackendSrv, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { ANALYSIS_MEASUREMENTS, quoteIdentifier } from '@conduit/core';
import { lastValueFrom, of } from 'rxjs';

import { type AuthenticatedInfluxd, startInfluxdWithAuth } from '../../test/helpers/influxd';
import { runBackfill, type CommandIo } from '../../simulator/src/backfillCommand';
import { buildPlant } from '../../simulator/src/plant';
import { plantZoneModel, zoneModelYaml } from '../../simulator/src/plantZoneModel';
import { Analyzer, DEFAULT_ANALYZER_TIMING } from '../../cli/src/analyzerService';
import { createInfluxStore } from '../../cli/src/influxStore';
import { ConduitDataSource } from './datasource';
import { topologyBucketMs } from './query/downsampling';
import plugin from './plugin.json';
import { instanceSettings, PROXY_URL, queryRequest } from '../test/cannedInflux';
import { GrafanaDataProxy } from '../test/grafanaDataProxy';
import type { ConduitDataSourceOptions, ConduitQuery, ConduitSecureJsonData } from './types';

jest.setTimeout(300_000);

const SEED = 11;
const ASSETS = 40;
const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const TO = FROM + 6 * 3_600_000;

const quietIo: CommandIo = { stdout: () => undefined, stderr: () => undefined, stderrIsTerminal: false };

let it_: AuthenticatedInfluxd;
let ot: AuthenticatedInfluxd;
let jsonData: ConduitDataSourceOptions;
let secureJsonData: ConduitSecureJsonData;
let proxy: GrafanaDataProxy;

function connect(
  options: ConduitDataSourceOptions = {},
  proxyTimeoutMs = 30_000,
  secrets: ConduitSecureJsonData = secureJsonData
): ConduitDataSource {
  const settings = { ...jsonData, ...options };
  proxy = new GrafanaDataProxy({
    proxyUrl: PROXY_URL,
    routes: plugin.routes,
    jsonData: { ...settings },
    secureJsonData: { ...secrets },
    timeoutMs: proxyTimeoutMs,
  });
  setBackendSrv(proxy.asBackendSrv());
  return new ConduitDataSource(instanceSettings(settings));
}

function run(ds: ConduitDataSource, targets: ConduitQuery[]): Promise<DataQueryResponse> {
  const from = dateTime(FROM);
  const to = dateTime(TO);
  return lastValueFrom(ds.query(queryRequest(targets, { range: { from, to, raw: { from, to } } })));
}

/** Dashboard variables as Grafana's template service lists them. */
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

function frameOf(response: DataQueryResponse, refId: string): DataFrame {
  const frame = (response.data as DataFrame[]).find((f) => f.refId === refId);
  if (frame === undefined) {
    throw new Error(`no frame for ${refId}: ${JSON.stringify(response.errors)}`);
  }
  return frame;
}

function column(frame: DataFrame, name: string): unknown[] {
  return frame.fields.find((f) => f.name === name)?.values ?? [];
}

function rowCount(response: DataQueryResponse): number {
  return (response.data as DataFrame[]).reduce((sum, frame) => sum + frame.length, 0);
}

beforeAll(async () => {
  withVariables({});
  [it_, ot] = await Promise.all([
    startInfluxdWithAuth({ databases: ['conduit_it'] }),
    startInfluxdWithAuth({ databases: ['conduit_ot'] }),
  ]);
  await runBackfill(
    {
      seed: SEED,
      assets: ASSETS,
      fromMs: FROM,
      toMs: TO,
      scenarios: ['rogue-laptop', 'it-ot-intrusion'],
      it: { kind: 'it', url: it_.users.writer.url, database: 'conduit_it' },
      ot: { kind: 'ot', url: ot.users.writer.url, database: 'conduit_ot' },
      batchSize: 5000,
      concurrency: 2,
      dryRun: false,
      progress: false,
    },
    quietIo
  );
  jsonData = {
    itUrl: it_.url,
    itDatabase: 'conduit_it',
    itAuth: 'password',
    itUser: it_.users.reader.name,
    otUrl: ot.url,
    otDatabase: 'conduit_ot',
    otAuth: 'password',
    otUser: ot.users.reader.name,
    zoneModel: zoneModelYaml(plantZoneModel(buildPlant(SEED, ASSETS))),
  };
  secureJsonData = { itBasicAuth: it_.users.reader.basicCredentials, otBasicAuth: ot.users.reader.basicCredentials };
});

afterAll(async () => {
  await Promise.all([it_?.stop(), ot?.stop()]);
});

describe('telemetry', () => {
  it('aggregates a measurement per bucket and tag through the builder, GET and POST alike', async () => {
    const target: ConduitQuery = {
      refId: 'A',
      store: 'ot',
      measurement: 'flow',
      field: 'bytes_out',
      aggregation: 'sum',
      groupByTags: ['dst_zone'],
    };
    const viaGet = await run(connect(), [target]);
    const viaPost = await run(connect({ otHttpMethod: 'POST' }), [target]);

    expect(viaGet.errors).toBeUndefined();
    expect(viaGet.data.length).toBeGreaterThan(1);
    expect(rowCount(viaGet)).toBeGreaterThan(0);
    expect(rowCount(viaPost)).toBe(rowCount(viaGet));
    expect(proxy.requests[0].method).toBe('POST');
  });

  it('runs raw InfluxQL with $timeFilter and $__interval, within maxDataPoints', async () => {
    const response = await run(connect(), [
      {
        refId: 'A',
        editorMode: 'raw',
        store: 'it',
        rawQuery: 'SELECT count("bytes_out") FROM "flow" WHERE $timeFilter GROUP BY time($__interval) fill(0)',
      },
    ]);

    expect(response.errors).toBeUndefined();
    const frame = frameOf(response, 'A');
    expect(frame.length).toBeGreaterThan(10);
    expect(frame.length).toBeLessThanOrEqual(1000);
  });

  it('refuses a raw DROP before it reaches the store, which keeps its data', async () => {
    const response = await run(connect(), [
      { refId: 'A', editorMode: 'raw', store: 'ot', rawQuery: 'DROP MEASUREMENT flow' },
    ]);

    expect(response.errors?.[0].message).toMatch(
      /^Refused before sending to the OT store: statement 1 starts with DROP/
    );
    expect(proxy.requests).toHaveLength(0);
    const still = await ot.query('SELECT count(*) FROM "flow"', 'conduit_ot');
    expect(still.results[0].series?.length).toBe(1);
  });

  it('matches a plain filter value, the control for the hostile ones below', async () => {
    const response = await run(connect(), [
      {
        refId: 'A',
        store: 'ot',
        measurement: 'flow',
        field: 'bytes_out',
        aggregation: 'count',
        tagFilters: [{ tag: 'dst_zone', operator: '=', value: 'basic-control' }],
      },
    ]);

    expect(response.errors).toBeUndefined();
    expect(rowCount(response)).toBeGreaterThan(0);
  });

  it.each([["a' OR 1=1"], ['/.*/'], ['"; DROP MEASUREMENT flow'], ['line\nbreak'], ['zoné 区域 🏭'], ['\\']])(
    'matches the hostile filter value %j literally: no rows, no error, nothing widened',
    async (value) => {
      const response = await run(connect(), [
        {
          refId: 'A',
          store: 'ot',
          measurement: 'flow',
          field: 'bytes_out',
          aggregation: 'count',
          tagFilters: [{ tag: 'dst_zone', operator: '=', value }],
        },
      ]);

      expect(response.errors).toBeUndefined();
      expect(rowCount(response)).toBe(0);
    }
  );
});

describe('analysis', () => {
  // One refresh of a dashboard: every analysis panel at once, which the datasource answers from one fetch.
  let response: DataQueryResponse;
  let sent: string[];
  let zone: string;
  let annotationTarget: ConduitQuery;

  beforeAll(async () => {
    // Six hours of flows grouped by every tag are a heavy ask of a small influxd on a busy machine.
    const ds = connect({ itTimeoutSeconds: 180, otTimeoutSeconds: 180 }, 180_000);
    annotationTarget = {
      ...ds.annotations?.prepareQuery?.({
        name: 'Findings',
        enable: true,
        iconColor: 'red',
        target: { refId: 'N', minSeverity: 'high' },
      }),
      refId: 'N',
    };
    zone = 'industrial-dmz';
    response = await run(ds, [
      { refId: 'F', queryType: 'findings' },
      { refId: 'Z', queryType: 'findings', zone },
      { refId: 'R', queryType: 'risk' },
      { refId: 'T', queryType: 'risk', riskView: 'overTime', riskEntity: 'zone' },
      { refId: 'C', queryType: 'chains' },
      { refId: 'I', queryType: 'inventory' },
      { refId: 'G', queryType: 'topology' },
      annotationTarget,
    ]);
    sent = proxy.requests.map((r) => `${r.route} ${r.statement}`);
  });

  it('fetches each observation statement once per store for every analysis query of the refresh', () => {
    expect(response.errors).toBeUndefined();
    expect(response.state).toBe(LoadingState.Done);
    expect(new Set(sent).size).toBe(sent.length);
    // Eleven observation statements for the range, eleven for the learning read, the analyzer's coverage, and the
    // topology's own four: flows in its few buckets and the latest asset records, from each store.
    expect(sent).toHaveLength(27);
    const topologyOwn = sent.filter(
      (statement) =>
        statement.includes('ORDER BY time DESC LIMIT 1') ||
        statement.includes(`GROUP BY time(${topologyBucketMs(TO - FROM)}ms)`)
    );
    expect(topologyOwn).toHaveLength(4);
  });

  it('finds the conduit violations of the scenarios, one row per finding', () => {
    const findings = frameOf(response, 'F');
    expect(findings.length).toBeGreaterThan(0);
    expect(column(findings, 'category')).toEqual(expect.arrayContaining(['conduit-violation']));
    expect(new Set(column(findings, 'id')).size).toBe(findings.length);
  });

  it('limits findings to a zone', () => {
    const inZone = frameOf(response, 'Z');
    expect(inZone.length).toBeGreaterThan(0);
    expect(inZone.length).toBeLessThan(frameOf(response, 'F').length);
    const dst = column(inZone, 'dstZone');
    expect(column(inZone, 'srcZone').every((src, i) => src === zone || dst[i] === zone)).toBe(true);
  });

  it('scores risk per asset and over time per zone', () => {
    const risk = frameOf(response, 'R');
    expect(risk.length).toBeGreaterThan(ASSETS / 2);
    expect(column(risk, 'score').every((s) => typeof s === 'number' && s >= 0 && s <= 100)).toBe(true);
    const overTime = frameOf(response, 'T');
    expect(overTime.fields[0].name).toBe('time');
    expect(overTime.fields.length).toBeGreaterThan(3);
    expect(overTime.length).toBeGreaterThan(10);
  });

  it('correlates the intrusion into a chain', () => {
    expect(frameOf(response, 'C').length).toBeGreaterThan(0);
  });

  it('draws the zones, conduits and observed flows with their verdict as Node Graph frames', () => {
    const [nodes, edges] = (response.data as DataFrame[]).filter((f) => f.refId === 'G');
    expect([nodes.name, edges.name]).toEqual(['nodes', 'edges']);
    expect(column(nodes, 'kind').filter((kind) => kind === 'zone').length).toBeGreaterThanOrEqual(6);
    expect(column(edges, 'kind')).toEqual(expect.arrayContaining(['conduit', 'flow']));
    expect(column(edges, 'verdict')).toEqual(expect.arrayContaining(['allowed', 'violation']));
    const ids = new Set(column(nodes, 'id'));
    expect([...column(edges, 'source'), ...column(edges, 'target')].every((id) => ids.has(id))).toBe(true);
  });

  it('lists the inventory', () => {
    expect(frameOf(response, 'I').length).toBeGreaterThanOrEqual(ASSETS);
  });

  it('marks findings of high severity and above as annotations', async () => {
    const support = connect().annotations;
    const events = await lastValueFrom(
      support?.processEvents?.({ name: 'Findings', enable: true, iconColor: 'red' }, [frameOf(response, 'N')]) ?? of([])
    );

    expect(events?.length).toBeGreaterThan(0);
    expect(events?.every((e) => e.tags?.[0] === 'high' || e.tags?.[0] === 'critical')).toBe(true);
  });
});

describe('stored and computed findings', () => {
  const HOUR = 3_600_000;
  const analyzer = { name: 'conduit_analyzer', password: 'analyzer-Secret-2' };

  /** A store URL signed in as the analyzer's own user. */
  async function analyzerUrl(server: AuthenticatedInfluxd, grant: string): Promise<string> {
    await server.query(
      `CREATE USER "${analyzer.name}" WITH PASSWORD '${analyzer.password}'; GRANT ${grant} TO "${analyzer.name}"`
    );
    const url = new URL(server.url);
    url.username = analyzer.name;
    url.password = analyzer.password;
    return url.toString().replace(/\/$/, '');
  }

  // The analyzer's output and user go again, so the tests after these see the stores as the simulator left them.
  afterAll(async () => {
    const drops = ANALYSIS_MEASUREMENTS.map(({ name }) => `DROP MEASUREMENT ${quoteIdentifier(name)}`);
    await ot.query(drops.join('; '), 'conduit_ot');
    await Promise.all([it_, ot].map((server) => server.query(`DROP USER "${analyzer.name}"`)));
  });

  it('finds the same findings in one hour whether the dashboard shows 1 h, 6 h or 24 h around it', async () => {
    const hour = { from: FROM + 3 * HOUR, to: FROM + 4 * HOUR };
    const ds = connect({ itTimeoutSeconds: 180, otTimeoutSeconds: 180 }, 180_000);
    const findingsOfHour = async (from: number, to: number) => {
      const range = { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
      const frame = frameOf(
        await lastValueFrom(ds.query(queryRequest([{ refId: 'F', queryType: 'findings' }], { range }))),
        'F'
      );
      const times = column(frame, 'time') as number[];
      return column(frame, 'id').filter((_, i) => times[i] >= hour.from && times[i] < hour.to);
    };
    const oneHour = await findingsOfHour(hour.from, hour.to);
    expect(oneHour.length).toBeGreaterThan(0);
    expect(await findingsOfHour(FROM, TO)).toEqual(oneHour);
    expect(await findingsOfHour(hour.from - 18 * HOUR, hour.to + 5 * HOUR)).toEqual(oneHour);
  });

  it('are equal for one range, half stored by the analyzer and half computed, and the inspector says which', async () => {
    const query: ConduitQuery[] = [{ refId: 'F', queryType: 'findings' }];
    const options = { itTimeoutSeconds: 180, otTimeoutSeconds: 180 };
    const computed = frameOf(await run(connect(options, 180_000), query), 'F');
    expect(computed.length).toBeGreaterThan(0);

    const stores = {
      it: createInfluxStore('IT store', await analyzerUrl(it_, 'READ ON "conduit_it"'), 'conduit_it'),
      ot: createInfluxStore('OT store', await analyzerUrl(ot, 'ALL ON "conduit_ot"'), 'conduit_ot'),
    };
    const stop = new AbortController();
    const { plant } = connect();
    if (!plant.ok) {
      throw new Error(plant.problems.join('\n'));
    }
    const state = await new Analyzer(
      {
        ...DEFAULT_ANALYZER_TIMING,
        model: plant.model,
        stores,
        shard: 'plant',
        resume: false,
        start: FROM + 3 * HOUR,
        until: TO,
      },
      { clock: () => TO, sleep: async () => undefined, log: () => undefined, signal: stop.signal }
    ).run();
    expect(state.failures).toBe(0);

    const mixed = frameOf(await run(connect(options, 180_000), query), 'F');
    expect(column(mixed, 'id')).toEqual(column(computed, 'id'));
    expect(column(mixed, 'severity')).toEqual(column(computed, 'severity'));
    const at = (ms: number) => new Date(ms).toISOString();
    expect(mixed.meta?.notices?.slice(0, 2)).toEqual([
      { severity: 'info', text: `findings stored by the analyzer: ${at(FROM + 3 * HOUR)} to ${at(TO)}` },
      { severity: 'info', text: `findings computed from telemetry: ${at(FROM)} to ${at(FROM + 3 * HOUR)}` },
    ]);
    expect(proxy.requests.some((r) => r.statement.includes('FROM "conduit_finding"'))).toBe(true);
  });

  it('show the risk the analyzer stored at the end of its latest pass, read back whole, with no telemetry read', async () => {
    // Runs after the analyzer of the test before has covered the range from its fourth hour to its end.
    const sent = proxy.requests.length;
    const covered = { from: dateTime(FROM + 3 * HOUR), to: dateTime(TO) };
    const frame = frameOf(
      await lastValueFrom(
        connect().query(
          queryRequest([{ refId: 'R', queryType: 'risk', riskEntity: 'asset' }], {
            range: { ...covered, raw: covered },
          })
        )
      ),
      'R'
    );

    const stored = await ot.query(
      `SELECT "risk" FROM "conduit_risk" WHERE time = ${TO}ms AND "kind" = 'asset'`,
      'conduit_ot'
    );
    const entities = (stored.results[0].series?.[0]?.values ?? []).map(
      (row) => JSON.parse(String(row[1])) as { id: string; score: number; factors: unknown[] }
    );
    expect(entities.length).toBeGreaterThan(0);
    const byScore = [...entities].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(column(frame, 'id')).toEqual(byScore.map((entity) => entity.id));
    expect(column(frame, 'factors')).toEqual(byScore.map((entity) => JSON.stringify(entity.factors)));
    expect(frame.meta?.notices).toContainEqual({
      severity: 'info',
      text: `risk stored by the analyzer at ${new Date(TO).toISOString()}`,
    });
    const statements = proxy.requests.slice(sent).map((r) => r.statement);
    expect(statements.filter((statement) => !statement.includes('FROM "conduit_'))).toEqual([]);
  });

  it("draw a day's topology from the analyzer's hourly flow rollup as from the flows, and the inspector says which", async () => {
    // Runs after the analyzer of the tests before has covered the range from its fourth hour to its end.
    const day = { from: dateTime(TO - 24 * HOUR), to: dateTime(TO) };
    expect(topologyBucketMs(24 * HOUR)).toBe(HOUR);
    const options = { itTimeoutSeconds: 180, otTimeoutSeconds: 180 };
    const topology = async (level: 'zone' | 'asset') => {
      const targets: ConduitQuery[] = [{ refId: 'T', queryType: 'topology', topologyLevel: level }];
      const response = await lastValueFrom(
        connect(options, 180_000).query(queryRequest(targets, { range: { ...day, raw: day } }))
      );
      expect(response.errors ?? []).toEqual([]);
      const frames = response.data as DataFrame[];
      return {
        values: frames.map((frame) => frame.fields.map((field) => [field.name, field.values])),
        notices: frames[0]?.meta?.notices?.map((notice) => notice.text) ?? [],
        statements: proxy.requests.map((request) => request.statement),
      };
    };
    const at = (ms: number) => new Date(ms).toISOString();
    const rolledUp = { zone: await topology('zone'), asset: await topology('asset') };
    for (const read of Object.values(rolledUp)) {
      expect(read.notices).toEqual(
        expect.arrayContaining([
          `flows from the analyzer's hourly rollup: ${at(FROM + 3 * HOUR)} to ${at(TO)}`,
          `flows read from telemetry: ${at(TO - 24 * HOUR)} to ${at(FROM + 3 * HOUR)}`,
        ])
      );
      expect(read.statements.some((statement) => statement.includes('FROM "conduit_flow_rollup"'))).toBe(true);
      // The telemetry's flows are read only up to the rolled-up hours.
      const flowReads = read.statements.filter((statement) => statement.includes('FROM "flow"'));
      expect(flowReads.length).toBeGreaterThan(0);
      expect(flowReads.every((statement) => statement.includes(`time <= ${FROM + 3 * HOUR - 1}ms`))).toBe(true);
    }

    // Without the analyzer's passes, the whole day is read from the flows.
    await ot.query('DROP MEASUREMENT "conduit_analysis"', 'conduit_ot');
    const computed = { zone: await topology('zone'), asset: await topology('asset') };
    expect(computed.zone.statements.some((statement) => statement.includes('conduit_flow_rollup'))).toBe(false);
    const edgeCount = computed.zone.values[1].find(([name]) => name === 'id')?.[1].length ?? 0;
    expect(edgeCount).toBeGreaterThan(5);
    expect(rolledUp.zone.values).toEqual(computed.zone.values);
    expect(rolledUp.asset.values).toEqual(computed.asset.values);
  });
});

describe('hostile variable values', () => {
  const HOSTILE = ["a' OR 1=1", '/.*/', '"; DROP MEASUREMENT flow', 'line\nbreak', 'zoné 区域 🏭', '.*', '$timeFilter'];
  const statements: Array<[string, string]> = [
    ['a string literal', `SELECT count("bytes_out") FROM "flow" WHERE "dst_zone" = '$zone' AND $timeFilter`],
    ['a regex', `SELECT count("bytes_out") FROM "flow" WHERE "dst_zone" =~ /^$zone$/ AND $timeFilter`],
    ['a bare comparison', `SELECT count("bytes_out") FROM "flow" WHERE "dst_zone" = $zone AND $timeFilter`],
  ];

  async function count(query: Partial<ConduitQuery>): Promise<{ rows: number; errors: DataQueryResponse['errors'] }> {
    const response = await run(connect(), [{ refId: 'A', store: 'ot', ...query }]);
    const values = (response.data as DataFrame[]).flatMap((frame) => column(frame, 'count'));
    return {
      rows: values.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0),
      errors: response.errors,
    };
  }

  it.each(statements)('in %s, a plain value counts its rows (the control)', async (_where, rawQuery) => {
    withVariables({ zone: 'basic-control' });
    const { rows, errors } = await count({ editorMode: 'raw', rawQuery });

    expect(errors).toBeUndefined();
    expect(rows).toBeGreaterThan(0);
  });

  it.each(statements.flatMap(([where, rawQuery]) => HOSTILE.map((value) => [where, value, rawQuery])))(
    'in %s, the value %j neither breaks the statement nor widens it',
    async (_where, value, rawQuery) => {
      withVariables({ zone: value });
      const { rows, errors } = await count({ editorMode: 'raw', rawQuery });

      expect(errors).toBeUndefined();
      expect(rows).toBe(0);
      expect(proxy.requests).toHaveLength(1);
    }
  );

  it.each(HOSTILE)('as one of several values of a builder filter, %j adds no rows', async (value) => {
    const builder: Partial<ConduitQuery> = {
      measurement: 'flow',
      field: 'bytes_out',
      aggregation: 'count',
      tagFilters: [{ tag: 'dst_zone', operator: '=', value: '$zone' }],
    };
    withVariables({ zone: ['basic-control'] });
    const alone = await count(builder);
    withVariables({ zone: ['basic-control', value] });
    const withHostile = await count(builder);

    expect(withHostile.errors).toBeUndefined();
    expect(withHostile.rows).toBe(alone.rows);
    expect(alone.rows).toBeGreaterThan(0);
  });

  it('matches every value of a multi-value variable in Explore as on the dashboard, commas in values kept', async () => {
    const builder: ConduitQuery = {
      refId: 'A',
      store: 'ot',
      measurement: 'flow',
      field: 'bytes_out',
      aggregation: 'count',
      tagFilters: [{ tag: 'dst_zone', operator: '=', value: '$zone' }],
    };
    const zones = ['basic-control', 'supervisory', 'a,b'];
    withVariables({ zone: zones[0] });
    const first = await count(builder);
    withVariables({ zone: zones[1] });
    const second = await count(builder);
    withVariables({ zone: zones });
    const onDashboard = await count(builder);
    // Explore: the dashboard's variables replaced once, then the query run where no variable exists.
    const [explored] = connect().interpolateVariablesInQueries([builder], {});
    withVariables({});
    const inExplore = await count(explored);

    expect(explored.tagFilters?.[0]).toMatchObject({ value: 'basic-control, supervisory, a,b', values: zones });
    expect(first.rows).toBeGreaterThan(0);
    expect(second.rows).toBeGreaterThan(0);
    expect(onDashboard.rows).toBe(first.rows + second.rows);
    expect(inExplore).toEqual(onDashboard);
  });

  it('limits findings to every zone of a multi-value variable in Explore as on the dashboard', async () => {
    const findings: ConduitQuery = { refId: 'F', queryType: 'findings', zone: '$zone' };
    const zonesOf = (response: DataQueryResponse) => new Set(column(frameOf(response, 'F'), 'zone'));
    withVariables({ zone: ['dmz', 'basic-control'] });
    const onDashboard = await run(connect(), [findings]);
    const [explored] = connect().interpolateVariablesInQueries([findings], {});
    withVariables({});
    const inExplore = await run(connect(), [explored]);

    expect(explored).toMatchObject({ zone: 'dmz, basic-control', zones: ['dmz', 'basic-control'] });
    expect(frameOf(onDashboard, 'F').length).toBeGreaterThan(0);
    expect(frameOf(inExplore, 'F').length).toBe(frameOf(onDashboard, 'F').length);
    expect([...zonesOf(inExplore)].every((zone) => zone === 'dmz' || zone === 'basic-control')).toBe(true);
  });

  it('refuses a multi-value variable in a string literal instead of sending a widened statement', async () => {
    withVariables({ zone: ['basic-control', "x' OR 1=1 --"] });
    const { errors } = await count({ editorMode: 'raw', rawQuery: statements[0][1] });

    expect(errors?.[0].message).toMatch(/variables cannot be substituted/);
    expect(proxy.requests).toHaveLength(0);
  });

  afterAll(() => withVariables({}));
});

describe('variables', () => {
  async function options(ds: ConduitDataSource, query: Parameters<ConduitDataSource['variableOptions']>[0]) {
    return lastValueFrom(ds.variableOptions(query, {}));
  }

  it('lists zones from the model, and assets, measurements, tag keys, tag values and protocols from the stores', async () => {
    const ds = connect();
    const zones = await options(ds, { refId: 'v', kind: 'zones' });
    const assets = await options(ds, { refId: 'v', kind: 'assets' });
    const assetsInZone = await options(ds, { refId: 'v', kind: 'assets', zone: 'basic-control' });
    const measurements = await options(ds, { refId: 'v', kind: 'measurements', store: 'ot' });
    const tagKeys = await options(ds, { refId: 'v', kind: 'tagKeys', measurement: 'flow' });
    const tagValues = await options(ds, { refId: 'v', kind: 'tagValues', measurement: 'flow', tagKey: 'dst_zone' });
    const protocols = await options(ds, { refId: 'v', kind: 'protocols' });

    expect(zones.options.map((o) => o.value)).toEqual(expect.arrayContaining(['enterprise', 'basic-control']));
    expect(assets.options.length).toBeGreaterThan(assetsInZone.options.length);
    expect(assetsInZone.options.length).toBeGreaterThan(0);
    expect(measurements.options.map((o) => o.value)).toEqual(expect.arrayContaining(['flow', 'process_value']));
    expect(tagKeys.options.map((o) => o.value)).toEqual(expect.arrayContaining(['src_zone', 'dst_zone', 'service']));
    expect(tagValues.options.map((o) => o.value)).toEqual(expect.arrayContaining(['basic-control']));
    expect(protocols.options.map((o) => o.value)).toEqual(expect.arrayContaining(['modbus', 'https']));
    for (const answer of [zones, assets, assetsInZone, measurements, tagKeys, tagValues, protocols]) {
      expect(answer.errors).toEqual([]);
    }
  });
});

describe('health check of the store users', () => {
  it('passes a datasource whose users may only read, and says so', async () => {
    const health = await connect().testDatasource();

    expect(health.status).toBe('success');
    expect(health.message).toContain(`IT store (${it_.url}): connected, database "conduit_it", read only`);
    expect(health.message).toContain(`OT store (${ot.url}): connected, database "conduit_ot", read only`);
  });

  it('warns, naming the store and the database, when the user may also write', async () => {
    await ot.query(
      `CREATE USER "conduit_owner" WITH PASSWORD 'owner-pw'; GRANT ALL ON "conduit_ot" TO "conduit_owner"`
    );
    const owner = { otBasicAuth: Buffer.from('conduit_owner:owner-pw').toString('base64') };
    const health = await connect({ otUser: 'conduit_owner' }, 30_000, { ...secureJsonData, ...owner }).testDatasource();

    expect(health.status).toBe('warning');
    expect(health.message).toContain(
      `OT store (${ot.url}): connected, database "conduit_ot"; but the configured user may write to "conduit_ot"`
    );
    expect(health.message).toContain(`IT store (${it_.url}): connected, database "conduit_it", read only`);
    expect(proxy.requests.map((r) => r.statement)).toContain('DELETE FROM /a^/');
  });

  it('warns when the user is an InfluxDB admin, and changes nothing while it asks', async () => {
    const before = await ot.query('SELECT count(*) FROM /.*/', 'conduit_ot');
    const admin = { itBasicAuth: it_.users.admin.basicCredentials };
    const health = await connect({}, 30_000, { ...secureJsonData, ...admin }).testDatasource();

    expect(health.status).toBe('warning');
    expect(health.message).toContain(
      `IT store (${it_.url}): connected, database "conduit_it"; but the configured user is an InfluxDB admin`
    );
    expect(await ot.query('SELECT count(*) FROM /.*/', 'conduit_ot')).toEqual(before);
  });

  it('lists a continuous query a READ-only user defined, which InfluxDB 1.x allows and which would write', async () => {
    const statement =
      'CREATE CONTINUOUS QUERY "cq_probe" ON "conduit_ot" BEGIN SELECT count(bytes_out) INTO tally FROM flow GROUP BY time(1h) END';
    // Sent to the data proxy directly, as a Viewer may: the datasource's own check never sees it.
    connect();
    const created = await lastValueFrom(
      proxy.fetch<string>({
        url: `${PROXY_URL}/ot/query`,
        method: 'POST',
        responseType: 'text',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        data: new URLSearchParams({ q: statement }).toString(),
      })
    );
    expect(created.data).toBe('{"results":[{"statement_id":0}]}\n');
    try {
      const health = await connect().testDatasource();

      expect(health.status).toBe('warning');
      expect(health.message).toContain(
        `OT store (${ot.url}): connected, database "conduit_ot", read only; the database has continuous queries ("cq_probe")`
      );
    } finally {
      await ot.query('DROP CONTINUOUS QUERY "cq_probe" ON "conduit_ot"');
    }
  });

  it('says the store refused the credentials when they are wrong', async () => {
    const wrong = { otBasicAuth: Buffer.from(`${ot.users.reader.name}:wrong`).toString('base64') };
    const health = await connect({}, 30_000, { ...secureJsonData, ...wrong }).testDatasource();

    expect(health.status).toBe('error');
    expect(health.message).toMatch(/^OT store \(.*\): .*authorization failed/);
  });

  it('fails a store URL that ends with a slash, which the route would turn into //query', async () => {
    const health = await connect({ otUrl: `${ot.url}/` }).testDatasource();

    expect(health.status).toBe('error');
    expect(health.message).toBe(`OT store (${ot.url}/): the URL ends with "/"; remove it.`);
  });
});

describe('one store down', () => {
  it('keeps the IT part of the analysis when the OT store hangs, and names the OT store', async () => {
    await ot.pause();
    try {
      const ds = connect({ otTimeoutSeconds: 2 });
      const started = Date.now();
      const response = await run(ds, [
        { refId: 'F', queryType: 'findings' },
        { refId: 'A', store: 'it', measurement: 'flow', field: 'bytes_out', aggregation: 'sum' },
      ]);

      expect(Date.now() - started).toBeLessThan(20_000);
      expect(response.state).toBe(LoadingState.Done);
      expect(rowCount({ ...response, data: [frameOf(response, 'A')] })).toBeGreaterThan(0);
      expect(frameOf(response, 'F')).toBeDefined();
      expect(response.errors).toEqual([
        { refId: 'F', message: `OT store (${ot.url}): no answer within 2 s (the store's timeout setting)` },
      ]);
      const health = await ds.testDatasource();
      expect(health.status).toBe('error');
      expect(health.message).toBe(`OT store (${ot.url}): no answer within 2 s (the store's timeout setting).`);
    } finally {
      ot.resume();
    }
  });

  it('cancels the previous run of a panel query when the panel runs it again, as Grafana does', async () => {
    await ot.pause();
    try {
      const ds = connect();
      const target: ConduitQuery = {
        refId: 'A',
        store: 'ot',
        measurement: 'flow',
        field: 'bytes_out',
        aggregation: 'sum',
      };
      const first = lastValueFrom(ds.query(queryRequest([target], { requestId: 'Q1' })));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The new range's run of the same panel and query: Grafana cancels the old request by its requestId.
      const second = ds.query(queryRequest([target], { requestId: 'Q2' })).subscribe();

      const old = await first;
      second.unsubscribe();

      expect(old.errors).toEqual([{ refId: 'A', message: `OT store (${ot.url}): the request was cancelled` }]);
      expect(proxy.cancelled).toBe(2);
    } finally {
      ot.resume();
    }
  });

  it('says which store is stopped in the health check, from the proxy answer', async () => {
    await ot.stop();
    const health = await connect().testDatasource();

    expect(health.status).toBe('error');
    expect(health.message).toBe(
      `OT store (${ot.url}): Grafana's data proxy could not reach the store (HTTP 502 Bad Gateway): it is down, refuses connections, or the URL is wrong.`
    );
    expect(health.details?.message).toContain(`IT store (${it_.url}): connected, database "conduit_it"`);
  });
});
