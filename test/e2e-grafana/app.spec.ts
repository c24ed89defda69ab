import { expect, test } from '@grafana/plugin-e2e';

const PAGES = [
  ['incidents', 'Incidents'],
  ['detection-rules', 'Detection rules'],
  ['zone-model', 'Zone model'],
] as const;

test.describe('the Conduit app in Grafana', () => {
  for (const [path, title] of PAGES) {
    test(`shows its ${title} page`, async ({ gotoAppPage, page }) => {
      await gotoAppPage({ pluginId: 'conduit-itot-app', path: `/${path}` });
      await expect(page.getByRole('heading', { name: title })).toBeVisible();
    });
  }
});
