import { type BrowserContext, expect, type Page, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Flavour } from '../host/build-shared';
import { browserStack } from './browserStack';

/** Console errors that are not failures: the fonts Grafana ships in its own build and no npm package carries. */
const HARMLESS = [/\/public\/fonts\//];

export interface HostFixtures {
  /** Base URL of the host of this project's flavour. */
  hostUrl: string;
  /** Page errors and console errors of the test so far (harmless font 404s left out). */
  pageProblems: string[];
  /** Set by tests that expect the page to fail (negative checks). */
  expectPageProblems: boolean;
  /** Requests a test expects to fail (e.g. to a store it stopped): their console errors are not problems. */
  allowedFailures: RegExp[];
  /** Saves a screenshot under test-results/screenshots/<flavour>-<name>.png. */
  saveScreenshot: (name: string) => Promise<void>;
}

export interface HostWorkerFixtures {
  flavour: Flavour;
  /**
   * One browser context per worker: its HTTP cache keeps the shared script, and Chromium then reuses the
   * compiled code, so each page load after the first costs a fraction. Pages set their role on every load.
   */
  workerContext: BrowserContext;
}

export const test = base.extend<HostFixtures, HostWorkerFixtures>({
  flavour: ['grafana12', { option: true, scope: 'worker' }],
  workerContext: [
    async ({ browser, flavour }, provide) => {
      const context = await browser.newContext({
        viewport: { width: 1600, height: 1000 },
        baseURL: browserStack().hosts[flavour],
      });
      await provide(context);
      await context.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ workerContext }, provide) => {
    const page = await workerContext.newPage();
    await provide(page);
    await page.close();
  },
  hostUrl: async ({ flavour }, provide) => {
    await provide(browserStack().hosts[flavour]);
  },
  baseURL: async ({ hostUrl }, provide) => {
    await provide(hostUrl);
  },
  expectPageProblems: [false, { option: true }],
  allowedFailures: [[], { option: true }],
  pageProblems: async ({ page, expectPageProblems, allowedFailures }, provide) => {
    const allowed = [...HARMLESS, ...allowedFailures];
    const problems: string[] = [];
    const failedUrls: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        failedUrls.push(response.url());
      }
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') {
        return;
      }
      const where = message.location().url;
      const resourceFailure = /^Failed to load resource/.test(message.text());
      const harmless = allowed.some(
        (pattern) => pattern.test(where) || (resourceFailure && failedUrls.some((url) => pattern.test(url)))
      );
      if (!harmless) {
        problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
      }
    });
    await provide(problems);
    if (!expectPageProblems) {
      expect(problems, 'the page logged errors').toEqual([]);
    }
  },
  saveScreenshot: async ({ page, flavour }, provide) => {
    const dir = join(__dirname, '..', '..', 'test-results', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await provide(async (name) => {
      // Queries still running would show as loading bars in the picture.
      await page.bringToFront();
      await page.waitForLoadState('networkidle');
      // The whole page in the viewport, then two animation frames: a full-page capture of a busy page can
      // return a frame painted before the data arrived.
      const viewport = page.viewportSize() ?? { width: 1600, height: 1000 };
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.screenshot({ path: join(dir, `${flavour}-${name}.png`) });
      await page.setViewportSize(viewport);
    });
  },
});

export { expect };

/** Opens a host page as a role and theme, and waits until the shared modules are registered. */
export async function openPage(page: Page, path: string, options: { role?: string; theme?: 'light' | 'dark' } = {}) {
  const absolute = /^https?:\/\//.test(path);
  const url = new URL(path, 'http://relative.invalid');
  // Always said, since the worker's pages share one session cookie.
  url.searchParams.set('role', options.role ?? 'Admin');
  if (options.theme) {
    url.searchParams.set('theme', options.theme);
  }
  await page.goto(absolute ? url.href : `${url.pathname}${url.search}`);
  await page.waitForFunction(() => window.__conduitHostStarted !== undefined);
}

declare global {
  interface Window {
    __conduitHostStarted?: { sharedModules: string[]; omitted: string[]; react: string };
    __conduitHostErrors?: string[];
  }
}
