import { type RunningInfluxd, startInfluxd } from '../../../test/helpers/influxd';
import { encodePoint } from '../influx/lineProtocol';
import type { Observations } from '../observations';
import type { TelemetryPoint } from '../telemetryContract';
import { observationsFromInfluxResults } from './influxObservations';
import { observationQueries } from './observationQueries';
import { syntheticTelemetry } from './syntheticTelemetry';
import { aggregateTelemetry } from './telemetryAggregation';

const FROM = Date.UTC(2025, 2, 3, 6, 0, 0);
const TO = FROM + 2 * 3_600_000;
const BUCKET_MS = 60_000;

let influxd: RunningInfluxd;

beforeAll(async () => {
  influxd = await startInfluxd({ databases: ['it', 'ot'] });
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
});

/** The same routing as the simulator: OT measurements and traffic touching OT to the OT store. */
function storeOf(point: TelemetryPoint): 'it' | 'ot' {
  if (['ot_operation', 'process_value', 'controller_state'].includes(point.measurement)) {
    return 'ot';
  }
  const zones = [point.tags.zone, point.tags.src_zone, point.tags.dst_zone];
  return zones.some((z) => z !== undefined && z !== 'enterprise') ? 'ot' : 'it';
}

async function load(points: TelemetryPoint[]): Promise<void> {
  const lines: Record<'it' | 'ot', string[]> = { it: [], ot: [] };
  for (const point of points) {
    lines[storeOf(point)].push(encodePoint(point));
  }
  for (const store of ['it', 'ot'] as const) {
    for (let i = 0; i < lines[store].length; i += 5000) {
      await influxd.write(store, lines[store].slice(i, i + 5000));
    }
  }
}

async function fromStore(
  from: number,
  to: number,
  bucketMs = BUCKET_MS,
  bucketOffsetMs?: number
): Promise<{ observations: Observations; problems: string[] }> {
  const built = observationQueries({ from, to, bucketMs, bucketOffsetMs });
  if ('error' in built) {
    throw new Error(built.error);
  }
  const answers: unknown[] = [];
  for (const query of built.queries) {
    for (const store of query.stores) {
      answers.push(await influxd.query(query.influxql, store));
    }
  }
  return observationsFromInfluxResults(answers, { from, to, bucketMs });
}

/** What both paths must agree on: the store knows first/last seen only to the bucket. */
function comparable(obs: Observations): unknown {
  const round = (n: number) => Math.round(n * 1e9) / 1e9;
  return {
    range: obs.range,
    flows: obs.flows.map(({ firstSeen, lastSeen, ...rest }) => rest),
    otOperations: obs.otOperations.map(({ firstSeen, lastSeen, ...rest }) => rest),
    processStats: obs.processStats.map((s) => ({
      ...s,
      mean: round(s.mean),
      median: round(s.median),
    })),
    controllerStates: obs.controllerStates,
    auth: obs.auth.map(({ firstSeen, lastSeen, ...rest }) => rest),
    alerts: obs.alerts,
    assets: obs.assets,
  };
}

describe('the store path to observations', () => {
  it('makes the same observations from InfluxDB as the core makes from the raw points', async () => {
    const points = syntheticTelemetry({
      seed: 7,
      from: FROM,
      to: TO,
      flows: 20_000,
      processSamples: 14_400,
      others: 600,
      pairs: 120,
      points: 20,
    });
    await load(points);
    // A range that starts and ends inside the data, off the bucket grid.
    const from = FROM + 10 * 60_000 + 30_000;
    const to = TO - 15 * 60_000 + 12_345;
    const stored = await fromStore(from, to);
    expect(stored.problems).toEqual([]);
    const local = aggregateTelemetry(points, { bucketMs: BUCKET_MS, range: { from, to } });
    expect(stored.observations.flows.length).toBeGreaterThan(1000);
    expect(stored.observations.processStats.length).toBeGreaterThan(1000);
    expect(stored.observations.controllerStates.length).toBeGreaterThan(100);
    expect(comparable(stored.observations)).toEqual(comparable(local));
  }, 120_000);

  it('draws the buckets on a shifted grid when asked, with the same totals per series', async () => {
    // The data of the first test; half-hour buckets that start at 06:20, where the range does.
    const from = FROM + 20 * 60_000;
    const bucketMs = 30 * 60_000;
    const shifted = (await fromStore(from, TO, bucketMs, 20 * 60_000)).observations;
    const plain = (await fromStore(from, TO, bucketMs)).observations;
    expect(shifted.flows.length).toBeGreaterThan(100);
    expect(shifted.flows.every((flow) => flow.bucketStart % bucketMs === 20 * 60_000)).toBe(true);
    expect(plain.flows.every((flow) => flow.bucketStart % bucketMs === 0)).toBe(true);
    const totals = (flows: Observations['flows']) => {
      const bySeries = new Map<string, [number, number]>();
      for (const flow of flows) {
        const series = [flow.srcIp, flow.dstIp, flow.srcAsset, flow.dstAsset, flow.service, flow.dstPort].join('|');
        const [connections, bytes] = bySeries.get(series) ?? [0, 0];
        bySeries.set(series, [connections + flow.connections, bytes + flow.bytes]);
      }
      return [...bySeries].sort(([a], [b]) => a.localeCompare(b));
    };
    expect(totals(shifted.flows)).toEqual(totals(plain.flows));
  }, 60_000);

  it('reads only the latest record of each asset series when asked, as the newest of every record', async () => {
    // The data of the test before: assets reported several times over the range.
    const from = FROM;
    const to = TO;
    const every = (await fromStore(from, to)).observations.assets;
    const built = observationQueries({ from, to, bucketMs: BUCKET_MS, latestAssets: true });
    if ('error' in built) {
      throw new Error(built.error);
    }
    const query = built.queries.find((candidate) => candidate.measurement === 'asset');
    expect(query?.influxql).toMatch(/ ORDER BY time DESC LIMIT 1$/);
    const answers = await Promise.all(
      (query?.stores ?? []).map((store) => influxd.query(query?.influxql ?? '', store))
    );
    const latest = observationsFromInfluxResults(answers, { from, to, bucketMs: BUCKET_MS }).observations.assets;

    const seriesOf = (a: (typeof every)[number]) => [a.asset, a.zone, a.role, a.vendor, a.model].join('/');
    const newest = new Map<string, (typeof every)[number]>();
    for (const record of every) {
      const held = newest.get(seriesOf(record));
      if (held === undefined || record.time >= held.time) {
        newest.set(seriesOf(record), record);
      }
    }
    expect(every.length).toBeGreaterThan(newest.size);
    const bySeries = (a: (typeof every)[number], b: (typeof every)[number]) => seriesOf(a).localeCompare(seriesOf(b));
    expect([...latest].sort(bySeries)).toEqual([...newest.values()].sort(bySeries));
  });
});
