/**
 * A simulated day of the default plant, backfilled into two real InfluxDB 1.x stores (IT and OT), read
 * back with InfluxQL: the stores hold exactly the telemetry contract, the same seed writes the same
 * data, and every scenario label points at data that exists.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { measurementsOf, quoteString, type ScenarioLabel, type StoreKind } from '@conduit/core';

import { startInfluxd, type InfluxQueryAnswer, type RunningInfluxd } from '../../test/helpers/influxd';
import { runBackfill, type BackfillOptions, type BackfillReport, type CommandIo } from './backfillCommand';
import { SCENARIO_IDS } from './scenarios/scenario';

jest.setTimeout(600_000);

const DAY_FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const DAY_TO = DAY_FROM + 24 * 3_600_000;

const quietIo: CommandIo = { stdout: () => undefined, stderr: () => undefined, stderrIsTerminal: false };

function rows(answer: InfluxQueryAnswer, statement = 0): unknown[][] {
  return (answer.results[statement]?.series ?? []).flatMap((series) => series.values);
}

/** Name -> rows of each series of a SHOW statement. */
function seriesRows(answer: InfluxQueryAnswer): Map<string, unknown[][]> {
  return new Map((answer.results[0]?.series ?? []).map((series) => [series.name, series.values]));
}

describe('backfill into InfluxDB', () => {
  const stores: Partial<Record<StoreKind, RunningInfluxd>> = {};
  let dir = '';
  let day: BackfillReport;
  let dayMs = 0;

  const store = (kind: StoreKind): RunningInfluxd => {
    const found = stores[kind];
    if (found === undefined) {
      throw new Error(`the ${kind} store did not start`);
    }
    return found;
  };

  const options = (suffix: string, overrides: Partial<BackfillOptions>): BackfillOptions => ({
    seed: 1,
    assets: 60,
    fromMs: DAY_FROM,
    toMs: DAY_TO,
    scenarios: SCENARIO_IDS,
    it: { kind: 'it', url: store('it').url, database: `conduit_it${suffix}` },
    ot: { kind: 'ot', url: store('ot').url, database: `conduit_ot${suffix}` },
    labelsPath: join(dir, `labels${suffix}.json`),
    batchSize: 5000,
    concurrency: 2,
    dryRun: false,
    progress: false,
    ...overrides,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conduit-backfill-'));
    [stores.it, stores.ot] = await Promise.all([startInfluxd(), startInfluxd()]);
    const started = Date.now();
    day = await runBackfill(options('', {}), quietIo);
    dayMs = Date.now() - started;
    const total = day.points.it + day.points.ot;
    process.stderr.write(
      `simulator backfill: one day of the default plant, ${total} points (IT ${day.points.it}, OT ${day.points.ot}) ` +
        `in ${(dayMs / 1000).toFixed(1)} s = ${Math.round(total / (dayMs / 1000))} points/s into two stores\n`
    );
  });

  afterAll(async () => {
    await Promise.all([stores.it?.stop(), stores.ot?.stop()]);
    if (dir !== '') {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes a day of the default plant, about a million points, every one of them', async () => {
    expect(day.points.it + day.points.ot).toBeGreaterThan(1_000_000);
    for (const kind of ['it', 'ot'] as const) {
      const answer = await store(kind).query(`SELECT count(*) FROM /.*/`, `conduit_${kind}`);
      // count(*) counts per field; every point of a measurement carries all its fields, so the largest is the points.
      const written = (answer.results[0].series ?? []).reduce(
        (sum, series) => sum + Math.max(...(series.values[0].slice(1) as number[])),
        0
      );
      expect(written).toBe(day.points[kind]);
    }
  });

  it.each(['it', 'ot'] as const)(
    'holds exactly the measurements, tag keys and field keys of the contract (%s store)',
    async (kind) => {
      const db = `conduit_${kind}`;
      const contract = measurementsOf(kind);
      const measurements = rows(await store(kind).query('SHOW MEASUREMENTS', db)).map((r) => r[0]);
      expect(measurements.sort()).toEqual(contract.map((m) => m.name).sort());
      const tagKeys = seriesRows(await store(kind).query('SHOW TAG KEYS', db));
      const fieldKeys = seriesRows(await store(kind).query('SHOW FIELD KEYS', db));
      for (const m of contract) {
        expect({ [m.name]: (tagKeys.get(m.name) ?? []).map((r) => r[0]).sort() }).toEqual({
          [m.name]: [...m.tags].sort(),
        });
        expect({ [m.name]: Object.fromEntries((fieldKeys.get(m.name) ?? []).map((r) => [r[0], r[1]])) }).toEqual({
          [m.name]: m.fields,
        });
      }
    }
  );

  it('points every label at data that exists for its assets inside its window', async () => {
    expect(day.labels.map((l) => `${l.scenario}/${l.step}`)).toHaveLength(18);
    const empty: string[] = [];
    for (const label of day.labels) {
      if ((await evidenceCount(label)) === 0) {
        empty.push(`${label.scenario}/${label.step}`);
      }
    }
    expect(empty).toEqual([]);
  });

  it('writes the same data for the same seed into fresh databases', async () => {
    const range = { fromMs: DAY_FROM, toMs: DAY_FROM + 2 * 3_600_000 };
    await runBackfill(options('_a', range), quietIo);
    await runBackfill(options('_b', range), quietIo);
    await runBackfill(options('_c', { ...range, seed: 2 }), quietIo);
    const digest = async (suffix: string): Promise<string> => {
      const parts: string[] = [];
      for (const kind of ['it', 'ot'] as const) {
        const db = `conduit_${kind}${suffix}`;
        const q = store(kind).query.bind(store(kind));
        parts.push(JSON.stringify(rows(await q('SELECT count(*) FROM /.*/', db))));
        parts.push(JSON.stringify(rows(await q('SELECT sum(bytes_out), sum(bytes_in), sum(packets) FROM flow', db))));
        if (kind === 'ot') {
          parts.push(JSON.stringify(rows(await q('SELECT sum(value), sum(address) FROM ot_operation', db))));
          parts.push(JSON.stringify(rows(await q('SELECT sum(value) FROM process_value', db))));
        }
      }
      return parts.join('\n');
    };
    const a = await digest('_a');
    expect(await digest('_b')).toBe(a);
    expect(await digest('_c')).not.toBe(a);
  });

  async function evidenceCount(label: ScenarioLabel): Promise<number> {
    const names = label.assets.map(quoteString);
    const about = ['asset', 'src_asset', 'dst_asset', 'src_ip', 'dst_ip']
      .flatMap((tag) => names.map((name) => `"${tag}" = ${name}`))
      .join(' OR ');
    let total = 0;
    for (const kind of ['it', 'ot'] as const) {
      const answer = await store(kind).query(
        `SELECT count(*) FROM /.*/ WHERE time >= ${label.start}ms AND time <= ${label.end}ms AND (${about})`,
        `conduit_${kind}`
      );
      for (const series of answer.results[0].series ?? []) {
        total += Math.max(...(series.values[0].slice(1) as number[]));
      }
    }
    return total;
  }
});
