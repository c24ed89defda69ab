/**
 * `timeline draw` and `timeline zoom`: 100,000 findings in 12 lanes over a week drawn by the anomaly timeline in
 * Chromium, at the whole week and one zoom step in, each against a bare canvas loop that draws every one of the
 * same marks as a dot on the same canvas in the same run (goal: within 2x). Needs Chromium at /usr/bin/chromium.
 */
import { join } from 'node:path';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { type BenchRow, benchRow } from '../../../../bench/benchRow';

// npm run bench runs every bench from the repository root, and bundles this file elsewhere.
const ROOT = process.cwd();
const RUNS = 15;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function pageScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'panels/anomaly-timeline/src/render/anomalyDrawBenchPage.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    minify: true,
    alias: { '@conduit/core': join(ROOT, 'core/src/index.ts') },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

export default async function run(): Promise<BenchRow[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ content: await pageScript() });
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
  } finally {
    await browser.close();
  }
}
