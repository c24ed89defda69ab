import { join } from 'node:path';

import type { Locator, Page } from '@playwright/test';

import { selectors } from '../../panels/risk-heatmap/src/selectors';
import { expect, openPage, test } from './hostTest';
import { scenarioLabels } from './scenarioLabels';

const DASHBOARD = '/d/conduit-risk';

function panelTitled(page: Page, title: string): Locator {
  return page.locator(`[data-testid="host-panel"][data-panel-title^="${title}"]`);
}

async function dashboardReady(page: Page): Promise<void> {
  for (const title of ['Asset risk matrix', 'Zone risk over time', 'Asset risk over time']) {
    await expect(panelTitled(page, title)).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
  }
}

interface CellReading {
  row: string;
  time: number;
  value: number;
}

/** The active cell as the timeline announces it. */
async function reading(timeline: Locator): Promise<CellReading> {
  const live = timeline.getByTestId(selectors.liveRegion);
  return {
    row: (await live.getAttribute('data-row')) ?? '',
    time: Number(await live.getAttribute('data-time')),
    value: Number(await live.getAttribute('data-value')),
  };
}

/** Walks a timeline row with the keyboard, from the first column to the last, reading every cell. */
async function readRow(timeline: Locator, name: string): Promise<CellReading[]> {
  await timeline.focus();
  await timeline.press('ArrowDown');
  const rows = Number(await timeline.getAttribute('aria-rowcount'));
  for (let i = 0; i < rows && (await reading(timeline)).row !== name; i++) {
    await timeline.press('ArrowDown');
  }
  expect((await reading(timeline)).row).toBe(name);
  await timeline.press('Home');
  const columns = Number(await timeline.getAttribute('aria-colcount'));
  const cells: CellReading[] = [await reading(timeline)];
  for (let i = 1; i < columns; i++) {
    await timeline.press('ArrowRight');
    cells.push(await reading(timeline));
  }
  return cells;
}

/** The zones of a timeline's rows, read with the keyboard. */
async function zonesOfRows(timeline: Locator): Promise<string[]> {
  await timeline.focus();
  const zones = new Set<string>();
  const rows = Number(await timeline.getAttribute('aria-rowcount'));
  for (let i = 0; i < rows; i++) {
    await timeline.press('ArrowDown');
    zones.add((await timeline.getByTestId(selectors.liveRegion).getAttribute('data-zone')) ?? '');
  }
  return [...zones];
}

test.describe('the risk heatmap over simulated plant data', () => {
  test('the IT-to-OT intrusion makes the industrial DMZ rise in its window', async ({ page, pageProblems }) => {
    await openPage(page, DASHBOARD, { theme: 'dark' });
    await dashboardReady(page);
    // The intruder pivots through the jump host, which sits in the industrial DMZ (docs/data-contract.md, the demo plant).
    const intrusion = scenarioLabels().filter((label) => label.scenario === 'it-ot-intrusion');
    expect(intrusion.length, 'the backfill holds the intrusion').toBeGreaterThan(0);
    const start = Math.min(...intrusion.map((label) => label.start));
    const end = Math.max(...intrusion.map((label) => label.end));
    const timeline = panelTitled(page, 'Zone risk over time').getByRole('grid', { name: selectors.timeline });
    const cells = (await readRow(timeline, 'Industrial DMZ')).filter((cell) => Number.isFinite(cell.value));
    const bucket = cells[1].time - cells[0].time;
    const before = cells.filter((cell) => cell.time <= start);
    expect(before.length, 'columns before the intrusion').toBeGreaterThan(0);
    const level = before[before.length - 1].value;
    // Flat before the intrusion: no earlier scenario touches the DMZ.
    expect(Math.max(...before.map((cell) => cell.value))).toBe(level);
    const rise = cells.find((cell) => cell.time > start && cell.value > level + 5);
    expect(rise, 'the row rises by more than 5 points').toBeDefined();
    expect(rise?.time).toBeLessThanOrEqual(end + bucket);
    // The hover card explains the score of its time: findings count after the intrusion, not before it.
    const card = page.getByTestId(selectors.hoverCard);
    const last = cells[cells.length - 1];
    await expect(card).toContainText(`Score ${last.value.toFixed(1)} of 100`);
    await expect(card).toContainText(/Recent findings: [1-9][\d.]* points of likelihood/);
    await timeline.press('Home');
    await expect(card).toContainText(`Score ${cells[0].value.toFixed(1)} of 100`);
    await expect(card).not.toContainText(/Recent findings: [1-9]/);
    expect(pageProblems).toEqual([]);
  });

  test('a cell click lists its assets with their factors and sets the variables', async ({ page, pageProblems }) => {
    await openPage(page, DASHBOARD, { theme: 'dark' });
    await dashboardReady(page);
    const matrix = panelTitled(page, 'Asset risk matrix').getByRole('grid', { name: selectors.matrix });
    const cell = matrix.getByRole('gridcell', { name: /plc-chlor-1/ });
    await cell.hover();
    await expect(page.getByTestId(selectors.hoverCard)).toContainText('plc-chlor-1');
    await cell.click();
    const list = page.getByRole('region', { name: selectors.cellList });
    await expect(list.getByRole('button', { name: 'plc-chlor-1' })).toBeVisible();
    await expect(list).toContainText(/points of likelihood/);
    const named = (await cell.getAttribute('aria-label')) ?? '';
    const listed = await list.locator('li button').allTextContents();
    expect(named).toContain(listed.slice(0, 5).join(', ').slice(0, 20));
    await expect
      .poll(() => new URL(page.url()).searchParams.getAll('var-asset'))
      .toEqual(expect.arrayContaining(['plc-chlor-1']));
    expect(new URL(page.url()).searchParams.getAll('var-asset')).toEqual(listed);
    expect(new URL(page.url()).searchParams.getAll('var-zone')).toContain('basic-control');

    await list.getByRole('button', { name: 'plc-chlor-1' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('var-asset')).toEqual(['plc-chlor-1']);
    expect(new URL(page.url()).searchParams.getAll('var-zone')).toEqual(['basic-control']);
    // The dashboard follows: the asset timeline queries the zone of the variable only.
    const assets = panelTitled(page, 'Asset risk over time').getByRole('grid', { name: selectors.timeline });
    await expect(panelTitled(page, 'Asset risk over time')).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
    await expect.poll(() => zonesOfRows(assets)).toEqual(['basic-control']);
    expect(pageProblems).toEqual([]);
  });

  test('a brush across a timeline sets the dashboard time range', async ({ page, pageProblems }) => {
    await openPage(page, DASHBOARD, { theme: 'dark' });
    await dashboardReady(page);
    const timeline = panelTitled(page, 'Zone risk over time').getByRole('grid', { name: selectors.timeline });
    const box = await timeline.boundingBox();
    if (box === null) {
      throw new Error('the timeline has no box');
    }
    const y = box.y + box.height * 0.4;
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
    await expect(page.getByTestId('host-time-range')).toContainText(`${from} to ${to}`);
    await dashboardReady(page);
    expect(pageProblems).toEqual([]);
  });
});

/** Saves the part of the page around a panel, the hover card included, under test-results/screenshots. */
async function savePanelPicture(page: Page, panel: Locator, name: string, flavour: string): Promise<void> {
  // The panel's chrome, sized as the dashboard grid (or the test page) sizes it.
  const box = await panel.locator(':scope > *').first().boundingBox();
  const hoverCard = page.getByTestId(selectors.hoverCard);
  const card = (await hoverCard.count()) > 0 ? await hoverCard.boundingBox() : null;
  if (box === null) {
    throw new Error(`panel for ${name} has no box`);
  }
  const right = Math.max(box.x + box.width, card === null ? 0 : card.x + card.width) + 4;
  const bottom = Math.max(box.y + box.height, card === null ? 0 : card.y + card.height) + 4;
  const x = Math.max(0, box.x - 4);
  const y = Math.max(0, box.y - 4);
  await page.screenshot({
    path: join(__dirname, '..', '..', 'test-results', 'screenshots', `${flavour}-${name}.png`),
    clip: { x, y, width: right - x, height: bottom - y },
  });
}

for (const theme of ['dark', 'light'] as const) {
  test(`pictures of both modes in the ${theme} theme`, async ({ page, pageProblems, saveScreenshot, flavour }) => {
    await openPage(page, DASHBOARD, { theme });
    await dashboardReady(page);
    await saveScreenshot(`risk-dashboard-${theme}`);

    const matrixPanel = panelTitled(page, 'Asset risk matrix');
    const cell = matrixPanel
      .getByRole('grid', { name: selectors.matrix })
      .getByRole('gridcell', { name: /plc-chlor-1/ });
    await cell.click();
    await expect(page.getByRole('region', { name: selectors.cellList })).toBeVisible();
    await page.mouse.move(0, 0);
    await expect(page.getByTestId(selectors.hoverCard)).toHaveCount(0);
    await savePanelPicture(page, matrixPanel, `risk-matrix-${theme}`, flavour);

    const timelinePanel = panelTitled(page, 'Zone risk over time');
    const timeline = timelinePanel.getByRole('grid', { name: selectors.timeline });
    await readRow(timeline, 'Industrial DMZ');
    await expect(page.getByTestId(selectors.hoverCard)).toContainText('Industrial DMZ');
    await savePanelPicture(page, timelinePanel, `risk-timeline-${theme}`, flavour);
    expect(pageProblems).toEqual([]);
  });
}

test.describe('the risk heatmap with frames of other shapes', () => {
  async function openPanel(page: Page, input: object): Promise<Locator> {
    await page.addInitScript((value) => {
      (window as unknown as { __conduitPanelInput: unknown }).__conduitPanelInput = value;
    }, input);
    await openPage(page, '/panel/conduit-riskheatmap-panel', { theme: 'dark' });
    const panel = page.locator('[data-testid="host-panel"]');
    await expect(panel).toHaveAttribute('data-state', 'Done');
    return panel;
  }

  test('draws a generic matrix from two text fields and a number', async ({ page, pageProblems, flavour }) => {
    const panel = await openPanel(page, {
      title: 'Findings by site and severity',
      width: 520,
      height: 320,
      frames: [
        {
          fields: [
            { name: 'site', type: 'string', values: ['north', 'north', 'south', 'east'] },
            { name: 'severity', type: 'string', values: ['high', 'low', 'high', 'medium'] },
            { name: 'findings', type: 'number', values: [30, 4, 80, 12] },
          ],
        },
      ],
    });
    const matrix = panel.getByRole('grid', { name: selectors.matrix });
    await expect(matrix.getByRole('gridcell')).toHaveCount(9);
    await expect(matrix.getByRole('gridcell', { name: 'site south, severity high: 80 (1 row)' })).toBeVisible();
    await savePanelPicture(page, panel, 'risk-generic-matrix', flavour);
    expect(pageProblems).toEqual([]);
  });

  test('says in one line what a frame that fits neither mode is missing', async ({ page, pageProblems, flavour }) => {
    const panel = await openPanel(page, {
      title: 'Risk',
      width: 520,
      height: 200,
      frames: [{ name: 'counts', fields: [{ name: 'value', type: 'number', values: [1, 2] }] }],
    });
    await expect(panel).toContainText('Nothing to draw');
    await expect(panel).toContainText('frame "counts" has fields value (number)');
    await savePanelPicture(page, panel, 'risk-message', flavour);
    expect(pageProblems).toEqual([]);
  });
});
