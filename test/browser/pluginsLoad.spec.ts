import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readSharedDependencies } from '../host/sharedModules';
import { REPO_ROOT } from '../host/build-shared';
import { expect, openPage, test } from './hostTest';

interface PluginJson {
  id: string;
  type: string;
}

function suitePlugins(): PluginJson[] {
  const dist = join(REPO_ROOT, 'app-plugin', 'dist');
  const app = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8')) as PluginJson & {
    includes: Array<{ type: string; path?: string }>;
  };
  const nested = app.includes
    .filter((include) => include.type === 'datasource' || include.type === 'panel')
    .map((include) => JSON.parse(readFileSync(join(dist, include.path ?? ''), 'utf8')) as PluginJson);
  return [app, ...nested];
}

const EXPORTED_CLASS: Record<string, string> = {
  app: 'AppPlugin',
  datasource: 'DataSourcePlugin',
  panel: 'PanelPlugin',
};

test.describe('every plugin of the suite loads as Grafana loads it', () => {
  test('the host shares exactly the modules Grafana shares with plugins', async ({ page, pageProblems }) => {
    await openPage(page, '/');
    const started = await page.evaluate(() => window.__conduitHostStarted);

    expect(started?.sharedModules.sort()).toEqual(readSharedDependencies(REPO_ROOT).sort());
    expect(pageProblems).toEqual([]);
  });

  test('each plugin of the suite imports through SystemJS and exports its plugin class', async ({
    page,
    pageProblems,
  }) => {
    await openPage(page, '/');
    for (const plugin of suitePlugins()) {
      const exported = await page.evaluate(async (id) => {
        try {
          const module = (await System.import(`/public/plugins/${id}/module.js`)) as { plugin?: object };
          const grafanaData = (await System.import('@grafana/data')) as Record<
            string,
            new (...args: never[]) => object
          >;
          const kinds = ['AppPlugin', 'DataSourcePlugin', 'PanelPlugin'];
          return kinds.find((kind) => module.plugin instanceof grafanaData[kind]) ?? 'no plugin class';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      }, plugin.id);
      expect.soft(exported, `${plugin.id} (${plugin.type})`).toBe(EXPORTED_CLASS[plugin.type]);
    }
    expect(pageProblems).toEqual([]);
  });
});
