/**
 * Backfill throughput: six simulated hours of the default plant written into an IT and an OT InfluxDB,
 * in points per second, against the rate at which the same points are generated without a store.
 * The ratio is the share of generation speed the stores let through.
 */
import { type BenchRow, benchRow } from '../../bench/benchRow';
import { startInfluxd } from '../../test/helpers/influxd';
import { runBackfill, type CommandIo } from './backfillCommand';
import { SCENARIO_IDS } from './scenarios/scenario';
import { Timeline } from './timeline';

const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const TO = FROM + 6 * 3_600_000;
const quietIo: CommandIo = { stdout: () => undefined, stderr: () => undefined, stderrIsTerminal: false };

function generationRate(): number {
  const started = process.hrtime.bigint();
  const timeline = new Timeline({
    seed: 1,
    fromMs: FROM,
    scenarios: SCENARIO_IDS,
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  let points = 0;
  for (const window of timeline.windows(TO, 60_000)) {
    points += window.points.it.length + window.points.ot.length;
  }
  return points / (Number(process.hrtime.bigint() - started) / 1e9);
}

export default async function backfillBench(): Promise<BenchRow[]> {
  // Once to warm up the JIT, then measured.
  generationRate();
  const generated = generationRate();
  const [it, ot] = await Promise.all([startInfluxd(), startInfluxd()]);
  try {
    const report = await runBackfill(
      {
        seed: 1,
        assets: 60,
        fromMs: FROM,
        toMs: TO,
        scenarios: SCENARIO_IDS,
        it: { kind: 'it', url: it.url, database: 'conduit_it' },
        ot: { kind: 'ot', url: ot.url, database: 'conduit_ot' },
        batchSize: 5000,
        concurrency: 2,
        dryRun: false,
        progress: false,
      },
      quietIo
    );
    const points = report.points.it + report.points.ot;
    const rate = points / (report.elapsedMs / 1000);
    return [
      benchRow(
        'simulator backfill',
        rate,
        'points/s',
        generated,
        `6 simulated hours, default plant, ${points} points into two influxd; baseline: generation without a store`
      ),
    ];
  } finally {
    await Promise.all([it.stop(), ot.stop()]);
  }
}
