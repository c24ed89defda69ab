/**
 * `topology draw`: the first draw, in Chromium, of 5,000 assets in 12 expanded zones with 20,000 flows fitted to a
 * 1400 x 800 canvas, against a bare loop that draws the same rectangles and lines (goal: within 2x).
 * `topology pan`: a pan frame at zoom 1 over the same plant against the bare loop at the same view (goal: within
 * 1.5x); medians. `topology page heap`: the page's JS heap after layout, scene and draw, less an empty page's.
 */
import { join } from 'node:path';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { type BenchRow, benchRow } from '../../../../bench/benchRow';

// npm run bench runs every bench from the repository root, and bundles this file elsewhere.
const ROOT = process.cwd();
const FIRST_RUNS = 9;
const PAN_FRAMES = 60;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function pageScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'panels/zone-topology/src/render/topologyDrawBenchPage.ts')],
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

export default async function topologyDrawBench(): Promise<BenchRow[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.setContent('<!doctype html><body></body>');
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const emptyHeap = await heap();
    await page.addScriptTag({ content: await pageScript() });
    await page.evaluate(() => window.topologyBench?.first(2));
    const first = await page.evaluate((runs) => window.topologyBench?.first(runs), FIRST_RUNS);
    await page.evaluate(() => window.topologyBench?.pan(10));
    const pan = await page.evaluate((frames) => window.topologyBench?.pan(frames), PAN_FRAMES);
    const heapBytes = (await heap()) - emptyHeap;
    if (first === undefined || pan === undefined) {
      throw new Error('the topology bench page did not start');
    }
    const note = '5,000 assets, 12 zones, 20,000 flows, 1400 x 800 px';
    return [
      benchRow(
        'topology draw',
        median(first.panel),
        'ms',
        median(first.bare),
        `${note}, whole plant, cold text cache, median of ${FIRST_RUNS}; baseline: bare loop of the same shapes`
      ),
      benchRow(
        'topology pan',
        median(pan.panel),
        'ms',
        median(pan.bare),
        `${note}, zoom 1, median frame of ${PAN_FRAMES}; baseline: bare loop at the same view`
      ),
      benchRow(
        'topology page heap',
        heapBytes / 2 ** 20,
        'MiB',
        null,
        'JS heap of the page after layout, scene and draws, less the empty page'
      ),
    ];
  } finally {
    await browser.close();
  }
}
