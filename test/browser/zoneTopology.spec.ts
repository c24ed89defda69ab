import { join } from 'node:path';

import type { Locator, Page } from '@playwright/test';

import { selectors } from '../../panels/zone-topology/src/selectors';
import { expect, openPage, test } from './hostTest';
import { scenarioLabels } from './scenarioLabels';

const DASHBOARD = '/d/conduit-topology';
const PANEL_TYPE = 'conduit-zonetopology-panel';
const IMG = join(__dirname, '..', '..', 'docs', 'img');

function topologyPanel(page: Page): Locator {
  return page.locator(`[data-testid="host-panel"][data-panel-type="${PANEL_TYPE}"]`);
}

async function mapReady(page: Page): Promise<Locator> {
  const panel = topologyPanel(page);
  await expect(panel).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
  const map = panel.getByRole('application', { name: new RegExp(selectors.map) });
  await expect(map).toBeVisible();
  return map;
}

/** Walks the keyboard focus to the zone or asset whose announcement starts with `text`; the map centres it. */
async function focusEntity(map: Locator, page: Page, text: string): Promise<void> {
  await map.focus();
  const live = page.getByTestId(selectors.liveRegion);
  const total = Number(await map.getAttribute('data-zones')) + Number(await map.getAttribute('data-assets'));
  for (let i = 0; i <= total; i++) {
    await map.press('ArrowRight');
    if (((await live.textContent()) ?? '').startsWith(text)) {
      return;
    }
  }
  throw new Error(`no zone or asset announced as "${text}"`);
}

async function centreOf(map: Locator): Promise<{ x: number; y: number }> {
  const box = await map.boundingBox();
  if (box === null) {
    throw new Error('the map has no box');
  }
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test.describe('the zone topology over simulated plant data', () => {
  for (const theme of ['dark', 'light'] as const) {
    test(`draws the plant at asset level, zones in Purdue bands, ${theme} theme`, async ({
      page,
      pageProblems,
      flavour,
    }) => {
      await openPage(page, DASHBOARD, { theme });
      const map = await mapReady(page);
      expect(Number(await map.getAttribute('data-zones'))).toBeGreaterThanOrEqual(7);
      expect(Number(await map.getAttribute('data-assets'))).toBeGreaterThan(10);
      await expect(topologyPanel(page).getByTestId(selectors.legend)).toContainText('Violation');
      // The canvas holds a picture, not a blank: many distinct colours drawn.
      const colours = await map.evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 16) {
          seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        }
        return seen.size;
      });
      expect(colours).toBeGreaterThan(20);
      if (flavour === 'grafana12') {
        await topologyPanel(page).screenshot({ path: join(IMG, `zone-topology-${theme}.png`) });
        // Zoomed in on the historian, asset titles and badges appear.
        await focusEntity(map, page, 'asset hist-1');
        for (let i = 0; i < 3; i++) {
          await map.press('+');
        }
        await topologyPanel(page).screenshot({ path: join(IMG, `zone-topology-zoomed-${theme}.png`) });
      }
      expect(pageProblems).toEqual([]);
    });
  }

  test("the firewall change's traffic is drawn as violations from an office workstation to the historian", async ({
    page,
    pageProblems,
  }) => {
    expect(scenarioLabels().some((label) => label.scenario === 'firewall-change')).toBe(true);
    await openPage(page, DASHBOARD, { theme: 'dark' });
    await mapReady(page);
    const panel = topologyPanel(page);
    await panel.getByRole('button', { name: selectors.listToggle }).click();
    const list = panel.getByRole('region', { name: selectors.listView });
    // Expanding every zone draws traffic asset to asset.
    for (let expand = list.getByRole('button', { name: 'Expand' }); (await expand.count()) > 0;) {
      await expand.first().click();
    }
    const violations = list.locator('tr[data-verdict="violation"]');
    const rows = await violations.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))
    );
    expect(rows.some(([, from, to]) => from.startsWith('ws-') && to === 'hist-1')).toBe(true);
    // At zone level, the same traffic is a violation from the enterprise zone into site operations.
    for (let collapse = list.getByRole('button', { name: 'Collapse' }); (await collapse.count()) > 0;) {
      await collapse.first().click();
    }
    const zoneRows = await list
      .locator('tr[data-verdict="violation"]')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(zoneRows.some(([, from, to]) => /enterprise/i.test(from) && /operations/i.test(to))).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  test('a click on an asset sets the zone and asset variables and offers its links', async ({ page, pageProblems }) => {
    await openPage(page, DASHBOARD, { theme: 'dark' });
    const map = await mapReady(page);
    await focusEntity(map, page, 'asset hist-1');
    const { x, y } = await centreOf(map);
    await page.mouse.click(x, y);
    await expect.poll(() => new URL(page.url()).searchParams.get('var-asset')).toBe('hist-1');
    expect(new URL(page.url()).searchParams.get('var-zone')).toBe('site-operations');
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'Findings for this asset' })).toHaveAttribute(
      'href',
      /var-asset=hist-1/
    );
    await expect(menu.getByRole('menuitem', { name: 'Open incident' })).toHaveAttribute('href', /asset=hist-1/);
    await expect(menu.getByRole('menuitem', { name: 'Open in Explore' })).toHaveAttribute('href', /^\/explore\?/);
    await expect(menu.getByRole('menuitem', { name: 'Zone risk' })).toHaveAttribute('href', /var-zone=site-operations/);
    expect(pageProblems).toEqual([]);
  });

  test('a dragged zone stays pinned after a reload', async ({ page, pageProblems }) => {
    await openPage(page, DASHBOARD, { theme: 'dark' });
    const map = await mapReady(page);
    await focusEntity(map, page, 'zone Site operations');
    const { x, y } = await centreOf(map);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 60, y + 40, { steps: 5 });
    await page.mouse.move(x + 140, y + 90, { steps: 5 });
    await page.mouse.up();
    await expect(map).toHaveAttribute('data-pinned', /zone:site-operations/);
    await page.reload();
    await page.waitForFunction(() => window.__conduitHostStarted !== undefined);
    const after = await mapReady(page);
    await expect(after).toHaveAttribute('data-pinned', /zone:site-operations/);
    // The zone is where it was dropped: focused again, it is centred from its pinned place, and a click there hits it.
    await focusEntity(after, page, 'zone Site operations');
    const centre = await centreOf(after);
    await page.mouse.click(centre.x, centre.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('var-zone')).toBe('site-operations');
    expect(pageProblems).toEqual([]);
  });
});

test.describe('the zone topology with frames of its own', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';

  function input(nodes: Record<string, unknown[]>, edges: Record<string, unknown[]>) {
    const frame = (name: string, columns: Record<string, unknown[]>) => ({
      name,
      fields: Object.entries(columns).map(([field, values]) => ({ name: field, values })),
    });
    return { frames: [frame('nodes', nodes), frame('edges', edges)], width: 900, height: 420 };
  }

  test('an asset named like markup shows as text and runs nothing', async ({ page, pageProblems }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.addInitScript(
      (panelInput) => {
        (window as unknown as { __conduitPanelInput: unknown }).__conduitPanelInput = panelInput;
      },
      input(
        {
          id: ['zone:a', 'asset:x'],
          title: ['Zone A', HOSTILE],
          kind: ['zone', 'asset'],
          parent: [null, 'zone:a'],
          purdueLevel: [2, null],
        },
        { id: ['e'], source: ['asset:x'], target: ['zone:a'] }
      )
    );
    await openPage(page, `/panel/${PANEL_TYPE}`, { theme: 'dark' });
    const panel = topologyPanel(page);
    await panel.getByRole('button', { name: selectors.listToggle }).click();
    await expect(panel.getByRole('button', { name: HOSTILE })).toBeVisible();
    await expect(panel.locator('img')).toHaveCount(0);
    expect(dialogs).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  test('an edges frame without a target says which field is missing', async ({ page, pageProblems }) => {
    await page.addInitScript(
      (panelInput) => {
        (window as unknown as { __conduitPanelInput: unknown }).__conduitPanelInput = panelInput;
      },
      input({ id: ['a', 'b'], title: ['A', 'B'] }, { id: ['e'], source: ['a'] })
    );
    await openPage(page, `/panel/${PANEL_TYPE}`, { theme: 'light' });
    await expect(topologyPanel(page)).toContainText('The edges frame "edges" has no "target" field.');
    expect(pageProblems).toEqual([]);
  });
});
