import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { join } from 'node:path';

import {
  analysePlant,
  ANALYSIS_MEASUREMENTS,
  DEFAULT_BUCKET_MS,
  detectionConfig,
  encodePoint,
  type Finding,
  findingPoint,
  learningObservationRange,
  quoteIdentifier,
  standingChainsFrom,
  storedChainsQuery,
  storedFindingsFrom,
  storedFindingsQuery,
  type ZoneModel,
} from '@conduit/core';

import { type AuthenticatedInfluxd, createUser, startInfluxdWithAuth } from '../../test/helpers/influxd';
import { metricsText } from './analyzerMetrics';
import { Analyzer, type AnalyzerSettings, DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { runAnalyze } from './analyzeCommand';
import { captureIo } from './capturedIo';
import { runImport } from './importCommand';
import { createInfluxStore, type InfluxStore } from './influxStore';
import { observationsFromStores } from './storeObservations';
import { loadZoneModel } from './zoneModelInput';

jest.setTimeout(180_000);

const testdata = join(__dirname, 'testdata');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FROM = Date.parse('2024-03-01T07:00:00Z');
const TO = Date.parse('2024-03-01T08:00:00Z');
const ANALYZER = { name: 'conduit_analyzer', password: 'analyzer-Secret-1' };

let influxd: AuthenticatedInfluxd;
let model: ZoneModel;
let analyzerUrl: string;

function loadModel(): ZoneModel {
  const loaded = loadZoneModel(join(testdata, 'plant.yaml'));
  if (!loaded.ok) {
    throw new Error(loaded.errors.join('\n'));
  }
  // Two hours of capture: the first hour is the learning period of the second.
  return { ...loaded.model, detection: { baseline: { hours: 1 } } };
}

function storesAt(url: string, database = 'conduit_ot') {
  return {
    it: createInfluxStore('IT store', url, 'conduit_it'),
    ot: createInfluxStore('OT store', url, database),
  };
}

/** A clock that moves only when the analyzer sleeps, so a follow run over an hour takes seconds. */
function fakeRuntime(startMs: number, stopAtMs: number, log: string[] = []) {
  let now = startMs;
  const stop = new AbortController();
  return {
    log,
    runtime: {
      clock: () => now,
      sleep: async (ms: number) => {
        now += ms;
        if (now >= stopAtMs) {
          stop.abort();
        }
      },
      log: (line: string) => log.push(line),
      signal: stop.signal,
    },
  };
}

function settings(overrides: Partial<AnalyzerSettings> = {}): AnalyzerSettings {
  return {
    ...DEFAULT_ANALYZER_TIMING,
    backoffMs: 1000,
    maxBackoffMs: 4000,
    model,
    stores: storesAt(analyzerUrl),
    shard: 'plant',
    intervalMs: 5 * MINUTE,
    lagMs: 2 * MINUTE,
    resume: true,
    start: FROM,
    ...overrides,
  };
}

/** The findings the core computes on the fly for the range, learning from the period before it. */
async function computedFindings(): Promise<Finding[]> {
  const observed = learningObservationRange({ from: FROM, to: TO }, detectionConfig(model));
  const read = await observationsFromStores(storesAt(influxd.users.reader.url), {
    ...observed,
    bucketMs: DEFAULT_BUCKET_MS,
  });
  if ('error' in read) {
    throw new Error(read.error);
  }
  return analysePlant({
    model,
    observations: read.observations,
    report: { from: FROM, to: TO },
    learning: 'periods',
  }).findings;
}

async function storedFindings(database = 'conduit_ot'): Promise<Finding[]> {
  const answer = await influxd.query(storedFindingsQuery({ from: FROM, to: TO }), database);
  return storedFindingsFrom([answer]).findings;
}

/** Points per finding id: 1 each when nothing was written twice. */
async function pointsPerFinding(database = 'conduit_ot'): Promise<number[]> {
  const answer = await influxd.query('SELECT count("score") FROM "conduit_finding" GROUP BY "id"', database);
  return (answer.results[0]?.series ?? []).map((s) => Number(s.values[0]?.[1]));
}

async function resetOutput(database = 'conduit_ot'): Promise<void> {
  for (const { name } of ANALYSIS_MEASUREMENTS) {
    await influxd.query(`DROP MEASUREMENT ${quoteIdentifier(name)}`, database);
  }
}

/** The ranges of the stored passes, in time order, as [from, to] in milliseconds. */
async function coveredRanges(): Promise<number[][]> {
  const answer = await influxd.query('SELECT "to_ms" FROM "conduit_analysis"', 'conduit_ot');
  return (answer.results[0]?.series?.[0]?.values ?? []).map(([time, to]) => [Date.parse(String(time)), Number(to)]);
}

function gist(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${new Date(f.time).toISOString()} ${f.category} ${f.id}`);
}

beforeAll(async () => {
  influxd = await startInfluxdWithAuth({ databases: ['conduit_it', 'conduit_ot'] });
  // The analyzer's own user: it reads both databases and writes its results to the OT store's only.
  analyzerUrl = (await createUser(influxd, ANALYZER.name, ANALYZER.password, { conduit_it: 'READ', conduit_ot: 'ALL' }))
    .url;
  model = loadModel();
  const io = captureIo();
  const writer = influxd.users.writer.url;
  const code = await runImport(
    [
      '--model',
      join(testdata, 'plant.yaml'),
      '--it-url',
      writer,
      '--it-db',
      'conduit_it',
      '--ot-url',
      writer,
      '--ot-db',
      'conduit_ot',
      join(testdata, 'riverside-conn.log'),
      join(testdata, 'riverside-modbus_detailed.log'),
    ],
    io
  );
  expect(io.err()).toContain('wrote');
  expect(code).toBe(0);
});

afterAll(async () => {
  await influxd?.stop();
});

beforeEach(() => resetOutput());

describe('the analyzer against a real store', () => {
  it('writes once every finding the same range computes on the fly, and a second run changes nothing', async () => {
    const computed = await computedFindings();
    expect(computed.map((f) => f.category)).toEqual(expect.arrayContaining(['reconnaissance', 'program-change']));

    const first = fakeRuntime(TO, TO);
    const state = await new Analyzer(settings({ resume: false, until: TO }), first.runtime).run();
    expect(state.failures).toBe(0);
    expect(gist(await storedFindings())).toEqual(gist(computed));
    expect(await storedFindings()).toEqual(computed);

    await new Analyzer(settings({ resume: false, until: TO }), fakeRuntime(TO, TO).runtime).run();
    expect(await pointsPerFinding()).toEqual(computed.map(() => 1));
    expect(await coveredRanges()).toEqual([[FROM, TO]]);
    const chains = await influxd.query('SELECT "steps" FROM "conduit_chain"', 'conduit_ot');
    expect(chains.results[0]?.series?.[0]?.values.length).toBeGreaterThan(0);
  });

  it('runs as conduit-analyze --once, with its progress and a summary on standard error', async () => {
    const io = captureIo();
    const code = await runAnalyze(
      [
        '--model',
        join(testdata, 'plant.yaml'),
        '--it-url',
        analyzerUrl,
        '--it-db',
        'conduit_it',
        '--ot-url',
        analyzerUrl,
        '--ot-db',
        'conduit_ot',
        '--from',
        '2024-03-01T07:00:00Z',
        '--to',
        '2024-03-01T08:00:00Z',
        '--once',
      ],
      io
    );
    expect(code).toBe(0);
    expect(io.out()).toBe('');
    const lines = io.err().trimEnd().split('\n');
    expect(lines[0]).toBe('conduit-analyze: analysing shard "plant" once');
    expect(lines[1]).toMatch(
      /^conduit-analyze: analysed 2024-03-01T07:00:00Z to 2024-03-01T08:00:00Z: \d+ findings, 1 chains, /
    );
    expect(lines[lines.length - 1]).toMatch(
      /^conduit-analyze: 1 passes, analysed 2024-03-01T07:00:00Z to 2024-03-01T08:00:00Z: \d+ findings and 1 chains written \(\d+ points\), 0 failures$/
    );
    expect(io.err()).not.toContain(ANALYZER.password);
    expect((await storedFindings()).length).toBeGreaterThan(0);
  });

  it('works with two users: reading as the READ-only reader and writing as the WRITE-only writer', async () => {
    const storeArgs = (url: string) => [
      '--it-url',
      url,
      '--it-db',
      'conduit_it',
      '--ot-url',
      url,
      '--ot-db',
      'conduit_ot',
    ];
    const range = ['--from', '2024-03-01T07:00:00Z', '--to', '2024-03-01T08:00:00Z', '--once'];
    const model = ['--model', join(testdata, 'plant.yaml')];
    const readerOnly = captureIo();
    expect(await runAnalyze([...model, ...storeArgs(influxd.users.reader.url), ...range], readerOnly)).toBe(2);
    expect(readerOnly.err()).toMatch(
      /the OT store at http:\/\/conduit_reader:\*\*\*@[^ ]+ answered 403: .*not authorized/
    );

    const io = captureIo();
    const code = await runAnalyze(
      [...model, ...storeArgs(influxd.users.reader.url), '--write-url', influxd.users.writer.url, ...range],
      io
    );
    expect(io.err()).toContain(', 0 failures\n');
    expect(code).toBe(0);
    expect((await storedFindings()).length).toBeGreaterThan(0);
  });

  it('answers every query of the provisioned Conduit analyzer dashboard as the READ-only reader', async () => {
    await new Analyzer(settings({ resume: false, until: TO }), fakeRuntime(TO, TO).runtime).run();
    const dashboard = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'provisioning', 'dashboards', 'conduit-analyzer.json'), 'utf8')
    ) as { panels: Array<{ title: string; targets?: Array<{ query: string }> }> };
    const queries = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((t) => ({ panel: panel.title, q: t.query }))
    );
    expect(queries.length).toBeGreaterThan(5);
    const reader = createInfluxStore('OT store', influxd.users.reader.url, 'conduit_ot');
    for (const { panel, q } of queries) {
      // What Grafana's InfluxDB datasource puts in place of its macros for this range.
      const statement = q.replace('$timeFilter', `time >= ${FROM}ms and time <= ${TO}ms`).replace('$__interval', '5m');
      const [result] = await reader.query(statement);
      expect({ panel, rows: (result.series ?? []).length > 0 }).toEqual({ panel, rows: true });
    }
  });

  it('follows the clock in passes, and after a restart mid-run loses and duplicates nothing', async () => {
    const computed = await computedFindings();
    // Following from 07:00 with the clock at 07:02: it stops at 07:32, then a new instance resumes.
    const before = fakeRuntime(FROM + 2 * MINUTE, FROM + 32 * MINUTE);
    const stopped = await new Analyzer(settings(), before.runtime).run();
    expect(stopped.analysedTo).toBeLessThan(TO);
    expect(stopped.passes).toBeGreaterThan(3);

    const after = fakeRuntime(FROM + 32 * MINUTE, TO + 10 * MINUTE);
    const resumed = await new Analyzer(settings({ start: undefined }), after.runtime).run();
    expect(after.log[0]).toBe(
      `resuming shard "plant" after ${new Date(stopped.analysedTo ?? 0).toISOString().replace('.000Z', 'Z')}`
    );
    expect(resumed.analysedTo).toBeGreaterThanOrEqual(TO);
    expect(gist(await storedFindings())).toEqual(gist(computed));
    expect(await pointsPerFinding()).toEqual(computed.map(() => 1));
    expect(metricsText(resumed, 'plant', TO + 10 * MINUTE)).toContain(
      `conduit_analyzer_passes_total{shard="plant"} ${resumed.passes}\n`
    );
  });

  it('reads its learning window once: a later pass asks the stores only for what follows the last settle window', async () => {
    const queried: string[] = [];
    const recording = (store: InfluxStore): InfluxStore => ({
      ...store,
      query: (influxql) => {
        queried.push(influxql);
        return store.query(influxql);
      },
    });
    const stores = storesAt(analyzerUrl);
    const follow = fakeRuntime(FROM + 7 * MINUTE, TO + 10 * MINUTE);
    const state = await new Analyzer(
      settings({ stores: { it: recording(stores.it), ot: recording(stores.ot) } }),
      follow.runtime
    ).run();
    expect(state.analysedTo).toBeGreaterThanOrEqual(TO);
    // Where each pass's read of the OT operations starts: the first at its learning window (05:00: its settle
    // window reaches back into 06:xx, which learns from the hour before), each later one where the settle window of
    // the pass before begins (that pass's end, 30 minutes back).
    const starts = queried
      .filter((q) => q.includes('FROM "ot_operation"'))
      .map((q) => Number(/time >= (\d+)ms/.exec(q)?.[1]));
    const settleStarts = Array.from({ length: state.passes - 1 }, (_, i) => FROM - 25 * MINUTE + i * 5 * MINUTE);
    expect(starts).toEqual([FROM - 2 * HOUR, ...settleStarts]);
    // And what it finds is what one read of the whole learning window finds.
    expect(gist(await storedFindings())).toEqual(gist(await computedFindings()));
  });

  it("writes each store's flows of every hour it covered as the hourly rollup, once, whatever its passes", async () => {
    // Per store and series, the flows of the hour as the store sums them, and as the rollup holds them.
    const tagKeys = '"src_ip", "dst_ip", "src_asset", "dst_asset", "src_zone", "dst_zone", "transport", "dst_port"';
    const sums = async (statement: string, database: string) =>
      ((await influxd.query(statement, database)).results[0]?.series ?? [])
        .map((series) => `${JSON.stringify(series.tags)} ${series.values.map((row) => row.slice(1).join(' ')).join()}`)
        .sort();
    const hour = `time >= ${FROM}ms AND time < ${TO}ms`;
    const flows = async (database: string) =>
      sums(
        `SELECT count("bytes_out"), sum("bytes_out") + sum("bytes_in") FROM "flow" WHERE ${hour} ` +
          `GROUP BY "service", ${tagKeys}`,
        database
      );
    const rollup = async (store: string) =>
      sums(
        `SELECT sum("connections"), sum("bytes") FROM "conduit_flow_rollup" WHERE ${hour} AND "store" = '${store}' ` +
          `GROUP BY "service", ${tagKeys}`,
        'conduit_ot'
      );
    const [itFlows, otFlows] = [await flows('conduit_it'), await flows('conduit_ot')];
    expect(itFlows.length).toBeGreaterThan(0);
    expect(otFlows.length).toBeGreaterThan(0);

    // Following in 5-minute passes from 07:00: the pass that ends at 08:00 writes the hour.
    const following = await new Analyzer(settings(), fakeRuntime(FROM + 2 * MINUTE, TO + 10 * MINUTE).runtime).run();
    expect(following.failures).toBe(0);
    expect([await rollup('it'), await rollup('ot')]).toEqual([itFlows, otFlows]);
    const passes = await influxd.query('SELECT "flow_rollup" FROM "conduit_analysis"', 'conduit_ot');
    const hours = (passes.results[0]?.series?.[0]?.values ?? []).map((row) => Number(row[1]));
    expect(hours.reduce((a, b) => a + b, 0)).toBe(1);
    expect(hours.length).toBe(following.passes);

    // One pass over the same range rewrites the same points: one per series and hour.
    await new Analyzer(settings({ resume: false, until: TO }), fakeRuntime(TO, TO).runtime).run();
    expect([await rollup('it'), await rollup('ot')]).toEqual([itFlows, otFlows]);
    const perSeries = await influxd.query(
      'SELECT count("connections") FROM "conduit_flow_rollup" GROUP BY *',
      'conduit_ot'
    );
    const counts = (perSeries.results[0]?.series ?? []).map((series) => Number(series.values[0]?.[1]));
    expect(counts.length).toBe(itFlows.length + otFlows.length);
    expect(new Set(counts)).toEqual(new Set([1]));
  });

  it('marks a stored chain replaced when a late finding becomes its first step, so one chain stands for it', async () => {
    const run = (start: number) =>
      new Analyzer(settings({ resume: false, start, until: TO }), fakeRuntime(TO, TO).runtime).run();
    const standing = async () => {
      const query = storedChainsQuery({ from: FROM - HOUR, to: TO + HOUR }, 'plant');
      return standingChainsFrom([{ results: await storesAt(influxd.users.reader.url).ot.query(query) }]);
    };
    await run(FROM);
    const [before] = await standing();
    expect(before?.firstFinding).toBeDefined();
    const first = (await storedFindings()).find((finding) => finding.id === before.firstFinding);
    expect(first).toBeDefined();
    // A finding that reached the store late: the same activity ten minutes before the chain's first step.
    const late = { ...(first as Finding), id: 'late-arrival', time: before.time - 10 * MINUTE };
    late.endTime = late.time + MINUTE;
    await influxd.write('conduit_ot', encodePoint(findingPoint(late)));
    // A pass whose settling window starts at the chain reads the late finding back from the store.
    await run(before.time + DEFAULT_ANALYZER_TIMING.settleMs);

    const after = await standing();
    const replacement = after.find((chain) => chain.firstFinding === 'late-arrival');
    expect(replacement).toBeDefined();
    expect(after.map((chain) => chain.id)).not.toContain(before.id);
    const marks = await influxd.query(
      `SELECT "replaced_by" FROM "conduit_chain" WHERE "id" = '${before.id}'`,
      'conduit_ot'
    );
    expect(marks.results[0]?.series?.[0]?.values).toEqual([
      [new Date(before.time).toISOString().replace('.000Z', 'Z'), replacement?.id],
    ]);
  });

  it('writes each finding once when two instances analyse the same shard at the same time', async () => {
    const computed = await computedFindings();
    const run = () =>
      new Analyzer(settings({ resume: false, until: TO, maxPassMs: 10 * MINUTE }), fakeRuntime(TO, TO).runtime).run();
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.failures + b.failures).toBe(0);
    expect(await pointsPerFinding()).toEqual(computed.map(() => 1));
    expect(gist(await storedFindings())).toEqual(gist(computed));
  });

  it('backs off while the store is unreachable, says so, and catches up without a gap when it returns', async () => {
    const computed = await computedFindings();
    const proxy = await storeProxy(new URL(influxd.url).port);
    const url = new URL(analyzerUrl);
    url.port = String(proxy.port);
    const through = storesAt(url.toString().replace(/\/$/, ''));
    const clock = fakeRuntime(FROM + 2 * MINUTE, TO + 10 * MINUTE);
    let sleeps = 0;
    const runtime = {
      ...clock.runtime,
      sleep: async (ms: number) => {
        sleeps++;
        // The store goes away for a while after the third pause, then comes back.
        if (sleeps === 3) {
          await proxy.close();
        }
        if (sleeps === 8) {
          await proxy.open();
        }
        await clock.runtime.sleep(ms);
      },
    };
    const state = await new Analyzer(settings({ stores: through }), runtime).run();
    await proxy.close();
    expect(state.failures).toBeGreaterThan(0);
    expect(
      clock.log.some((line) =>
        /^cannot reach the IT store at http:\/\/conduit_analyzer:\*\*\*@.*: ECONNREFUSED; analysed up to .*, retrying in/.test(
          line
        )
      )
    ).toBe(true);
    expect(clock.log.join('\n')).not.toContain(ANALYZER.password);
    const pauses = clock.log.map((line) => /retrying in ([0-9.]+) s$/.exec(line)?.[1]).filter((p) => p !== undefined);
    expect(pauses.slice(0, 4)).toEqual(['1.0', '2.0', '4.0', '4.0']);
    expect(state.analysedTo).toBeGreaterThanOrEqual(TO);
    const ranges = await coveredRanges();
    ranges.forEach(([from], i) => expect(from).toBe(i === 0 ? FROM : ranges[i - 1][1]));
    expect(gist(await storedFindings())).toEqual(gist(computed));
  });
});

/** A TCP relay to the store that can be closed (connections refused, as with a store that is down) and reopened. */
async function storeProxy(
  targetPort: string
): Promise<{ port: number; close(): Promise<void>; open(): Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        port = typeof address === 'object' && address !== null ? address.port : port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      sockets.clear();
      if (server === undefined) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server = undefined;
    });
  await open();
  return {
    get port() {
      return port;
    },
    close,
    open,
  };
}
