import { selectors as grafanaSelectors } from '@grafana/e2e-selectors';

import { startInfluxdWithAuth } from '../helpers/influxd';
import { OT_DATABASE } from '../host/demoStack';
import { browserStack } from './browserStack';
import { expect, openPage, test } from './hostTest';

const saveAndTest = grafanaSelectors.pages.DataSource.saveAndTest;

test.describe('the datasource settings page', () => {
  test('Save & test reports both stores and the zone model healthy', async ({ page, pageProblems, saveScreenshot }) => {
    await openPage(page, '/plugins/conduit-telemetry-datasource/config');
    await page.getByTestId(saveAndTest).click();

    const result = page.getByTestId('host-test-result').getByTestId('data-testid Alert success');
    await expect(result).toBeVisible();
    await expect(result).toContainText('IT store');
    await expect(result).toContainText('OT store');
    await saveScreenshot('datasource-config-dark');
    expect(pageProblems).toEqual([]);
  });

  test.describe(() => {
    // The stopped store's requests fail with 502 from the data proxy, which the browser logs.
    test.use({ allowedFailures: [/\/api\/datasources\/proxy\/uid\/[^/]+\/ot\//] });

    test('Save & test names the OT store once that store is stopped', async ({ page, request, pageProblems }) => {
      // A datasource of this test's own, whose OT store is a private influxd: the shared stores stay up.
      const ot = await startInfluxdWithAuth({ databases: [OT_DATABASE] });
      const shared = browserStack().dataSourceEdits['conduit-telemetry'].secureJsonData ?? {};
      const created = await request.post('/api/datasources', {
        data: {
          name: `Conduit OT outage ${test.info().project.name}`,
          type: 'conduit-telemetry-datasource',
          access: 'proxy',
          jsonData: { ...(await (await request.get('/api/datasources/uid/conduit-telemetry')).json()).jsonData },
          secureJsonData: { itBasicAuth: shared.itBasicAuth },
        },
      });
      expect(created.status()).toBe(200);
      const { datasource } = (await created.json()) as { datasource: { uid: string } };

      await openPage(page, `/connections/datasources/edit/${datasource.uid}`);
      // The admin points the OT store at the private influxd and signs in as its reader, as one would in Grafana.
      await page.getByTestId('conduit-config-ot-url').fill(ot.url);
      await page.getByTestId('conduit-config-ot-user').fill(ot.users.reader.name);
      await page.getByTestId('conduit-config-ot-password').fill(ot.users.reader.password);
      await page.getByTestId(saveAndTest).click();
      await expect(page.getByTestId('host-test-result').getByTestId('data-testid Alert success')).toContainText(
        `OT store (${ot.url}): connected, database "${OT_DATABASE}", read only`
      );

      await ot.stop();
      await page.getByTestId(saveAndTest).click();
      const failure = page.getByTestId('host-test-result').getByTestId('data-testid Alert error');
      await expect(failure).toBeVisible();
      // The datasource's message names the failed part first; its details list every part.
      await expect(failure).toContainText(/^\s*OT store/);
      expect(pageProblems).toEqual([]);
    });
  });
});
