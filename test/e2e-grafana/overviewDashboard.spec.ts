import { expect, test } from '@grafana/plugin-e2e';

test.describe('the overview dashboard in Grafana', () => {
  test('each of the suite panels draws the simulator data', async ({ gotoDashboardPage }) => {
    const dashboard = await gotoDashboardPage({ uid: 'conduit-overview' });

    const topology = dashboard.getPanelByTitle('Zone topology');
    await expect(topology.locator.getByRole('img', { name: /^Topology of/ })).toBeVisible();

    const risk = dashboard.getPanelByTitle('Risk matrix');
    await expect(risk.locator.getByRole('grid', { name: 'Risk matrix' })).toBeVisible();

    const timeline = dashboard.getPanelByTitle('Anomaly timeline');
    await expect(
      timeline.locator.getByRole('grid', { name: 'Anomaly timeline' }).getByTestId('anomaly-timeline-lane').first()
    ).toBeVisible();

    // Grafana's own table shows the findings the datasource returns.
    const findings = dashboard.getPanelByTitle('Findings');
    await expect(findings.locator.getByRole('row').nth(1)).toBeVisible();
  });
});
