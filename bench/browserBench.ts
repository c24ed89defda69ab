/**
 * What the benches that draw in Chromium share: the browser as the tests start it, a bundle of a bench page (a
 * module that sets up its canvas work on `window`).
 */
import { join } from 'node:path';

import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

// npm run bench runs every bench from the repository root, and bundles each file elsewhere.
const ROOT = process.cwd();
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A bench page (a path from the repository root) bundled for the browser, the core from its sources. */
export async function benchPageScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    minify: true,
    alias: { '@conduit/core': join(ROOT, 'core/src/index.ts') },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** An empty page of Chromium with the bench page loaded; the browser closes when `work` settles. */
export async function onBenchPage<T>(entry: string, work: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ content: await benchPageScript(entry) });
    return await work(page);
  } finally {
    await browser.close();
  }
}
