/**
 * `heatmap draw`: the timeline of 500 rows x 1,440 buckets drawn by the panel in Chromium, against a bare canvas
 * loop that fills the same 720,000 rectangles in the same colours on the same canvas (goal: within 2x).
 * `heatmap hover`: the built panel in the test host with the same 500 x 1,440 frame; for cells picked at random,
 * the time from the pointer event to the hover card's commit to the DOM (goal: within one 60 Hz frame, 16.7 ms).
 * Needs `npm run build` and the host's shared script (any browser test builds it).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { type BenchRow, benchRow, median } from '../../../../bench/benchRow';
import { launchChromium, onBenchPage } from '../../../../bench/browserBench';

// npm run bench runs every bench from the repository root, and bundles this file elsewhere.
const ROOT = process.cwd();
const RUNS = 15;
const HOVERS = 120;

/** A test host of the Grafana 12 flavour on a free port, as `npm run preview` serves it; resolves with its URL. */
function startHost(): Promise<{ url: string; stop: () => void }> {
  return new Promise((done, fail) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/ts-node'),
      ['--transpile-only', 'test/host/server.ts', '--flavour', 'grafana12', '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      }
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/\S+?)\/?\n/.exec(output)?.[1];
      if (url !== undefined) {
        done({ url, stop: () => child.kill('SIGTERM') });
      }
    });
    child.once('exit', (code) => fail(new Error(`the test host exited with ${code}: ${output}`)));
  });
}

/** The over-time frame of 500 entities x 1,440 buckets, as the Conduit risk query shapes it. */
function frameInput() {
  const start = Date.UTC(2026, 0, 1);
  const times = Array.from({ length: 1440 }, (_, c) => start + c * 60_000);
  const fields = [
    { name: 'time', type: 'time', values: times },
    ...Array.from({ length: 500 }, (_, r) => ({
      name: `asset-${r}`,
      type: 'number',
      labels: { kind: 'asset', zone: `zone-${r % 12}` },
      config: { min: 0, max: 100, decimals: 1, displayNameFromDS: `asset-${r}` },
      values: times.map((_, c) => Math.round(((r * 37) % 60) + 20 * Math.sin((c + r) / 90) + 20) / 1),
    })),
  ];
  return { frames: [{ name: 'risk over time', fields }], options: { mode: 'timeline' }, width: 1400, height: 800 };
}

function drawRows(): Promise<BenchRow[]> {
  return onBenchPage('panels/risk-heatmap/src/render/timelineDrawBenchPage.ts', async (page) => {
    // Warm-up runs let the JIT compile both sides before they are timed.
    await page.evaluate(() => window.drawBench?.run(3));
    const times = await page.evaluate((runs) => window.drawBench?.run(runs), RUNS);
    if (times === undefined) {
      throw new Error('the draw page did not start');
    }
    const panel = median(times.panel);
    const bare = median(times.bare);
    return [
      benchRow(
        'heatmap draw',
        panel,
        'ms',
        bare,
        `500 x 1,440 cells on 1400 x 800 px, median of ${RUNS}; baseline: fillRect per cell`
      ),
    ];
  });
}

async function hoverRows(): Promise<BenchRow[]> {
  const host = await startHost();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.addInitScript((input) => {
      (window as unknown as { __conduitPanelInput: unknown }).__conduitPanelInput = input;
    }, frameInput());
    await page.goto(`${host.url}/panel/conduit-riskheatmap-panel?role=Admin`);
    const grid = page.getByRole('grid', { name: 'Risk timeline' });
    await grid.waitFor({ timeout: 120_000 });
    const latencies = await grid.evaluate(async (element, hovers) => {
      const live = element.querySelector('[role="status"]');
      const box = element.getBoundingClientRect();
      if (live === null) {
        throw new Error('the timeline has no live region');
      }
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      const results: number[] = [];
      let seed = 7;
      const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      for (let i = 0; i < hovers; i++) {
        // Inside the plot: right of the names, above the time axis.
        const x = box.left + box.width * (0.3 + 0.68 * random());
        const y = box.top + 8 + (box.height - 40) * random();
        const committed = new Promise<number>((done) => {
          const observer = new MutationObserver(() => {
            observer.disconnect();
            done(performance.now());
          });
          observer.observe(live, { attributes: true, childList: true, characterData: true, subtree: true });
        });
        const start = performance.now();
        element.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
        results.push((await committed) - start);
        await frame();
      }
      return results;
    }, HOVERS);
    const measured = latencies.slice(10);
    return [
      benchRow(
        'heatmap hover',
        median(measured),
        'ms',
        1000 / 60,
        `pointer to hover card in the DOM, median of ${measured.length}; baseline: one 60 Hz frame`
      ),
      benchRow('heatmap hover worst', Math.max(...measured), 'ms', 1000 / 60, 'the slowest of the same hovers'),
    ];
  } finally {
    await browser.close();
    host.stop();
  }
}

export default async function (): Promise<BenchRow[]> {
  return [...(await drawRows()), ...(await hoverRows())];
}
