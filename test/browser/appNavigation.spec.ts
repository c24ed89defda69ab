import { expect, openPage, test } from './hostTest';

const APP = '/a/conduit-itot-app';

test.describe('the Conduit app', () => {
  test('opens on its default page and moves between its pages without reloading', async ({
    page,
    pageProblems,
    saveScreenshot,
  }) => {
    await openPage(page, APP);
    await expect(page.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
    // A full page load would lose this marker; Grafana's link interception keeps navigation in the app.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    for (const [link, path] of [
      ['Detection rules', 'detection-rules'],
      ['Zone model', 'zone-model'],
      ['Incidents', 'incidents'],
    ] as const) {
      await page.getByTestId('host-app-nav').getByRole('link', { name: link }).click();
      await expect(page).toHaveURL(new RegExp(`${APP}/${path}$`));
      await expect(page.getByRole('heading', { name: link, level: 1 })).toBeVisible();
      await expect(page.getByTestId('host-plugin-page')).toBeVisible();
    }
    expect(await page.evaluate(() => '__sameDocument' in window)).toBe(true);
    await saveScreenshot('app-navigation-dark');
    expect(pageProblems).toEqual([]);
  });

  test('renders its pages in the light theme', async ({ page, pageProblems, saveScreenshot }) => {
    await openPage(page, `${APP}/zone-model`, { theme: 'light' });
    await expect(page.getByRole('heading', { name: 'Zone model', level: 1 })).toBeVisible();
    // The provisioned datasource's model, read only, not an empty page.
    await expect(page.getByRole('region', { name: 'Zones' })).toContainText('Industrial DMZ');
    await expect(page.getByRole('region', { name: 'Conduits' })).toContainText('modbus');
    await expect(page.getByText('No zone model loaded')).toHaveCount(0);
    await saveScreenshot('app-zone-model-light');
    expect(pageProblems).toEqual([]);
  });
});
