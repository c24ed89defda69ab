import { Timeline } from '../../../simulator/src/timeline';
import { type RunningInfluxd, startInfluxd } from '../../../test/helpers/influxd';
import { createDetectionContext } from '../detectors/detectionContext';
import { runDetectors } from '../detectors/runDetectors';
import type { Finding } from '../finding';
import { encodePoint } from '../influx/lineProtocol';
import type { TelemetryPoint } from '../telemetryContract';
import { observationsFromInfluxResults } from './influxObservations';
import { observationQueries } from './observationQueries';
import { aggregateTelemetry } from './telemetryAggregation';

const HOUR = 3_600_000;
const FROM = Date.UTC(2025, 2, 3, 6);
const TO = FROM + 4 * HOUR;
const BUCKET_MS = 60_000;

let influxd: RunningInfluxd;

beforeAll(async () => {
  influxd = await startInfluxd({ databases: ['it', 'ot'] });
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
});

/** What both paths must agree on; evidence rows carry first/last seen, which the store knows only to the bucket. */
function comparable(findings: Finding[]): unknown[] {
  return findings.map(({ evidence, ...rest }) => ({
    ...rest,
    query: evidence.query,
    store: evidence.store,
    rows: evidence.records.length,
  }));
}

describe('detectors over the store and over raw points', () => {
  it('report the same findings for four hours of the simulated plant with every scenario', async () => {
    const timeline = new Timeline({
      seed: 5,
      fromMs: FROM,
      scenarios: ['rogue-laptop', 'insider-setpoint', 'firewall-change', 'stuck-sensor', 'it-ot-intrusion'],
      scenarioRange: { fromMs: FROM, toMs: TO },
    });
    const raw: TelemetryPoint[] = [];
    for (const window of timeline.windows(TO, 30 * 60_000)) {
      for (const store of ['it', 'ot'] as const) {
        const points = window.points[store];
        raw.push(...points);
        for (let i = 0; i < points.length; i += 10_000) {
          await influxd.write(store, points.slice(i, i + 10_000).map(encodePoint));
        }
      }
    }
    const built = observationQueries({ from: FROM, to: TO, bucketMs: BUCKET_MS });
    if ('error' in built) {
      throw new Error(built.error);
    }
    const answers: unknown[] = [];
    for (const query of built.queries) {
      for (const store of query.stores) {
        answers.push(await influxd.query(query.influxql, store));
      }
    }
    const stored = observationsFromInfluxResults(answers, { from: FROM, to: TO, bucketMs: BUCKET_MS });
    expect(stored.problems).toEqual([]);
    const local = aggregateTelemetry(raw, { bucketMs: BUCKET_MS, range: { from: FROM, to: TO } });
    // The simulator keeps the first half quiet; scenarios fill the second.
    const baseline = { from: FROM, to: FROM + 2 * HOUR };
    const fromStore = runDetectors(
      stored.observations,
      createDetectionContext(timeline.model, stored.observations, { baseline })
    );
    const fromPoints = runDetectors(local, createDetectionContext(timeline.model, local, { baseline }));
    expect(fromPoints.length).toBeGreaterThan(10);
    expect(new Set(fromPoints.map((f) => f.category)).size).toBeGreaterThan(6);
    expect(comparable(fromStore)).toEqual(comparable(fromPoints));
  }, 300_000);
});
