import { type InfluxQueryAnswer, type RunningInfluxd, startInfluxd } from '../../../test/helpers/influxd';
import { syntheticTelemetry, syntheticZoneModel } from '../aggregation/syntheticTelemetry';
import { aggregateTelemetry } from '../aggregation/telemetryAggregation';
import { encodePoint } from '../influx/lineProtocol';
import { riskPoints, storedRiskFrom, storedRiskQuery } from './analysisRecords';
import { analysePlant } from './plantAnalysis';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2025, 2, 3);
const model = syntheticZoneModel();
const observations = aggregateTelemetry(
  syntheticTelemetry({ seed: 3, from: START, to: START + HOUR, flows: 4000, processSamples: 100, pairs: 60 }),
  { bucketMs: MINUTE, range: { from: START, to: START + HOUR } }
);
const zonesOnly = analysePlant({ model, observations }).risk();
// The synthetic plant has no inventory; an asset per zone stands in for the assets of a real one.
const assessment = {
  ...zonesOnly,
  assets: zonesOnly.zones.flatMap((zone) =>
    [1, 2].map((n) => ({ ...zone, kind: 'asset' as const, id: `${zone.id}-plc-${n}`, name: `PLC ${n}` }))
  ),
};

let influxd: RunningInfluxd;

beforeAll(async () => {
  influxd = await startInfluxd({ databases: ['ot'] });
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
});

describe("the analyzer's stored risk, read back from InfluxDB", () => {
  it("brings only each entity's newest row of a window that holds a snapshot a minute", async () => {
    const end = START + HOUR;
    // A following analyzer's last 15 passes, each with its snapshot; the newest lacks one asset, whose older row stands.
    const [gone, ...kept] = assessment.assets;
    const snapshots = Array.from({ length: 15 }, (_, i) => {
      const at = end - (14 - i) * MINUTE;
      const newest = i === 14;
      return {
        ...assessment,
        at,
        assets: (newest ? kept : assessment.assets).map((asset) => ({ ...asset, score: newest ? asset.score : i })),
      };
    });
    await influxd.write('ot', snapshots.flatMap(riskPoints).map(encodePoint));

    // As the datasource asks: times in epoch milliseconds.
    const query = new URLSearchParams({
      db: 'ot',
      epoch: 'ms',
      q: storedRiskQuery({ from: end - 15 * MINUTE, to: end }),
    });
    const answer = (await (await fetch(`${influxd.url}/query?${query}`)).json()) as InfluxQueryAnswer;
    const series = answer.results[0].series ?? [];
    expect(series.length).toBe(assessment.assets.length + assessment.zones.length);
    expect(series.every((one) => one.values.length === 1)).toBe(true);

    const read = storedRiskFrom([answer], undefined);
    expect(read.problems).toEqual([]);
    expect(read.assessment?.at).toBe(end);
    const scoreOf = new Map(read.assessment?.assets.map((asset) => [asset.id, asset.score]));
    expect(kept.every((asset) => scoreOf.get(asset.id) === asset.score)).toBe(true);
    expect(scoreOf.get(gone.id)).toBe(13);
  }, 60_000);
});
