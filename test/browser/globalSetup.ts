import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { ensureShared, FLAVOURS, type Flavour, REPO_ROOT } from '../host/build-shared';
import { analyzeOnce, backfill, dataSourceEditsFor, startStores } from '../host/demoStack';
import { startHostServer } from '../host/server';
import { type BrowserStack, STACK_VARIABLE } from './browserStack';

/** Hours of simulated plant the stores get before the tests: the overview dashboard shows the last six. */
const BACKFILL_FROM = '-3h';

/**
 * Everything the browser tests share: both runtime flavours installed and their shared scripts built, the
 * built plugins present, an IT and an OT influxd with a few simulated hours and the analyzer's records of
 * them, and one host per flavour on a free port. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  if (!existsSync(join(REPO_ROOT, 'app-plugin', 'dist', 'module.js'))) {
    throw new Error('app-plugin/dist is missing: run npm run build first');
  }
  execFileSync('bash', [join(REPO_ROOT, 'test', 'host', 'install-flavours.sh')], { stdio: 'inherit' });
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  const [stores, ...builds] = await Promise.all([startStores(), ...FLAVOURS.map((flavour) => ensureShared(flavour))]);
  try {
    await backfill(stores, BACKFILL_FROM, join(results, 'browser-labels.json'));
    // The analyzer's records, which the analyzer dashboard shows, as the service would have written them.
    await analyzeOnce(stores, `now${BACKFILL_FROM}`);
    const dataSourceEdits = dataSourceEditsFor(stores);
    const hosts = await Promise.all(FLAVOURS.map((flavour) => startHostServer({ flavour, dataSourceEdits })));
    const stack: BrowserStack = {
      hosts: Object.fromEntries(hosts.map((host) => [host.flavour, host.url])) as Record<Flavour, string>,
      itUrl: stores.it.url,
      otUrl: stores.ot.url,
      dataSourceEdits,
    };
    process.env[STACK_VARIABLE] = JSON.stringify(stack);
    const built = builds.filter((build) => build.built).map((build) => `${build.file} in ${build.ms} ms`);
    process.stdout.write(
      `browser stack ready in ${Date.now() - started} ms${built.length > 0 ? ` (built ${built.join(', ')})` : ''}\n`
    );
    return async () => {
      await Promise.all(hosts.map((host) => host.stop()));
      await stores.stop();
    };
  } catch (error) {
    await stores.stop();
    throw error;
  }
}
