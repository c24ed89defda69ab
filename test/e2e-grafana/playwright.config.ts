import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig } from '@playwright/test';
import { dirname, join } from 'node:path';

/**
 * The browser journeys against a real Grafana: the docker-compose stack (docker-compose.yml), which needs
 * Docker. Start it first (`npm run build && docker-compose up -d`), then `npm run e2e:grafana`.
 * GRAFANA_URL points elsewhere (default http://localhost:3000); the admin password is GF_SECURITY_ADMIN_PASSWORD
 * (default admin), as docker-compose sets it. CI here has no Docker and does not run these.
 */
const root = join(__dirname, '..', '..');
const pluginE2eAuth = join(dirname(require.resolve('@grafana/plugin-e2e')), 'auth');

export default defineConfig<PluginOptions>({
  testDir: __dirname,
  outputDir: join(root, 'test-results', 'e2e-grafana'),
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: process.env.GRAFANA_URL ?? 'http://localhost:3000',
    grafanaAPICredentials: { user: 'admin', password: process.env.GF_SECURITY_ADMIN_PASSWORD ?? 'admin' },
    provisioningRootDir: join(root, 'provisioning'),
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    // plugin-e2e signs in as the admin once and saves the session for the tests.
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'grafana',
      testMatch: /.*\.spec\.ts/,
      use: { storageState: join(root, 'playwright', '.auth', 'admin.json') },
      dependencies: ['auth'],
    },
  ],
});
