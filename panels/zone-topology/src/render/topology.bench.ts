/**
 * `topology draw`: the first draw, in Chromium, of 5,000 assets in 12 expanded zones with 20,000 flows fitted to a
 * 1400 x 800 canvas, against a bare loop that draws the same rectangles and lines (goal: within 2x).
 * `topology pan`: a pan frame at zoom 1 over the same plant against the bare loop at the same view (goal: within
 * 1.5x); medians. `topology page heap`: the page's JS heap after layout, scene and draw, less an empty page's.
 */
import { type BenchRow, benchRow, median } from '../../../../bench/benchRow';
import { benchPageScript, launchChromium } from '../../../../bench/browserBench';

const FIRST_RUNS = 9;
const PAN_FRAMES = 60;

export default async function topologyDrawBench(): Promise<BenchRow[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.setContent('<!doctype html><body></body>');
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const emptyHeap = await heap();
    await page.addScriptTag({
      content: await benchPageScript('panels/zone-topology/src/render/topologyDrawBenchPage.ts'),
    });
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
