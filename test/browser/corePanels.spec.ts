import type { Page } from '@playwright/test';

import { expect, openPage, test } from './hostTest';

/** What the single-panel page draws (test/host/shell/pages/PanelPage.tsx): frames as DataFrameDTOs. */
interface PanelInput {
  title: string;
  frames?: Array<{ name?: string; fields: Array<Record<string, unknown>> }>;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: Array<Record<string, unknown>> };
  width?: number;
  height?: number;
}

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 15, 8, 0);
const times = (count: number) => Array.from({ length: count }, (_, index) => START + index * MINUTE);

async function openPanel(page: Page, type: string, input: PanelInput, theme: 'dark' | 'light'): Promise<void> {
  await page.addInitScript((value) => Object.assign(window, { __conduitPanelInput: value }), input);
  await openPage(page, `/panel/${type}`, { theme });
}

for (const theme of ['dark', 'light'] as const) {
  test.describe(`Grafana's core panels in the host, ${theme} theme`, () => {
    test('a stat panel shows the last value with the field config applied', async ({ page, pageProblems }) => {
      await openPanel(
        page,
        'stat',
        {
          title: 'Clearwell level',
          frames: [
            {
              fields: [
                { name: 'time', type: 'time', values: times(4) },
                { name: 'level', type: 'number', values: [3.1, 3.4, 3.2, 3.75] },
              ],
            },
          ],
          fieldConfig: { defaults: { unit: 'lengthm', decimals: 2 }, overrides: [] },
        },
        theme
      );
      const panel = page.locator('[data-testid="host-panel"][data-panel-type="stat"]');

      await expect(panel.getByText('3.75', { exact: true })).toBeVisible();
      await expect(panel.getByText('m', { exact: true })).toBeVisible();
      expect(pageProblems).toEqual([]);
    });

    test('a table panel lists the rows of its frame with overrides applied', async ({ page, pageProblems }) => {
      await openPanel(
        page,
        'table',
        {
          title: 'Assets',
          frames: [
            {
              fields: [
                { name: 'asset', type: 'string', values: ['plc-dist-1', 'hmi-2', 'hist-1'] },
                { name: 'load', type: 'number', values: [55, 12, 80], config: { unit: 'percent' } },
              ],
            },
          ],
          fieldConfig: {
            defaults: {},
            overrides: [
              { matcher: { id: 'byName', options: 'load' }, properties: [{ id: 'displayName', value: 'CPU load' }] },
            ],
          },
        },
        theme
      );
      const panel = page.locator('[data-testid="host-panel"][data-panel-type="table"]');

      await expect(panel.getByRole('columnheader', { name: 'CPU load' })).toBeVisible();
      await expect(panel.getByRole('row')).toHaveCount(4);
      await expect(panel.getByRole('cell', { name: 'hmi-2' })).toBeVisible();
      await expect(panel.getByRole('cell', { name: '55%' })).toBeVisible();
      expect(pageProblems).toEqual([]);
    });

    test('a table panel with several frames offers to pick one', async ({ page, pageProblems }) => {
      await openPanel(
        page,
        'table',
        {
          title: 'Two stores',
          frames: [
            { name: 'IT', fields: [{ name: 'host', type: 'string', values: ['ws-07'] }] },
            { name: 'OT', fields: [{ name: 'host', type: 'string', values: ['plc-dist-1'] }] },
          ],
        },
        theme
      );
      const panel = page.locator('[data-testid="host-panel"][data-panel-type="table"]');
      await expect(panel.getByRole('cell', { name: 'ws-07' })).toBeVisible();

      await panel.getByLabel('Frame').click();
      await page.getByRole('option', { name: 'OT' }).click();

      await expect(panel.getByRole('cell', { name: 'plc-dist-1' })).toBeVisible();
      expect(pageProblems).toEqual([]);
    });

    test('a time series panel draws its series with a legend and a tooltip of their values', async ({
      page,
      pageProblems,
    }) => {
      await openPanel(
        page,
        'timeseries',
        {
          title: 'Process values',
          frames: [
            {
              fields: [
                { name: 'time', type: 'time', values: times(30) },
                { name: 'raw_ph', type: 'number', values: times(30).map((_, i) => 7 + Math.sin(i / 4)) },
                { name: 'treated_ph', type: 'number', values: times(30).map((_, i) => 7.4 + Math.cos(i / 5) / 2) },
                { name: 'operator', type: 'string', values: times(30).map(() => 'shift-a') },
              ],
            },
          ],
          options: { tooltip: { mode: 'multi', sort: 'none' } },
          fieldConfig: { defaults: { unit: 'pH', decimals: 1 }, overrides: [] },
        },
        theme
      );
      const panel = page.locator('[data-testid="host-panel"][data-panel-type="timeseries"]');
      const plot = panel.locator('[data-testid="uplot-main-div"] .u-over');

      await expect(panel.locator('[data-testid="uplot-main-div"] canvas')).toBeVisible();
      await expect(panel.getByTestId('data-testid VizLegend series raw_ph')).toBeVisible();
      await expect(panel.getByTestId('data-testid VizLegend series treated_ph')).toBeVisible();
      // Text fields are not graphable: Grafana's time series leaves them out.
      await expect(panel.getByTestId('data-testid VizLegend series operator')).toHaveCount(0);

      const box = await plot.boundingBox();
      expect(box).not.toBeNull();
      await page.mouse.move((box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2);
      await expect(page.getByText(/^\d+\.\d pH$/).first()).toBeVisible();
      await expect(page.getByText('treated_ph').nth(1)).toBeVisible();
      expect(pageProblems).toEqual([]);
    });

    test('a text panel shows its Markdown as elements, without scripts or script links', async ({
      page,
      pageProblems,
    }) => {
      await openPanel(
        page,
        'text',
        {
          title: 'Runbook',
          options: {
            mode: 'markdown',
            content: [
              '## Isolating the DMZ',
              '',
              'Follow the **OT engineer** on call; see [the runbook](https://example.com/runbook).',
              '',
              '<a href="javascript:window.clicked=1">unsafe link</a> <img src="x" onerror="window.failed=1">',
              '<script>window.ran = 1</script>',
            ].join('\n'),
          },
        },
        theme
      );
      const content = page.getByTestId('TextPanel-converted-content');

      await expect(content.getByRole('heading', { name: 'Isolating the DMZ' })).toBeVisible();
      await expect(content.locator('strong')).toHaveText('OT engineer');
      await expect(content.getByRole('link', { name: 'the runbook' })).toHaveAttribute(
        'href',
        'https://example.com/runbook'
      );
      await expect(content.locator('a[href^="javascript"]')).toHaveCount(0);
      await expect(content.locator('script, [onerror]')).toHaveCount(0);
      expect(await page.evaluate(() => Object.keys(window).filter((key) => ['ran', 'failed'].includes(key)))).toEqual(
        []
      );
      expect(pageProblems).toEqual([]);
    });

    test('a node graph panel draws the nodes and edges of its frames', async ({ page, pageProblems }) => {
      await openPanel(
        page,
        'nodeGraph',
        {
          title: 'Zones',
          frames: [
            {
              name: 'nodes',
              fields: [
                { name: 'id', type: 'string', values: ['enterprise', 'dmz', 'control'] },
                { name: 'title', type: 'string', values: ['Enterprise', 'Industrial DMZ', 'Basic control'] },
                { name: 'mainstat', type: 'string', values: ['2 findings', 'no findings', '5 findings'] },
              ],
            },
            {
              name: 'edges',
              fields: [
                { name: 'id', type: 'string', values: ['e1', 'e2'] },
                { name: 'source', type: 'string', values: ['enterprise', 'dmz'] },
                { name: 'target', type: 'string', values: ['dmz', 'control'] },
              ],
            },
          ],
        },
        theme
      );
      const panel = page.locator('[data-testid="host-panel"][data-panel-type="nodeGraph"]');

      await expect(panel.getByRole('img', { name: 'Node graph of 3 nodes and 2 edges' })).toBeVisible();
      // The SVG's own text, not the hover titles that repeat it.
      await expect(panel.locator('text').filter({ hasText: /^Industrial DMZ$/ })).toBeVisible();
      await expect(panel.locator('text').filter({ hasText: /^5 findings$/ })).toBeVisible();
      await expect(panel.getByTestId('host-node-graph-edge')).toHaveCount(2);
      expect(pageProblems).toEqual([]);
    });
  });
}

test('a panel type the host does not draw says so in the panel, with what its data holds', async ({
  page,
  pageProblems,
}) => {
  await openPanel(
    page,
    'piechart',
    { title: 'Protocols', frames: [{ fields: [{ name: 'share', type: 'number', values: [1, 2, 3] }] }] },
    'dark'
  );
  const placeholder = page.getByTestId('host-placeholder-panel');

  await expect(placeholder).toContainText('Grafana core panel piechart: not part of the test host.');
  await expect(placeholder).toContainText('1 frame and 3 rows');
  expect(pageProblems).toEqual([]);
});
