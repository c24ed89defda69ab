import { expect, test } from '@grafana/plugin-e2e';

test.describe('the Conduit datasource in Grafana', () => {
  test('Save & test reaches both stores through the data proxy', async ({
    readProvisionedDataSource,
    gotoDataSourceConfigPage,
  }) => {
    const datasource = await readProvisionedDataSource({ fileName: 'conduit.yaml', name: 'Conduit Telemetry' });
    const configPage = await gotoDataSourceConfigPage(datasource.uid);

    // A frontend datasource has no /health endpoint: its check queries each store through the proxy.
    await configPage.saveAndTest({ path: `/api/datasources/proxy/uid/${datasource.uid}/ot/query` });

    await expect(configPage).toHaveAlert('success', { hasText: 'OT store' });
  });
});
