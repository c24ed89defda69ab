/**
 * The `conduit-sim` command: `backfill` a past range into the IT and OT stores, run the plant `live`,
 * or print the plant's zone `model`. Bad flags name the flag and exit 2; so does a store that is down
 * during a backfill.
 */
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { runBackfill, type CommandIo } from './backfillCommand';
import {
  formatHelp,
  integerFlag,
  parseFlags,
  textFlag,
  type CommandSpec,
  type FlagSpec,
  type FlagValues,
} from './cliFlags';
import { runLive } from './liveCommand';
import { DEFAULT_PLANT_SIZE, MAX_PLANT_SIZE, MIN_PLANT_SIZE, buildPlant } from './plant';
import { plantZoneModel, zoneModelYaml } from './plantZoneModel';
import { SCENARIO_IDS, type ScenarioId } from './scenarios/scenario';
import { SCENARIOS, parseScenarioList } from './scenarios/schedule';
import { StoreError, storeUrlProblem, type StoreTarget } from './storeWriter';
import { parseDuration, parseTime } from './timeRange';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const SEED: FlagSpec = {
  name: 'seed',
  value: 'N',
  default: '1',
  description: 'Seed of every random choice; the same seed writes the same data.',
};
const ASSETS: FlagSpec = {
  name: 'assets',
  value: 'N',
  default: String(DEFAULT_PLANT_SIZE),
  description: `Plant size in assets, ${MIN_PLANT_SIZE} to ${MAX_PLANT_SIZE}; larger plants get more treatment trains, HMIs and office workstations.`,
};
const STORE_FLAGS: FlagSpec[] = [
  {
    name: 'it-url',
    value: 'URL',
    default: 'http://localhost:8086',
    description: 'InfluxDB 1.x of the IT store (user:password@ in the URL if needed).',
  },
  {
    name: 'it-db',
    value: 'NAME',
    default: 'conduit_it',
    description: 'Database of the IT store (created if missing).',
  },
  { name: 'ot-url', value: 'URL', default: 'http://localhost:8086', description: 'InfluxDB 1.x of the OT store.' },
  {
    name: 'ot-db',
    value: 'NAME',
    default: 'conduit_ot',
    description: 'Database of the OT store (created if missing).',
  },
];
const BATCH: FlagSpec = { name: 'batch', value: 'N', default: '5000', description: 'Points per write request.' };
const CONCURRENCY: FlagSpec = {
  name: 'concurrency',
  value: 'N',
  default: '2',
  description: 'Write requests in flight per store.',
};
const LABELS: FlagSpec = {
  name: 'labels',
  value: 'FILE',
  default: './labels.json',
  description: 'Where the scenario labels (ScenarioLabelFile JSON) are written.',
};
const SCENARIO_NOTE = `Scenarios: ${SCENARIO_IDS.map((id) => `${id} (${SCENARIOS[id].summary})`).join('; ')}.`;

const BACKFILL: CommandSpec = {
  name: 'conduit-sim backfill',
  usage: 'conduit-sim backfill [--from TIME] [--to TIME] [flags]',
  summary:
    'Simulates a past time range as fast as the stores accept it, then writes the labels of the scenarios it played.',
  flags: [
    {
      name: 'from',
      value: 'TIME',
      default: '-1d',
      description: 'Start: now, a relative offset (-1d, -6h, -30m), an ISO date-time with a zone, or epoch ms.',
    },
    { name: 'to', value: 'TIME', default: 'now', description: 'End, in the same forms.' },
    SEED,
    ASSETS,
    {
      name: 'scenario',
      value: 'LIST',
      default: 'all',
      description:
        'Scenarios to play, comma-separated, or all, or none; spread over the range after its quiet baseline part.',
    },
    {
      name: 'scenario-from',
      value: 'TIME',
      description:
        'Play the scenarios from this time (same forms as --from) to --to instead, so a long history can end in them.',
    },
    ...STORE_FLAGS,
    LABELS,
    BATCH,
    CONCURRENCY,
    {
      name: 'dry-run',
      description: 'Print the points as line protocol (influx -import format) to stdout instead of writing them.',
    },
    { name: 'quiet', description: 'No progress line on stderr.' },
  ],
  notes: [
    "The first quarter of the range (and at least the detectors' default baseline: a day, at most half the range) stays quiet; each scenario then gets its own slot.",
    SCENARIO_NOTE,
    'Exit codes: 0 done, 1 unexpected failure, 2 bad flags or a store that cannot be reached or refuses a write.',
  ],
};

const LIVE: CommandSpec = {
  name: 'conduit-sim live',
  usage: 'conduit-sim live [flags]',
  summary:
    'Runs the plant in real time: every second the points of that second are written. Runs until Ctrl-C or SIGTERM; a store that is down is reported every 10 s and does not stop the plant.',
  flags: [
    SEED,
    ASSETS,
    {
      name: 'scenario',
      value: 'LIST',
      default: 'none',
      description: 'Scenarios to play, comma-separated, or all, or none.',
    },
    {
      name: 'span',
      value: 'DURATION',
      default: '6h',
      description: 'Scenarios are spread over this much time from the start (e.g. 90m, 6h, 2d), after its quiet part.',
    },
    ...STORE_FLAGS,
    LABELS,
    BATCH,
    CONCURRENCY,
  ],
  notes: [SCENARIO_NOTE],
};

const MODEL: CommandSpec = {
  name: 'conduit-sim model',
  usage: 'conduit-sim model [--assets N]',
  summary:
    "Prints the plant's zone and conduit model (IEC 62443) as YAML; provisioning/zone-model.yaml is its default-size output.",
  flags: [ASSETS],
};

const TOP_HELP = `Usage: conduit-sim <command> [flags]

A deterministic water-treatment plant that writes IT and OT telemetry, with labelled attack and fault scenarios.

Commands:
  backfill   Simulate a past range into the IT and OT stores as fast as they accept it.
  live       Run the plant in real time until stopped.
  model      Print the plant's zone and conduit model (YAML).

Run conduit-sim <command> --help for the flags of a command.
`;

class UsageError extends Error {}

function expect<T>(result: { value: T } | { error: string }): T {
  if ('error' in result) {
    throw new UsageError(result.error);
  }
  return result.value;
}

function flagged<T>(flag: string, result: { value: T } | { error: string }): T {
  if ('error' in result) {
    throw new UsageError(`--${flag}: ${result.error}`);
  }
  return result.value;
}

function common(flags: FlagValues): {
  seed: number;
  assets: number;
  it: StoreTarget;
  ot: StoreTarget;
  batchSize: number;
  concurrency: number;
} {
  const seed = expect(integerFlag(flags, 'seed', 0, 4294967295));
  const assets = expect(integerFlag(flags, 'assets', MIN_PLANT_SIZE, MAX_PLANT_SIZE));
  const target = (kind: 'it' | 'ot'): StoreTarget => {
    const url = textFlag(flags, `${kind}-url`).replace(/\/+$/, '');
    const problem = storeUrlProblem(url);
    if (problem !== undefined) {
      throw new UsageError(`--${kind}-url: ${problem}`);
    }
    const database = textFlag(flags, `${kind}-db`);
    if (database.trim() === '') {
      throw new UsageError(`--${kind}-db: a database name is needed`);
    }
    return { kind, url, database };
  };
  return {
    seed,
    assets,
    it: target('it'),
    ot: target('ot'),
    batchSize: expect(integerFlag(flags, 'batch', 1, 1_000_000)),
    concurrency: expect(integerFlag(flags, 'concurrency', 1, 64)),
  };
}

function scenarioFlag(flags: FlagValues): ScenarioId[] {
  const parsed = parseScenarioList(textFlag(flags, 'scenario'));
  if ('error' in parsed) {
    throw new UsageError(`--scenario: ${parsed.error}`);
  }
  return parsed.ids;
}

/** The labels file's folder must exist before an hour-long backfill, not after. */
async function labelsFlag(flags: FlagValues): Promise<string> {
  const path = resolve(textFlag(flags, 'labels'));
  try {
    if (!(await stat(dirname(path))).isDirectory()) {
      throw new Error('not a folder');
    }
  } catch {
    throw new UsageError(`--labels: the folder of ${path} does not exist`);
  }
  return path;
}

async function backfill(flags: FlagValues, io: CommandIo): Promise<number> {
  const base = common(flags);
  const now = Date.now();
  const fromMs = flagged('from', parseTime(textFlag(flags, 'from'), now));
  const toMs = flagged('to', parseTime(textFlag(flags, 'to'), now));
  if (toMs <= fromMs) {
    throw new UsageError(
      `--to: must be after --from (got ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()})`
    );
  }
  const scenarioFrom = flags['scenario-from'];
  const scenarioFromMs =
    typeof scenarioFrom === 'string' ? flagged('scenario-from', parseTime(scenarioFrom, now)) : undefined;
  if (scenarioFromMs !== undefined && (scenarioFromMs < fromMs || scenarioFromMs >= toMs)) {
    throw new UsageError(
      `--scenario-from: must lie from --from up to before --to (got ${new Date(scenarioFromMs).toISOString()}, ` +
        `range ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()})`
    );
  }
  const report = await runBackfill(
    {
      ...base,
      fromMs,
      toMs,
      scenarios: scenarioFlag(flags),
      scenarioFromMs,
      labelsPath: await labelsFlag(flags),
      dryRun: flags['dry-run'] === true,
      progress: flags.quiet !== true,
    },
    io
  );
  const total = report.points.it + report.points.ot;
  const seconds = report.elapsedMs / 1000;
  io.stderr(
    `backfill: ${total} points (IT ${report.points.it}, OT ${report.points.ot}) in ${seconds.toFixed(1)} s, ` +
      `${Math.round(total / Math.max(seconds, 0.001))} points/s; ${report.labels.length} scenario labels\n`
  );
  return EXIT_OK;
}

async function live(flags: FlagValues, io: CommandIo): Promise<number> {
  const base = common(flags);
  const spanMs = flagged('span', parseDuration(textFlag(flags, 'span')));
  const options = {
    ...base,
    scenarios: scenarioFlag(flags),
    spanMs,
    labelsPath: await labelsFlag(flags),
    reportEverySeconds: 10,
  };
  let onSignal: () => void = () => undefined;
  const stop = new Promise<void>((resolveStop) => {
    onSignal = () => resolveStop();
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runLive(options, io, stop);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function model(flags: FlagValues, io: CommandIo): Promise<void> | void {
  const assets = expect(integerFlag(flags, 'assets', MIN_PLANT_SIZE, MAX_PLANT_SIZE));
  return io.stdout(zoneModelYaml(plantZoneModel(buildPlant(1, assets))));
}

export const processIo: CommandIo = {
  async stdout(text) {
    if (text !== '' && !process.stdout.write(text)) {
      await once(process.stdout, 'drain');
    }
  },
  stderr(text) {
    process.stderr.write(text);
  },
  stderrIsTerminal: process.stderr.isTTY === true,
};

const COMMANDS: Record<
  string,
  { spec: CommandSpec; run: (flags: FlagValues, io: CommandIo) => Promise<number | void> | number | void }
> = {
  backfill: { spec: BACKFILL, run: backfill },
  live: { spec: LIVE, run: live },
  model: { spec: MODEL, run: model },
};

/** Runs the command line and resolves to the exit code; never throws. */
export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await io.stdout(TOP_HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(
      `conduit-sim: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}; see conduit-sim --help)\n`
    );
    return EXIT_USAGE;
  }
  const parsed = parseFlags(rest, command.spec);
  if ('error' in parsed) {
    io.stderr(`${command.spec.name}: ${parsed.error}\n`);
    return EXIT_USAGE;
  }
  if (parsed.help) {
    await io.stdout(formatHelp(command.spec));
    return EXIT_OK;
  }
  try {
    return (await command.run(parsed.flags, io)) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${command.spec.name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof StoreError) {
      io.stderr(`\n${command.spec.name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`${command.spec.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
