/**
 * Analyzer catch-up: simulated days of the default plant in an IT and an OT influxd, then the analyzer catching up
 * on all but the first (which is the second's learning period) from nothing stored, as after an install or a long
 * outage. Rows: the wall time one simulated day takes against the day's length (the goal is at most 1/200), and
 * the heap after each pass at its peak against the heap after the first pass (flat memory is a ratio near 1).
 */
import { type BenchRow, benchRow } from '../../bench/benchRow';
import { runBackfill, type CommandIo } from '../../simulator/src/backfillCommand';
import { buildPlant } from '../../simulator/src/plant';
import { plantZoneModel } from '../../simulator/src/plantZoneModel';
import { SCENARIO_IDS } from '../../simulator/src/scenarios/scenario';
import { startInfluxd } from '../../test/helpers/influxd';
import { Analyzer, DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { createInfluxStore } from './influxStore';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 12);
/** Days analysed after the learning day; BENCH_ANALYZER_DAYS raises it (7 for the week the goal names). */
const DAYS = Number(process.env.BENCH_ANALYZER_DAYS ?? 2);
const quietIo: CommandIo = { stdout: () => undefined, stderr: () => undefined, stderrIsTerminal: false };

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The heap after the last pass of each day (passes are spread evenly over the days). */
function dailyHeaps(heaps: readonly number[], days: number): number[] {
  return Array.from({ length: days }, (_, day) => heaps[Math.round(((day + 1) * heaps.length) / days) - 1]);
}

export default async function analyzerCatchUpBench(): Promise<BenchRow[]> {
  const to = FROM + (DAYS + 1) * DAY;
  const [it, ot] = await Promise.all([startInfluxd(), startInfluxd()]);
  try {
    await runBackfill(
      {
        seed: 1,
        assets: 60,
        fromMs: FROM,
        toMs: to,
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
    const heaps: number[] = [];
    const stop = new AbortController();
    const analyzer = new Analyzer(
      {
        ...DEFAULT_ANALYZER_TIMING,
        model: plantZoneModel(buildPlant(1, 60)),
        stores: {
          it: createInfluxStore('IT store', it.url, 'conduit_it'),
          ot: createInfluxStore('OT store', ot.url, 'conduit_ot'),
        },
        shard: 'bench',
        resume: false,
        start: FROM + DAY,
        until: to,
      },
      {
        clock: () => to,
        sleep: async () => undefined,
        log: (line) => {
          if (line.startsWith('analysed ')) {
            heaps.push(heapMiB());
          } else {
            process.stderr.write(`${line}\n`);
          }
        },
        signal: stop.signal,
      }
    );
    const started = process.hrtime.bigint();
    const state = await analyzer.run();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (state.failures > 0 || state.analysedTo !== to) {
      throw new Error(`the catch-up failed: ${state.lastError ?? 'it stopped early'}`);
    }
    const perDayMs = elapsedMs / DAYS;
    return [
      benchRow(
        'analyzer catch-up',
        perDayMs / 1000,
        's per simulated day',
        DAY / 1000,
        `${DAYS} simulated days after a learning day, default plant, ${state.passes} passes of up to 6 h; ` +
          `baseline: the day's length (goal: ratio at most 0.005, 200x faster than real time)`
      ),
      benchRow(
        'analyzer catch-up heap',
        Math.max(...heaps),
        'MiB',
        heaps[0],
        `heap after each pass over ${DAYS} days, peak against the first pass (flat: near 1); at each day's end: ` +
          `${dailyHeaps(heaps, DAYS)
            .map((mib) => mib.toFixed(0))
            .join(', ')} MiB`
      ),
    ];
  } finally {
    await Promise.all([it.stop(), ot.stop()]);
  }
}
