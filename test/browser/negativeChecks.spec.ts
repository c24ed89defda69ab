import { join } from 'node:path';

import { REPO_ROOT } from '../host/build-shared';
import { type RunningHostServer, startHostServer } from '../host/server';
import { browserStack } from './browserStack';
import { BUNDLED_JSX_PANEL, BUNDLED_REACT_PANEL, buildBundledReactPlugins } from './fixtures/bundledReactPlugins';
import { expect, openPage, test } from './hostTest';

// These tests want the plugin to fail: the failure is the result, so the page's errors are expected.
test.use({ expectPageProblems: true });

test.describe('a host without @grafana/data among its shared modules', () => {
  let host: RunningHostServer;

  test.beforeAll(async ({ flavour }) => {
    host = await startHostServer({
      flavour,
      omitSharedModules: ['@grafana/data'],
      dataSourceEdits: browserStack().dataSourceEdits,
    });
  });

  test.afterAll(async () => host?.stop());

  test('fails to load a suite panel, naming the missing module', async ({ page }) => {
    await openPage(page, `${host.url}/d/conduit-overview`);
    const topology = page.locator('[data-testid="host-panel"][data-panel-type="conduit-zonetopology-panel"]');
    await expect(topology.getByTestId('host-error')).toContainText("Unable to resolve bare specifier '@grafana/data'");
    const errors = await page.evaluate(() => window.__conduitHostErrors ?? []);
    test.info().annotations.push({ type: 'host error', description: errors[0] });
    expect(errors.join('\n')).toContain('SystemJS Error#8');
  });
});

test.describe('a panel that bundles React', () => {
  let host: RunningHostServer;

  test.beforeAll(async ({ flavour }) => {
    const fixtures = await buildBundledReactPlugins(join(REPO_ROOT, 'test-results', 'fixture-plugins', flavour));
    host = await startHostServer({ flavour, pluginDirs: [join(REPO_ROOT, 'app-plugin', 'dist'), fixtures] });
  });

  test.afterAll(async () => host?.stop());

  test('fails under either React when it calls a hook of its own React', async ({ page }) => {
    await openPage(page, `${host.url}/panel/${BUNDLED_REACT_PANEL}`);
    await expect(page.getByTestId('host-error')).toBeVisible();
    const errors = (await page.evaluate(() => window.__conduitHostErrors ?? [])).join('\n');
    test.info().annotations.push({ type: 'host error', description: errors.split('\n')[0] });
    expect(errors).toMatch(
      /Invalid hook call|older version of React|Cannot read properties of null \(reading 'useState'\)/
    );
  });

  test('with only a bundled JSX runtime renders on React 18 and fails on React 19', async ({ page, flavour }) => {
    await openPage(page, `${host.url}/panel/${BUNDLED_JSX_PANEL}`);
    if (flavour === 'grafana12') {
      // React 18 elements are what React 18 renders: only the Grafana 13 flavour catches this mistake.
      await expect(page.getByTestId('bundled-jsx-panel')).toBeVisible();
      return;
    }
    await expect(page.getByTestId('host-error')).toContainText(
      'A React Element from an older version of React was rendered'
    );
    const errors = await page.evaluate(() => window.__conduitHostErrors ?? []);
    test.info().annotations.push({ type: 'host error', description: errors[0] });
  });
});
