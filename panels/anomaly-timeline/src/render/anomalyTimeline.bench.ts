/**
 * `timeline draw` and `timeline zoom`: 100,000 findings in 12 lanes over a week drawn by the anomaly timeline in
 * Chromium, at the whole week and one zoom step in, each against a bare canvas loop that draws every one of the
 * same marks as a dot on the same canvas in the same run (goal: within 2x). Needs Chromium at /usr/bin/chromium.
 */
import { type BenchRow, benchRow, median } from '../../../../bench/benchRow';
import { onBenchPage } from '../../../../bench/browserBench';

const RUNS = 15;

export default function run(): Promise<BenchRow[]> {
  return onBenchPage('panels/anomaly-timeline/src/render/anomalyDrawBenchPage.ts', async (page) => {
    // Warm-up runs let the JIT compile every side before they are timed.
    await page.evaluate(() => window.anomalyDrawBench?.run(3));
    const times = await page.evaluate((runs) => window.anomalyDrawBench?.run(runs), RUNS);
    if (times === undefined) {
      throw new Error('the draw page did not start');
    }
    const bare = median(times.bare);
    const note = `100,000 findings, 12 lanes, a week on 1400 x 800 px, median of ${RUNS}; baseline: a dot per mark`;
    return [
      benchRow('timeline draw', median(times.draw), 'ms', bare, note),
      benchRow('timeline zoom', median(times.zoom), 'ms', bare, `one zoom step in (60% of the week); ${note}`),
    ];
  });
}
