import { expect, openPage, test } from './hostTest';
import { expectNoPlaceholders, expectPanelDrawsData, provisionedDashboards, shownPanels } from './panelsDrawn';

// Every dashboard the provisioning ships, over the simulated plant: each panel, the suite's and Grafana's core
// ones alike, draws the data its queries return, in both themes.
for (const dashboard of provisionedDashboards()) {
  test.describe(`the provisioned dashboard "${dashboard.title}" (${dashboard.file})`, () => {
    for (const theme of ['dark', 'light'] as const) {
      test(`draws every panel with its data in the ${theme} theme`, async ({ page, pageProblems }) => {
        await openPage(page, `/d/${dashboard.uid}`, { theme });
        await page.getByTestId('host-dashboard').waitFor();

        for (const panel of shownPanels(dashboard.panels)) {
          await expectPanelDrawsData(page, panel);
        }
        await expectNoPlaceholders(page);
        expect(pageProblems).toEqual([]);
      });
    }
  });
}
