/**
 * `dashboard 24h` and `dashboard 7d`: the overview dashboard opened in the test host (grafana12, with React's
 * production build as Grafana serves it) in Chromium over a simulated week of the demo plant with the analyzer's
 * output present (as the analyzer service leaves it), from navigation to every panel drawn, against the same
 * dashboard at 1 h in the same run (goals: at most 1.2x and 1.5x). Median of timed loads, ranges taken in turn so that a slow spell of the machine hits them alike.
 *
 * Preparing the week (backfill, then the analyzer over it, then the minutes the plant ran on meanwhile) takes most of
 * the run, about 8 minutes.
 * BENCH_DASHBOARD_DAYS shortens the week (the rows of ranges longer than the history are left out).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { type BenchRow, benchRow, median } from '../../bench/benchRow';
import { launchChromium } from '../../bench/browserBench';
import { REPO_ROOT } from './build-shared';
import { analyzeOnce, backfill, dataSourceEditsFor, startStores } from './demoStack';
import { startHostServer } from './server';

const DAYS = Number(process.env.BENCH_DASHBOARD_DAYS ?? 7);
const LOADS = 9;
const DASHBOARD = 'conduit-overview';
const RANGES = [
  { name: '1h', hours: 1 },
  { name: '24h', hours: 24 },
  { name: '7d', hours: 24 * 7 },
] as const;
const GOALS: Readonly<Record<string, number>> = { '24h': 1.2, '7d': 1.5 };

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Milliseconds from navigation until every panel finished its queries and drew what it received. */
async function load(page: Page, url: string): Promise<number> {
  const started = Date.now();
  await page.goto(url);
  // Every panel finished its queries and drew its data, or its empty state where the range has none.
  await page.waitForFunction(
    () => {
      const text = (panel: Element) => panel.textContent ?? '';
      const drawn: Record<string, (panel: Element) => boolean> = {
        'conduit-zonetopology-panel': (panel) => panel.querySelector('[role="application"]') !== null,
        'conduit-riskheatmap-panel': (panel) => panel.querySelector('[role="grid"][aria-label="Risk matrix"]') !== null,
        'conduit-anomalytimeline-panel': (panel) =>
          panel.querySelector('[data-testid="anomaly-timeline-lane"]') !== null || text(panel).includes('No findings'),
        table: (panel) => panel.querySelectorAll('[role="row"]').length > 1 || text(panel).includes('No data'),
        timeseries: (panel) => panel.querySelector('[data-testid="uplot-main-div"] canvas') !== null,
      };
      const panels = [...document.querySelectorAll('[data-testid="host-panel"]')];
      return (
        panels.length > 0 &&
        panels.every(
          (panel) =>
            panel.getAttribute('data-state') === 'Done' &&
            (drawn[panel.getAttribute('data-panel-type') ?? '']?.(panel) ?? true)
        )
      );
    },
    undefined,
    { timeout: 120_000, polling: 50 }
  );
  const ms = Date.now() - started;
  const failed = await page.locator('[data-testid="data-testid Panel data error message"], [data-testid="host-error"]');
  if ((await failed.count()) > 0) {
    throw new Error(`a panel failed at ${url}: ${await failed.first().innerText()}`);
  }
  return ms;
}

export default async function dashboardLoadBench(): Promise<BenchRow[]> {
  // Built in a process of its own, as the browser tests and the incident load bench build it.
  execFileSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'ts-node'),
    ['--transpile-only', 'test/host/build-shared.ts', '--react', 'production', 'grafana12'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    }
  );
  const stores = await startStores();
  try {
    const started = Date.now();
    say(`dashboard: writing ${DAYS + 1} simulated days (a learning day, then the week)...`);
    const writtenTo = Date.now();
    await backfill(stores, `-${(DAYS + 1) * 24}h`, '/dev/null', { to: String(writtenTo) });
    say(`dashboard: written in ${((Date.now() - started) / 1000).toFixed(0)} s; the analyzer over ${DAYS} days...`);
    // Only up to where the telemetry ends: minutes analysed before they are written would stay empty of findings.
    await analyzeOnce(stores, `now-${DAYS * 24}h`, String(writtenTo));
    // The plant ran on while the week was written and analysed: its minutes since are written and analysed, as a
    // live simulator and a following analyzer leave them, so that the last hour is not partly empty.
    const caughtUp = Date.now();
    await backfill(stores, String(writtenTo), '/dev/null', {
      to: String(caughtUp),
      scenarioFrom: String(caughtUp - 1),
    });
    await analyzeOnce(stores, String(writtenTo), String(caughtUp));
    say(
      `dashboard: analysed, ${((Date.now() - started) / 1000).toFixed(0)} s in all (the last ` +
        `${((caughtUp - writtenTo) / 60_000).toFixed(0)} minutes written and analysed after); loading the dashboard...`
    );
    // React's production build, as Grafana serves it: the development build's checks cost more the more a page draws.
    const host = await startHostServer({
      flavour: 'grafana12',
      react: 'production',
      dataSourceEdits: dataSourceEditsFor(stores),
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const ranges = RANGES.filter((range) => range.hours <= DAYS * 24);
      const url = (hours: number) => `${host.url}/d/${DASHBOARD}?from=now-${hours}h&to=now&role=Viewer`;
      // A load of each range first: it fills the HTTP cache with the shared script and the plugins, as every later
      // visit finds it, and has each range's data read from disk once, so no range is timed cold against warm ones.
      for (const range of ranges) {
        await load(page, url(range.hours));
      }
      const times = new Map<string, number[]>(ranges.map((range) => [range.name, []]));
      for (let i = 0; i < LOADS; i++) {
        for (const range of ranges) {
          times.get(range.name)?.push(await load(page, url(range.hours)));
        }
      }
      const baseline = median(times.get('1h') ?? []);
      return ranges
        .filter((range) => range.name in GOALS)
        .map((range) => {
          const all = times.get(range.name) ?? [];
          return benchRow(
            `dashboard ${range.name}`,
            median(all),
            'ms',
            baseline,
            `overview dashboard, navigation to every panel drawn, median of ${LOADS} (${all.join(', ')} ms) over ` +
              `${DAYS} simulated days with the analyzer's output; baseline: the same at 1 h ` +
              `(${(times.get('1h') ?? []).join(', ')} ms) ` +
              `(goal: at most ${GOALS[range.name]}x)`
          );
        });
    } finally {
      await browser.close();
      await host.stop();
    }
  } finally {
    await stores.stop();
  }
}
