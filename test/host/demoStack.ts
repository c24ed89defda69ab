import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { type AuthenticatedInfluxd, startInfluxdWithAuth } from '../helpers/influxd';
import { REPO_ROOT } from './build-shared';
import type { HostServerOptions } from './server';

/** The demo stack's databases (docker-compose.yml, provisioning/datasources/conduit.yaml). */
export const IT_DATABASE = 'conduit_it';
export const OT_DATABASE = 'conduit_ot';

export interface Stores {
  it: AuthenticatedInfluxd;
  ot: AuthenticatedInfluxd;
  stop(): Promise<void>;
}

/**
 * Two private influxd stores with the demo databases, on free loopback ports, with authentication as the demo
 * stack runs them: the simulator writes as a user with WRITE only, Grafana reads as a user with READ only.
 */
export async function startStores(): Promise<Stores> {
  const [it, ot] = await Promise.all([
    startInfluxdWithAuth({ databases: [IT_DATABASE] }),
    startInfluxdWithAuth({ databases: [OT_DATABASE] }),
  ]);
  return { it, ot, stop: async () => void (await Promise.all([it.stop(), ot.stop()])) };
}

const SIMULATOR = join(REPO_ROOT, 'simulator', 'bin', 'conduit-sim.js');

function simulatorArgs(stores: Stores, labelsFile: string): string[] {
  return [
    '--it-url',
    stores.it.users.writer.url,
    '--it-db',
    IT_DATABASE,
    '--ot-url',
    stores.ot.users.writer.url,
    '--ot-db',
    OT_DATABASE,
    '--labels',
    labelsFile,
  ];
}

function ensureSimulatorBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'simulator', 'dist', 'cli.js'))) {
    throw new Error('simulator/dist is missing: run npm run build (npm run build:node builds the simulator)');
  }
}

export interface BackfillOptions {
  seed?: number;
  /** End of the range, in the simulator's forms (`now`, epoch ms). */
  to?: string;
  /** Where the scenarios start playing (`--scenario-from`); by default after the range's quiet part. */
  scenarioFrom?: string;
  /** Pass the simulator's progress line and summary through to this process's terminal (npm run preview). */
  progress?: boolean;
}

/** `conduit-sim backfill` of a past range into both stores; resolves when it is done, rejects on failure. */
export function backfill(
  stores: Stores,
  from: string,
  labelsFile: string,
  { seed = 1, progress = false, to = 'now', scenarioFrom }: BackfillOptions = {}
): Promise<void> {
  ensureSimulatorBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        SIMULATOR,
        'backfill',
        '--from',
        from,
        '--to',
        to,
        ...(scenarioFrom === undefined ? [] : ['--scenario-from', scenarioFrom]),
        '--seed',
        String(seed),
        ...(progress ? [] : ['--quiet']),
        ...simulatorArgs(stores, labelsFile),
      ],
      // With progress, stderr stays the terminal, so the simulator redraws its line in place.
      { stdio: ['ignore', 'ignore', progress ? 'inherit' : 'pipe'] }
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const said = progress ? 'its messages are above' : stderr.trim();
      return code === 0 ? resolve() : reject(new Error(`conduit-sim backfill exited with ${code}: ${said}`));
    });
  });
}

/** `conduit-sim live` into both stores until the returned process is stopped. */
export function live(stores: Stores, scenario: string, span: string, labelsFile: string): ChildProcess {
  ensureSimulatorBuilt();
  return spawn(
    process.execPath,
    [SIMULATOR, 'live', '--scenario', scenario, '--span', span, ...simulatorArgs(stores, labelsFile)],
    { stdio: ['ignore', 'inherit', 'inherit'] }
  );
}

/** Whether the provisioned Conduit datasource already carries a zone model (e.g. through `$__file{}`). */
function provisionedZoneModel(): boolean {
  const file = join(REPO_ROOT, 'provisioning', 'datasources', 'conduit.yaml');
  if (!existsSync(file)) {
    return false;
  }
  const parsed = parse(readFileSync(file, 'utf8')) as {
    datasources?: Array<{ uid?: string; jsonData?: Record<string, unknown> }>;
  };
  return Boolean(parsed.datasources?.find((ds) => ds.uid === 'conduit-telemetry')?.jsonData?.zoneModel);
}

/**
 * What an admin changes in the provisioned datasources to point them at these stores instead of the
 * docker-compose hosts: the store URLs, the reader's credentials (as Basic credentials: the test stores run
 * InfluxDB 1.6, which predates the Token scheme the provisioning uses), and the plant's zone model when the
 * provisioning does not carry one.
 */
export function dataSourceEditsFor(stores: Stores): NonNullable<HostServerOptions['dataSourceEdits']> {
  const zoneModel = provisionedZoneModel()
    ? {}
    : { zoneModel: readFileSync(join(REPO_ROOT, 'provisioning', 'zone-model.yaml'), 'utf8') };
  const { it, ot } = stores;
  return {
    'conduit-telemetry': {
      jsonData: {
        itUrl: it.url,
        itAuth: 'password',
        itUser: it.users.reader.name,
        otUrl: ot.url,
        otAuth: 'password',
        otUser: ot.users.reader.name,
        ...zoneModel,
      },
      secureJsonData: {
        itBasicAuth: it.users.reader.basicCredentials,
        itToken: '',
        otBasicAuth: ot.users.reader.basicCredentials,
        otToken: '',
      },
    },
    'conduit-it-influx': {
      url: it.url,
      user: it.users.reader.name,
      secureJsonData: { password: it.users.reader.password },
    },
    'conduit-ot-influx': {
      url: ot.url,
      user: ot.users.reader.name,
      secureJsonData: { password: ot.users.reader.password },
    },
  };
}

const ANALYZER = join(REPO_ROOT, 'cli', 'bin', 'conduit-analyze.js');

/**
 * `conduit-analyze` over both stores as the demo stack runs it, followed by `extra` (`--once` or `--follow` and
 * its range): the demo plant's model, reading as the READ-only user and writing its findings, chains, risk and
 * passes (the `conduit_*` measurements) back as the OT store's WRITE-only user.
 */
export function analyzerCommand(stores: Stores, extra: readonly string[]): string[] {
  return [
    ANALYZER,
    '--model',
    join(REPO_ROOT, 'provisioning', 'zone-model.yaml'),
    '--it-url',
    stores.it.users.reader.url,
    '--it-db',
    IT_DATABASE,
    '--ot-url',
    stores.ot.users.reader.url,
    '--ot-db',
    OT_DATABASE,
    '--write-url',
    stores.ot.users.writer.url,
    ...extra,
  ];
}

/**
 * `conduit-analyze --follow` over both stores from `from` on, a pass every `interval` one minute behind, as the demo
 * stack runs it; after the passes stored already it resumes where they stopped. Its messages go to `stderr` (the
 * terminal, or an open file); `extra` adds flags. Runs until the returned process is stopped.
 */
export function followAnalyzer(
  stores: Stores,
  from: string,
  interval: string,
  stderr: 'inherit' | number = 'inherit',
  extra: readonly string[] = []
): ChildProcess {
  return spawn(
    process.execPath,
    analyzerCommand(stores, ['--follow', '--from', from, '--interval', interval, '--lag', '1m', ...extra]),
    { stdio: ['ignore', stderr, stderr] }
  );
}

/**
 * `conduit-analyze --once` over a past range of both stores, as the analyzer service would have covered it.
 * Resolves when it is done, rejects on failure.
 */
export function analyzeOnce(stores: Stores, from: string, to = 'now'): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'cli', 'dist', 'analyzeCommand.js'))) {
    throw new Error('cli/dist is missing: run npm run build (npm run build:node builds the command-line tools)');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      analyzerCommand(stores, ['--once', '--from', from, '--to', to, '--format', 'json']),
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`conduit-analyze --once exited with ${code}: ${stderr.trim()}`))
    );
  });
}
