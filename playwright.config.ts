import { defineConfig } from '@playwright/test';

import type { HostWorkerFixtures } from './test/browser/hostTest';

/**
 * Browser tests of the built plugins in the test host (test/host), once per Grafana flavour:
 * grafana12 (@grafana/* 12.4 with React 18) and grafana13 (@grafana/* 13.2 with React 19).
 * Run with `npm run test:browser` after `npm run build`. Debian's Chromium, no browser download.
 */
export default defineConfig<HostWorkerFixtures>({
  testDir: 'test/browser',
  outputDir: 'test-results/browser',
  globalSetup: './test/browser/globalSetup.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/browser-report.json' }]],
  use: {
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
    // Traces cost CPU on every action; CONDUIT_TRACE=1 keeps one per failed test (npx playwright show-trace).
    trace: process.env.CONDUIT_TRACE === '1' ? 'retain-on-failure' : 'off',
  },
  projects: [
    // The Grafana API subset on its own, without a browser.
    { name: 'host-api', testMatch: /api\/.*\.spec\.ts/ },
    { name: 'grafana12', testIgnore: /api\//, use: { flavour: 'grafana12' } },
    { name: 'grafana13', testIgnore: /api\//, use: { flavour: 'grafana13' } },
  ],
});
