import { type ChildProcess, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { detectionConfig, learningObservationRange, parseZoneModel } from '@conduit/core';

import { ensureShared, FLAVOURS, type Flavour, REPO_ROOT } from '../host/build-shared';
import { analyzeOnce, backfill, dataSourceEditsFor, followAnalyzer, startStores } from '../host/demoStack';
import { startHostServer } from '../host/server';
import { type BrowserStack, STACK_VARIABLE } from './browserStack';

/** How often the analyzer that follows the stores during the tests runs a pass. */
const FOLLOW_INTERVAL = '5m';

/** Where the scenarios play: the last minutes of the history, inside every dashboard's default range. */
const SCENARIO_FROM = '-90m';

/** The overview dashboard's default range, `now-<hours>h` to now, in milliseconds. */
function overviewRangeMs(): number {
  const file = join(REPO_ROOT, 'provisioning', 'dashboards', 'conduit-overview.json');
  const { time } = JSON.parse(readFileSync(file, 'utf8')) as { time: { from: string } };
  const hours = /^now-(\d+)h$/.exec(time.from);
  if (hours === null) {
    throw new Error(`the overview dashboard's range starts at ${time.from}; expected now-<hours>h`);
  }
  return Number(hours[1]) * 3_600_000;
}

/**
 * Where the stores' history starts: early enough that every learning period the overview's range touches has
 * its whole learning window, as on a plant monitored for days. A shorter history makes what the tests see
 * depend on the hour: soon after a period starts, it is judged against the few minutes of the period before.
 */
function historyFrom(shown: { from: number; to: number }): number {
  const parsed = parseZoneModel(readFileSync(join(REPO_ROOT, 'provisioning', 'zone-model.yaml'), 'utf8'));
  if (!parsed.ok) {
    throw new Error(`provisioning/zone-model.yaml is not a valid zone model: ${parsed.problems[0]?.message}`);
  }
  return learningObservationRange(shown, detectionConfig(parsed.model)).from;
}

/**
 * Everything the browser tests share: both runtime flavours installed and their shared scripts built, the
 * built plugins present, an IT and an OT influxd with one to two simulated days (historyFrom), the analyzer's
 * records of the overview's range and the analyzer following them, and one host per flavour on a free port.
 * Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  if (!existsSync(join(REPO_ROOT, 'app-plugin', 'dist', 'module.js'))) {
    throw new Error('app-plugin/dist is missing: run npm run build first');
  }
  execFileSync('bash', [join(REPO_ROOT, 'test', 'host', 'install-flavours.sh')], { stdio: 'inherit' });
  const results = join(REPO_ROOT, 'test-results');
  mkdirSync(results, { recursive: true });
  let follower: ChildProcess | undefined;
  const stopFollower = async (): Promise<void> => {
    if (follower !== undefined && follower.exitCode === null && follower.signalCode === null) {
      const exited = once(follower, 'exit');
      follower.kill('SIGTERM');
      await exited;
    }
  };
  const [stores, ...builds] = await Promise.all([startStores(), ...FLAVOURS.map((flavour) => ensureShared(flavour))]);
  try {
    const now = Date.now();
    const shown = { from: now - overviewRangeMs(), to: now };
    await backfill(stores, String(historyFrom(shown)), join(results, 'browser-labels.json'), {
      to: String(now),
      scenarioFrom: SCENARIO_FROM,
    });
    // The analyzer's records of the overview's range, as the service would have written them; then the service
    // follows, so the dashboards keep leaving the latest minutes to it as they would on a monitored plant.
    await analyzeOnce(stores, String(shown.from), String(now));
    const followerLog = openSync(join(results, 'browser-analyzer.log'), 'w');
    // Its first pass reads a day or two of aggregates while the browsers load the stores too: on two cores that can
    // take minutes, which the default store timeout would cut short again and again.
    follower = followAnalyzer(stores, String(shown.from), FOLLOW_INTERVAL, followerLog, ['--store-timeout', '10m']);
    closeSync(followerLog);
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
      await stopFollower();
      await stores.stop();
    };
  } catch (error) {
    await stopFollower();
    await stores.stop();
    throw error;
  }
}
