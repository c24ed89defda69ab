import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from '@playwright/test';

import { REPO_ROOT } from '../host/build-shared';
import { expect } from './hostTest';

/** A panel of a provisioned dashboard, as the JSON stores it. */
export interface ProvisionedPanel {
  id: number;
  type: string;
  title?: string;
}

export interface ProvisionedDashboard {
  uid: string;
  title: string;
  file: string;
  panels: ProvisionedPanel[];
}

/** Every dashboard in provisioning/dashboards, as the host serves them at /d/<uid>. */
export function provisionedDashboards(): ProvisionedDashboard[] {
  const dir = join(REPO_ROOT, 'provisioning', 'dashboards');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Omit<ProvisionedDashboard, 'file'>;
      return { uid: json.uid, title: json.title, panels: json.panels ?? [], file: name };
    });
}

/** The panels a dashboard shows: rows are only headers, and a collapsed row keeps its panels inside it, hidden. */
export function shownPanels(panels: ProvisionedPanel[]): ProvisionedPanel[] {
  return panels.filter((panel) => panel.type !== 'row');
}

/**
 * What each Grafana core panel the host draws shows of its data, a locator that must be visible: a table row
 * below the header, a time series' canvas and legend of its series, a stat's value, a text's content, a node
 * graph's nodes.
 */
const CORE_PANEL_DATA: Record<string, Array<(panel: Locator) => Locator>> = {
  table: [(panel) => panel.getByRole('row').nth(1).getByRole('cell').first()],
  timeseries: [
    (panel) => panel.locator('[data-testid="uplot-main-div"] canvas'),
    (panel) => panel.locator('[data-testid^="data-testid VizLegend series"]').first(),
  ],
  // A value, which may be words (`dateTimeFromNow` reads "a minute ago"), and not the empty state.
  stat: [
    (panel) =>
      panel
        .getByTestId('data-testid panel content')
        .getByText(/^(?!\s*No data\s*$)\s*\S/)
        .first(),
  ],
  text: [(panel) => panel.getByTestId('TextPanel-converted-content').locator(':scope > *').first()],
  nodeGraph: [(panel) => panel.getByTestId('host-node-graph-node').first()],
};

export function isDrawnCorePanel(type: string): boolean {
  return type in CORE_PANEL_DATA;
}

export function hostPanel(page: Page, id: number): Locator {
  return page.locator(`[data-testid="host-panel"][data-panel-id="${id}"]`);
}

/**
 * A panel finished its queries, has data, rendered without error and, for a core panel, shows some of that
 * data. Soft expectations: every panel of a dashboard is checked even when one fails.
 */
export async function expectPanelDrawsData(page: Page, panel: ProvisionedPanel): Promise<void> {
  const name = `panel ${panel.id} "${panel.title ?? ''}" (${panel.type})`;
  const shown = hostPanel(page, panel.id);
  await expect.soft(shown, `${name} is drawn by the host`).toHaveCount(1);
  await expect.soft(shown, `${name} finished its queries`).toHaveAttribute('data-state', 'Done', { timeout: 60_000 });
  await expect.soft(shown.getByTestId('data-testid Panel data error message'), `${name} has data`).toHaveCount(0);
  await expect.soft(shown.getByTestId('host-error'), `${name} rendered`).toHaveCount(0);
  for (const drawn of CORE_PANEL_DATA[panel.type] ?? []) {
    await expect.soft(drawn(shown), `${name} shows its data`).toBeVisible();
  }
}

/** No panel on the page is one the host does not draw. */
export async function expectNoPlaceholders(page: Page): Promise<void> {
  await expect.soft(page.getByTestId('host-placeholder-panel')).toHaveCount(0);
  await expect.soft(page.getByText('not part of the test host')).toHaveCount(0);
}
