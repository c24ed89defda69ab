import type { Locator, Page } from '@playwright/test';

import { expect, openPage, test } from './hostTest';
import { expectNoPlaceholders, expectPanelDrawsData, isDrawnCorePanel, provisionedDashboards } from './panelsDrawn';

const DASHBOARD = '/d/conduit-overview';

/** What each of the suite's panels draws once it has the simulator's data. */
const SUITE_PANELS: Array<{ type: string; drawn: (panel: Locator) => Locator }> = [
  {
    type: 'conduit-zonetopology-panel',
    drawn: (panel) => panel.getByRole('application', { name: /^Zone topology map/ }),
  },
  { type: 'conduit-riskheatmap-panel', drawn: (panel) => panel.getByRole('grid', { name: 'Risk matrix' }) },
  {
    type: 'conduit-anomalytimeline-panel',
    drawn: (panel) =>
      panel.getByRole('grid', { name: 'Anomaly timeline' }).getByTestId('anomaly-timeline-lane').first(),
  },
];

function panelOfType(page: Page, type: string): Locator {
  return page.locator(`[data-testid="host-panel"][data-panel-type="${type}"]`);
}

/** Every suite panel finished, has data and drew it; so did Grafana's core panels, which the host draws too. */
async function expectPanelsDrawn(page: Page): Promise<void> {
  await expect(page.getByTestId('host-dashboard')).toBeVisible();
  for (const { type, drawn } of SUITE_PANELS) {
    const panel = panelOfType(page, type);
    await expect.soft(panel, `${type} finished its queries`).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
    await expect.soft(panel.getByTestId('data-testid Panel data error message'), `${type} has data`).toHaveCount(0);
    await expect.soft(drawn(panel), `${type} drew its picture`).toBeVisible();
    await expect.soft(panel.getByTestId('host-error'), `${type} rendered`).toHaveCount(0);
  }
  const overview = provisionedDashboards().find((dashboard) => `/d/${dashboard.uid}` === DASHBOARD);
  for (const panel of overview?.panels.filter((candidate) => isDrawnCorePanel(candidate.type)) ?? []) {
    await expectPanelDrawsData(page, panel);
  }
  await expectNoPlaceholders(page);
}

test.describe('the overview dashboard over simulated plant data', () => {
  test('each panel draws the simulator data its query returns', async ({ page, pageProblems, saveScreenshot }) => {
    await openPage(page, DASHBOARD, { theme: 'dark' });
    await expectPanelsDrawn(page);
    // The findings table shows what an operator scans, newest first; the rest of each finding is in Inspect > Data.
    const findings = panelOfType(page, 'table');
    await expect(findings.getByRole('columnheader')).toHaveText([
      'Start',
      'Severity',
      'Score',
      'Finding',
      'Zone',
      'Asset',
      'Technique',
    ]);
    const starts = await findings
      .getByRole('row')
      .evaluateAll((rows) =>
        rows.flatMap((row) => row.querySelector('[role="cell"], [role="gridcell"]')?.textContent ?? [])
      );
    expect(starts.length).toBeGreaterThan(1);
    expect([...starts].sort().reverse()).toEqual(starts);
    await saveScreenshot('overview-dark');
    expect(pageProblems).toEqual([]);
  });

  test('the dashboard renders in the light theme', async ({ page, pageProblems, saveScreenshot }) => {
    await openPage(page, DASHBOARD, { theme: 'light' });
    expect(await page.evaluate(() => document.body.className)).toContain('theme-light');
    await expectPanelsDrawn(page);
    await saveScreenshot('overview-light');
    expect(pageProblems).toEqual([]);
  });
});
