/**
 * `npm run preview`: the suite without Docker. Two private InfluxDB stores in a temporary folder, an hour of
 * plant history (or as much as --history asks for), the simulator running live with an attack scenario, the
 * analyzer writing findings back, and the browser test host standing in for Grafana with the overview
 * dashboard. Ctrl-C stops everything and removes the stores' data.
 *
 *   npm run preview -- [--history 1h] [--scenario it-ot-intrusion] [--span 10m] [--port 3000]
 *                      [--flavour grafana12|grafana13]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureShared, isFlavour, REPO_ROOT } from '../test/host/build-shared';
import {
  backfill,
  dataSourceEditsFor,
  followAnalyzer,
  IT_DATABASE,
  live,
  OT_DATABASE,
  type Stores,
  startStores,
} from '../test/host/demoStack';
import { type RunningHostServer, startHostServer } from '../test/host/server';
import { dashboardRangeQuery, DEFAULT_HISTORY, type History, historyWords, parseHistory } from './previewHistory';

function flag(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const index = args.indexOf(name);
  if (index === -1) {
    return fallback;
  }
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) {
    throw new Error(`${name} needs a value, e.g. ${name} ${fallback}`);
  }
  return value;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function startHost(options: Parameters<typeof startHostServer>[0]): Promise<RunningHostServer> {
  try {
    return await startHostServer(options);
  } catch (error) {
    if (error instanceof Error && /EADDRINUSE/.test(error.message)) {
      say(`Port ${options.port} is taken; using a free port instead.`);
      return startHostServer({ ...options, port: 0 });
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const flavour = flag('--flavour', 'grafana12');
  // Checked before anything starts: a mistyped history must not cost a minute of start-up first.
  const history = parseHistory(flag('--history', DEFAULT_HISTORY));
  const scenario = flag('--scenario', 'it-ot-intrusion');
  // The scenario starts after the quiet first part of its span: a short span shows it within minutes.
  const span = flag('--span', '10m');
  const port = Number(flag('--port', process.env.PORT ?? '3000'));
  if (!isFlavour(flavour)) {
    throw new Error(`--flavour must be grafana12 or grafana13, not ${flavour}`);
  }
  for (const built of ['app-plugin/dist/module.js', 'simulator/dist/cli.js', 'cli/dist/analyzeCommand.js']) {
    if (!existsSync(join(REPO_ROOT, built))) {
      throw new Error(`${built} is missing: run npm ci && npm run build first`);
    }
  }

  say(`Installing the ${flavour} runtime if needed (first time: about a minute and 600 MB)...`);
  execFileSync('bash', [join(REPO_ROOT, 'test', 'host', 'install-flavours.sh'), flavour], { stdio: 'inherit' });
  await ensureShared(flavour);

  say('Starting the IT and OT InfluxDB stores...');
  const stores = await startStores();
  const work = mkdtempSync(join(tmpdir(), 'conduit-preview-'));
  let simulator: ReturnType<typeof live> | undefined;
  let analysis: ChildProcess | undefined;
  let host: RunningHostServer | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    say('\nStopping the simulator, the host and the stores...');
    simulator?.kill('SIGTERM');
    analysis?.kill('SIGTERM');
    await host?.stop();
    await stores.stop();
    rmSync(work, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    say(`Writing ${historyWords(history)} of plant history: a quiet first part, then every scenario...`);
    await backfill(stores, `-${history.text}`, join(work, 'backfill-labels.json'), { progress: true });
    say(`Running the plant live with the scenario ${scenario} over the next ${span}...`);
    simulator = live(stores, scenario, span, join(work, 'live-labels.json'));
    simulator.once('exit', (code, signal) => {
      // Ctrl-C reaches the simulator too; only an exit of its own is a failure.
      const failed = code !== 0 && signal === null;
      if (failed) {
        console.error(`conduit-sim live stopped (exit code ${code})`);
      }
      void stop(failed ? 1 : 0);
    });
    say('Starting the analyzer, which writes findings back to the OT store every minute...');
    analysis = followAnalyzer(stores, `now-${history.text}`, '1m');
    host = await startHost({ flavour, port, dataSourceEdits: dataSourceEditsFor(stores) });
    say('');
    say(`Conduit preview (${flavour}: Grafana ${host.grafanaVersion} stand-in) is up:`);
    say(`  overview dashboard  ${host.url}/d/conduit-overview${dashboardRangeQuery(history)}`);
    say(`  incidents app       ${host.url}/a/conduit-itot-app`);
    say(`  datasource settings ${host.url}/connections/datasources/edit/conduit-telemetry`);
    say(`  light theme, roles  add theme=light or role=Viewer to any page's URL parameters`);
    say('Press Ctrl-C to stop.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
