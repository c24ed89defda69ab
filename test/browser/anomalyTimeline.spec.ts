import { join } from 'node:path';

import type { Locator, Page } from '@playwright/test';

import { selectors } from '../../panels/anomaly-timeline/src/selectors';
import { expect, openPage, test } from './hostTest';
import { type ScenarioLabel, scenarioLabels } from './scenarioLabels';

const DASHBOARD = '/d/conduit-overview';
/** The detectors' bucket: a step's finding may start up to one bucket either side of its labelled window. */
const BUCKET_MS = 60_000;

function timelinePanel(page: Page): Locator {
  return page.locator('[data-testid="host-panel"][data-panel-title="Anomaly timeline"]');
}

async function openTimeline(page: Page, theme: 'dark' | 'light'): Promise<Locator> {
  await openPage(page, DASHBOARD, { theme });
  const panel = timelinePanel(page);
  await expect(panel).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
  const grid = panel.getByRole('grid', { name: selectors.timeline });
  await expect(grid).toBeVisible();
  return grid;
}

interface Mark {
  lane: string;
  time: number;
  id: string;
  chain: string;
}

/** Every mark of the timeline, lane by lane from the top, as the keyboard walks them. */
async function readMarks(grid: Locator): Promise<Mark[]> {
  const live = grid.getByTestId(selectors.liveRegion);
  const read = async (): Promise<Mark> => ({
    lane: (await live.getAttribute('data-lane')) ?? '',
    time: Number(await live.getAttribute('data-time')),
    id: (await live.getAttribute('data-finding-id')) ?? '',
    chain: (await live.getAttribute('data-chain')) ?? '',
  });
  await grid.focus();
  const lanes = Number(await grid.getAttribute('aria-rowcount'));
  const marks: Mark[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    await grid.press('ArrowDown');
    await grid.press('Home');
    let mark = await read();
    marks.push(mark);
    for (;;) {
      await grid.press('ArrowRight');
      const next = await read();
      if (next.id === mark.id && next.time === mark.time) {
        break;
      }
      marks.push(next);
      mark = next;
    }
  }
  return marks;
}

test.describe('the anomaly timeline over simulated plant data', () => {
  test('the IT-to-OT intrusion descends the lanes in time, joined as one chain', async ({ page, pageProblems }) => {
    const grid = await openTimeline(page, 'dark');
    const lanes = await timelinePanel(page)
      .getByTestId(selectors.laneToggle)
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-lane') ?? ''));
    // Zones top down by Purdue level: the enterprise above the DMZ above the controllers.
    for (const [upper, lower] of [
      ['enterprise', 'industrial-dmz'],
      ['industrial-dmz', 'basic-control'],
    ]) {
      expect(lanes.indexOf(upper), `${upper} above ${lower} in ${lanes.join(', ')}`).toBeLessThan(lanes.indexOf(lower));
    }

    const marks = await readMarks(grid);
    const steps = scenarioLabels().filter((label) => label.scenario === 'it-ot-intrusion' && label.kind !== 'fault');
    expect(steps.length).toBeGreaterThan(2);
    const during = (mark: Mark, step: ScenarioLabel) =>
      mark.time >= step.start - BUCKET_MS && mark.time <= step.end + BUCKET_MS;
    const chained = marks.filter((mark) => mark.chain !== '' && steps.some((step) => during(mark, step)));
    const chains = new Set(chained.map((mark) => mark.chain));
    expect([...chains], 'the intrusion is one chain').toHaveLength(1);
    const [chain] = chains;
    const ofChain = marks.filter((mark) => mark.chain === chain).sort((a, b) => a.time - b.time);
    for (const step of steps) {
      expect(
        ofChain.some((mark) => during(mark, step)),
        `step ${step.step} is a mark of the chain`
      ).toBe(true);
    }
    // Descending: in time order, each step's lane is at or below the previous one's.
    const laneIndexes = ofChain.map((mark) => lanes.indexOf(mark.lane));
    expect(laneIndexes).toEqual([...laneIndexes].sort((a, b) => a - b));
    expect(lanes.indexOf(ofChain[ofChain.length - 1].lane)).toBeGreaterThan(lanes.indexOf(ofChain[0].lane));
    expect(pageProblems).toEqual([]);
  });

  test('a click on a mark opens its drawer with its evidence, and Open incident carries the chain', async ({
    page,
    pageProblems,
  }) => {
    const grid = await openTimeline(page, 'dark');
    const marks = await readMarks(grid);
    const last = marks.filter((mark) => mark.chain !== '').sort((a, b) => b.time - a.time)[0];
    expect(last).toBeDefined();
    // Find that mark with the keyboard, then click it. Where it is one of a crowd, the click zooms into the
    // crowd first (the dashboard's range changes), and the mark is found and clicked again.
    const live = grid.getByTestId(selectors.liveRegion);
    for (let attempt = 0; attempt < 4 && (await page.getByTestId(selectors.drawer).count()) === 0; attempt++) {
      await expect(timelinePanel(page)).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
      await grid.focus();
      const lanes = Number(await grid.getAttribute('aria-rowcount'));
      await grid.press('ArrowDown');
      for (let lane = 1; lane < lanes && (await live.getAttribute('data-lane')) !== last.lane; lane++) {
        await grid.press('ArrowDown');
      }
      await grid.press('Home');
      for (let step = 0; step < 500 && (await live.getAttribute('data-finding-id')) !== last.id; step++) {
        await grid.press('ArrowRight');
      }
      await expect(live).toHaveAttribute('data-finding-id', last.id);
      // The live region says where the mark is drawn, in the canvas's pixels.
      const canvas = await grid.locator('canvas').boundingBox();
      const x = Number(await live.getAttribute('data-x'));
      const y = Number(await live.getAttribute('data-y'));
      const before = new URL(page.url()).searchParams.get('from');
      await page.mouse.click((canvas?.x ?? 0) + x, (canvas?.y ?? 0) + y);
      await expect
        .poll(
          async () =>
            (await page.getByTestId(selectors.drawer).count()) > 0 ||
            new URL(page.url()).searchParams.get('from') !== before
        )
        .toBe(true);
    }

    const drawer = page.getByTestId(selectors.drawer);
    await expect(drawer).toBeVisible();
    // Findings of one moment open together; the drawer lists them.
    const sameMoment = drawer.locator(`[data-testid="${selectors.crowdItem}"][data-finding-id="${last.id}"]`);
    if ((await sameMoment.count()) > 0) {
      await sameMoment.click();
    }
    await expect(drawer).toContainText(last.id);
    await expect(drawer.locator('pre')).toContainText('SELECT');
    // The records behind it, read from the store: a header and at least one row.
    await expect(drawer.getByTestId(selectors.evidence).getByRole('row').nth(1)).toBeVisible();
    const chainIds = marks.filter((mark) => mark.chain === last.chain).map((mark) => mark.id);
    const href = (await page.getByTestId(selectors.openIncident).getAttribute('href')) ?? '';
    const carried = new URL(href, 'http://grafana').searchParams.getAll('finding');
    expect(href.startsWith('/a/conduit-itot-app/incidents/new?')).toBe(true);
    // The chain as the range shown correlates it: the clicked finding and others of the chain, nothing else.
    expect(carried).toContain(last.id);
    expect(carried.length).toBeGreaterThan(1);
    expect(chainIds).toEqual(expect.arrayContaining(carried));
    const explore = (await page.getByTestId(selectors.explore).getAttribute('href')) ?? '';
    expect(explore).toContain('/explore?');
    expect(pageProblems).toEqual([]);
  });

  test('a drag across the lanes sets the dashboard time range', async ({ page, pageProblems }) => {
    const grid = await openTimeline(page, 'dark');
    const canvas = grid.locator('canvas');
    const box = await canvas.boundingBox();
    if (box === null) {
      throw new Error('the timeline has no canvas');
    }
    const y = box.y + 10;
    await page.mouse.move(box.x + box.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
    await expect(page.getByTestId(selectors.brush)).toBeVisible();
    await page.mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toMatch(/^\d+$/);
    const from = Number(new URL(page.url()).searchParams.get('from'));
    const to = Number(new URL(page.url()).searchParams.get('to'));
    expect(to - from).toBeGreaterThan(0);
    expect(to - from).toBeLessThan(6 * 3600_000 * 0.5);
    expect(pageProblems).toEqual([]);
  });
});

for (const theme of ['dark', 'light'] as const) {
  test(`pictures of the anomaly timeline in the ${theme} theme`, async ({ page, pageProblems, flavour }) => {
    const grid = await openTimeline(page, theme);
    await grid.focus();
    await grid.press('ArrowDown');
    await grid.press('ArrowDown');
    await grid.press('End');
    await expect(page.getByTestId(selectors.hoverCard)).toBeVisible();
    const box = await timelinePanel(page).locator(':scope > *').first().boundingBox();
    if (box === null) {
      throw new Error('the panel has no box');
    }
    const card = await page.getByTestId(selectors.hoverCard).boundingBox();
    const bottom = Math.max(box.y + box.height, card === null ? 0 : card.y + card.height) + 4;
    await page.screenshot({
      path: join(__dirname, '..', '..', 'test-results', 'screenshots', `${flavour}-anomaly-timeline-${theme}.png`),
      clip: { x: Math.max(0, box.x - 4), y: Math.max(0, box.y - 4), width: box.width + 8, height: bottom - box.y + 8 },
    });
    await grid.press('Enter');
    const drawer = page.getByTestId(selectors.drawer);
    await expect(drawer).toBeVisible();
    // Once the drawer has slid in: it stands still between two looks.
    let previous: number | undefined;
    await expect
      .poll(
        async () => {
          const x = (await drawer.boundingBox())?.x;
          const still = x !== undefined && x === previous;
          previous = x;
          return still;
        },
        { intervals: [250] }
      )
      .toBe(true);
    await page.screenshot({
      path: join(__dirname, '..', '..', 'test-results', 'screenshots', `${flavour}-anomaly-drawer-${theme}.png`),
    });
    expect(pageProblems).toEqual([]);
  });
}
