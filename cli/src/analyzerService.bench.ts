/**
 * Analyzer catch-up: simulated days of the default plant in an IT and an OT influxd, then the analyzer catching up
 * on all but the first (which is the second's learning period) from nothing stored, as after an install or a long
 * outage, then following the clock for a few one-minute passes. Rows: the wall time one simulated day takes against
 * the day's length (the goal is at most 1/200); the heap after each pass at its peak against the heap after the first
 * pass (flat memory is a ratio near 1); and a following pass against the same pass of an analyzer just started, which
 * reads its whole learning period.
 */
import { type BenchRow, benchRow, median } from '../../bench/benchRow';
import { runBackfill, type CommandIo } from '../../simulator/src/backfillCommand';
import { buildPlant } from '../../simulator/src/plant';
import { plantZoneModel } from '../../simulator/src/plantZoneModel';
import { SCENARIO_IDS } from '../../simulator/src/scenarios/scenario';
import { startInfluxd } from '../../test/helpers/influxd';
import { Analyzer, DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { createInfluxStore } from './influxStore';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** One-minute passes timed once caught up. */
const FOLLOW_PASSES = 5;
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
  const followedTo = to + (FOLLOW_PASSES + 1) * MINUTE;
  const [it, ot] = await Promise.all([startInfluxd(), startInfluxd()]);
  try {
    await runBackfill(
      {
        seed: 1,
        assets: 60,
        fromMs: FROM,
        toMs: followedTo,
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
    const stores = {
      it: createInfluxStore('IT store', it.url, 'conduit_it'),
      ot: createInfluxStore('OT store', ot.url, 'conduit_ot'),
    };
    const model = plantZoneModel(buildPlant(1, 60));
    const { lagMs } = DEFAULT_ANALYZER_TIMING;
    // The clock stands at `to` (less the lag) while the analyzer catches up, then moves a minute each time it waits.
    let clock = to + lagMs;
    let caughtUpMs: number | undefined;
    let wokeAt = 0;
    const heaps: number[] = [];
    const followMs: number[] = [];
    const stop = new AbortController();
    const started = performance.now();
    const analyzer = new Analyzer(
      { ...DEFAULT_ANALYZER_TIMING, model, stores, shard: 'bench', resume: false, start: FROM + DAY },
      {
        clock: () => clock,
        sleep: async (ms) => {
          caughtUpMs ??= performance.now() - started;
          clock += ms;
          if (followMs.length === FOLLOW_PASSES) {
            stop.abort();
          }
          wokeAt = performance.now();
        },
        log: (line) => {
          if (!line.startsWith('analysed ')) {
            process.stderr.write(`${line}\n`);
          } else if (caughtUpMs === undefined) {
            heaps.push(heapMiB());
          } else {
            followMs.push(performance.now() - wokeAt);
          }
        },
        signal: stop.signal,
      }
    );
    const state = await analyzer.run();
    if (state.failures > 0 || caughtUpMs === undefined || followMs.length < FOLLOW_PASSES) {
      throw new Error(`the catch-up failed: ${state.lastError ?? 'it stopped early'}`);
    }
    // The last of those passes again, by an analyzer that has read nothing yet.
    const fresh = new Analyzer(
      {
        ...DEFAULT_ANALYZER_TIMING,
        model,
        stores,
        shard: 'bench',
        resume: false,
        start: to + (FOLLOW_PASSES - 1) * MINUTE,
        until: to + FOLLOW_PASSES * MINUTE,
      },
      { clock: () => clock, sleep: async () => undefined, log: () => undefined, signal: new AbortController().signal }
    );
    const freshStarted = performance.now();
    const freshState = await fresh.run();
    const freshMs = performance.now() - freshStarted;
    if (freshState.failures > 0 || freshState.passes !== 1) {
      throw new Error(`the fresh pass failed: ${freshState.lastError ?? 'it made no pass'}`);
    }
    const perDayMs = caughtUpMs / DAYS;
    return [
      benchRow(
        'analyzer catch-up',
        perDayMs / 1000,
        's per simulated day',
        DAY / 1000,
        `${DAYS} simulated days after a learning day, default plant, ${heaps.length} passes of up to 6 h; ` +
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
      benchRow(
        'analyzer following pass',
        median(followMs) / 1000,
        's',
        freshMs / 1000,
        `median of ${FOLLOW_PASSES} one-minute passes once caught up; baseline: the last of them by an analyzer just ` +
          `started, which reads its whole learning period from the stores`
      ),
    ];
  } finally {
    await Promise.all([it.stop(), ot.stop()]);
  }
}
