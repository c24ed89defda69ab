/**
 * conduit-analyze: the suite's analytics over a capture, offline. Reads line-protocol files (streamed,
 * as conduit-import or the simulator print them) or asks the IT and OT stores for aggregates, then runs
 * the same aggregation, detectors, risk model and chain correlation the datasource runs, and prints the
 * findings, the risk table and the chains.
 */
import type { Readable } from 'node:stream';

import {
  aggregateTelemetry,
  analysePlant,
  countOf,
  type Observations,
  lineProtocolReader,
  type StoreKind,
  type TelemetryPoint,
  type ZoneModel,
} from '@conduit/core';

import { type AnalysisResult, formatReportTable, REPORT_FORMATS, reportJsonLines } from './analysisReport';
import {
  bufferedWriter,
  type CommandIo,
  errorMessage,
  EXIT_ERROR,
  EXIT_OK,
  EXIT_WARNINGS,
  processIo,
} from './commandIo';
import { type FlagSpec, flagValue, formatHelp, parseArguments } from './commandLine';
import { runAnalyzer } from './analyzerCommand';
import { DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { createInfluxStore, DEFAULT_STORE_TIMEOUT_MS, type InfluxStore } from './influxStore';
import { isZeekLog, type PreparedInput, prepareInputs } from './inputFile';
import { openLines } from './lineFile';
import { ReadTracker } from './readProgress';
import { observationsFromStores } from './storeObservations';
import { parseDuration, parseTime } from './timeArgument';
import { loadZoneModel } from './zoneModelInput';

export const ANALYZE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'model',
    value: 'FILE',
    description: 'zone model (YAML or JSON): zones, conduits, assets and detection settings (required)',
  },
  {
    name: 'input',
    value: 'FILE',
    repeatable: true,
    description: 'line-protocol file to analyse (repeatable); instead of the stores',
  },
  { name: 'it-url', value: 'URL', description: 'IT store (InfluxDB 1.x) base URL, e.g. http://localhost:8086' },
  { name: 'it-db', value: 'DB', description: 'IT store database' },
  { name: 'ot-url', value: 'URL', description: 'OT store base URL' },
  { name: 'ot-db', value: 'DB', description: 'OT store database' },
  {
    name: 'from',
    value: 'TIME',
    description: 'start of the range (ISO 8601 with zone, a date, epoch ms, now-6h); required with the stores',
  },
  { name: 'to', value: 'TIME', description: 'end of the range, exclusive; required with the stores' },
  { name: 'bucket', value: 'DURATION', description: 'aggregation bucket: 30s, 1m (default), 5m, 1h' },
  {
    name: 'baseline-until',
    value: 'TIME',
    description: "end of the learning window (default: the model's detection.baseline settings)",
  },
  {
    name: 'chain-gap',
    value: 'DURATION',
    description: 'findings further apart than this are not linked into one chain (default 2h)',
  },
  {
    name: 'once',
    description: 'analyse --from to --to of the stores and write the results back to the OT store, then exit',
  },
  {
    name: 'follow',
    description: 'keep analysing the stores as time goes on, writing the results back (the analyzer service)',
  },
  {
    name: 'write-url',
    value: 'URL',
    description: 'with --once or --follow: the OT store as a user that may write, when the --ot-url user may only read',
  },
  { name: 'interval', value: 'DURATION', description: 'with --follow: time between passes (default 1m)' },
  { name: 'lag', value: 'DURATION', description: 'with --follow: how far behind the clock a pass ends (default 2m)' },
  {
    name: 'shard',
    value: 'NAME',
    description: 'with --once or --follow: the name this instance records its coverage under (default plant)',
  },
  {
    name: 'metrics-port',
    value: 'PORT',
    description: 'with --follow: serve Prometheus metrics at http://0.0.0.0:PORT/metrics',
  },
  {
    name: 'store-timeout',
    value: 'DURATION',
    description: 'how long a store may take to answer one query before it counts as failed (default 2m)',
  },
  { name: 'format', value: 'table|json', description: 'table for people (default), json for JSON lines' },
  { name: 'strict', description: 'exit 1 when an input line is malformed (default: warn and exit 0)' },
  { name: 'max-errors', value: 'N', description: 'malformed lines listed per file on standard error (default 20)' },
  { name: 'quiet', description: 'no progress line on standard error while the input files are read' },
  { name: 'help', description: 'show this help' },
];

const USAGE =
  'conduit-analyze --model FILE (--input FILE.lp ... | --it-url URL --it-db DB --ot-url URL --ot-db DB (--from T --to T [--once] | --follow)) [options]';
const DESCRIPTION = `Runs Conduit's detectors, risk model and chain correlation over a capture: line-protocol files
(streamed; every point of every file) or the IT and OT stores (only aggregates are queried). Prints the
findings, the risk of zones and assets, and the chains of related findings.
With --once or --follow it is the analyzer: it writes findings, chains, risk and zone-pair flows back to the
OT store (docs/data-contract.md) and reports its progress on standard error.
Exit codes: 0 done (whatever was found), 1 malformed input lines with --strict, 2 could not run.`;

const DEFAULT_BUCKET_MS = 60_000;
const DEFAULT_MAX_ERRORS = 20;

export function analyzeHelp(): string {
  return formatHelp(USAGE, DESCRIPTION, ANALYZE_FLAGS);
}

function fail(io: CommandIo, messages: string[]): number {
  io.stderr(messages.map((m) => `conduit-analyze: ${m}\n`).join(''));
  return EXIT_ERROR;
}

interface FileAccount {
  file: string;
  lines: number;
  points: number;
  malformedCount: number;
  malformed: Array<{ line: number; message: string }>;
}

/**
 * Points of every file in turn, read line by line. Accounts are filled as the files are read; a read
 * error is thrown with the file's name.
 */
function* pointsOf(
  inputs: readonly PreparedInput[],
  accounts: FileAccount[],
  maxErrors: number,
  reading: ReadTracker
): Generator<TelemetryPoint> {
  for (const input of inputs) {
    const file = input.via.length === 0 ? input.name : `${input.name} (${input.via.join(', ')})`;
    const account: FileAccount = { file, lines: 0, points: 0, malformedCount: 0, malformed: [] };
    accounts.push(account);
    reading.startFile(input.name);
    let lines: Iterable<string>;
    try {
      lines = openLines(input.path, reading.onRead);
    } catch (error) {
      throw new InputError(`cannot read ${file}: ${errorMessage(error)}`);
    }
    const iterator = lines[Symbol.iterator]();
    const read = lineProtocolReader();
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = iterator.next();
      } catch (error) {
        throw new InputError(`cannot read ${file}: ${errorMessage(error)}`);
      }
      if (next.done === true) {
        break;
      }
      account.lines++;
      const parsed = read(next.value, account.lines);
      if (parsed.kind === 'point') {
        account.points++;
        reading.points++;
        yield parsed.point;
      } else if (parsed.kind === 'error') {
        account.malformedCount++;
        if (account.malformed.length < maxErrors) {
          account.malformed.push({ line: parsed.line, message: parsed.message });
        }
      }
    }
  }
}

class InputError extends Error {}

function accountText(account: FileAccount): string {
  let text = `${account.file}: ${countOf(account.lines, 'line')}, ${countOf(account.points, 'point')}, ${account.malformedCount} malformed\n`;
  for (const m of account.malformed) {
    text += `  line ${m.line}: ${m.message}\n`;
  }
  if (account.malformedCount > account.malformed.length) {
    text += `  ... and ${account.malformedCount - account.malformed.length} more malformed lines\n`;
  }
  return text;
}

/** Detectors, risk and chains over observations: the core's one analysis, shared by both inputs. */
export function analyseObservations(
  model: ZoneModel,
  observations: Observations,
  baselineUntil: number | undefined,
  chainMaxGapMs?: number
): AnalysisResult & { problems: string[] } {
  const analysis = analysePlant({
    model,
    observations,
    ...(baselineUntil === undefined
      ? {}
      : { learning: { baseline: { from: observations.range.from, to: baselineUntil } } }),
    ...(chainMaxGapMs === undefined ? {} : { chainMaxGapMs }),
  });
  const risk = analysis.risk();
  return {
    findings: analysis.findings,
    risk: { assets: risk.assets, zones: risk.zones },
    chains: analysis.chains(),
    problems: [...analysis.problems, ...risk.warnings],
  };
}

/** Runs the command; resolves to the exit code. Never throws. */
export async function runAnalyze(
  argv: readonly string[],
  io: CommandIo = processIo,
  nowMs: number = Date.now(),
  clock: () => number = Date.now,
  stdin: Readable = process.stdin
): Promise<number> {
  const cleanups: Array<() => void> = [];
  try {
    return await analyze(argv, io, nowMs, clock, stdin, cleanups);
  } finally {
    for (const cleanup of cleanups) {
      cleanup();
    }
  }
}

async function analyze(
  argv: readonly string[],
  io: CommandIo,
  nowMs: number,
  clock: () => number,
  stdin: Readable,
  cleanups: Array<() => void>
): Promise<number> {
  const parsed = parseArguments(argv, ANALYZE_FLAGS);
  if (!parsed.ok) {
    return fail(io, [parsed.error, 'run conduit-analyze --help for the options']);
  }
  const { args } = parsed;
  if (args.switches.has('help')) {
    io.stdout(analyzeHelp());
    return EXIT_OK;
  }

  const problems: string[] = [];
  const modelPath = flagValue(args, 'model');
  if (modelPath === undefined) {
    problems.push('--model FILE is required');
  }
  for (const extra of args.positionals) {
    problems.push(`unexpected argument "${extra}" (input files go after --input)`);
  }
  const inputs = args.values.get('input') ?? [];
  const follow = args.switches.has('follow');
  const once = args.switches.has('once');
  const time = (name: string): number | undefined => {
    const text = flagValue(args, name);
    if (text === undefined) {
      return undefined;
    }
    const ms = parseTime(text, nowMs);
    if (ms === undefined) {
      problems.push(`--${name} "${text}" is not a time (ISO 8601 with a zone, a date, epoch ms, or now-6h)`);
    }
    return ms;
  };
  const from = time('from');
  const to = time('to');
  const baselineUntil = time('baseline-until');
  if (from !== undefined && to !== undefined && from >= to) {
    problems.push('--from must be before --to');
  }
  const bucketText = flagValue(args, 'bucket');
  const bucketMs = bucketText === undefined ? DEFAULT_BUCKET_MS : parseDuration(bucketText);
  if (bucketMs === undefined) {
    problems.push(`--bucket "${bucketText}" is not a duration (30s, 1m, 5m, 1h)`);
  }
  const chainGapText = flagValue(args, 'chain-gap');
  const chainMaxGapMs = chainGapText === undefined ? undefined : parseDuration(chainGapText);
  if (chainGapText !== undefined && chainMaxGapMs === undefined) {
    problems.push(`--chain-gap "${chainGapText}" is not a duration (30m, 2h)`);
  }
  const formatText = flagValue(args, 'format') ?? 'table';
  const format = REPORT_FORMATS.find((f) => f === formatText);
  if (format === undefined) {
    problems.push(`--format must be table or json, not "${formatText}"`);
  }
  const maxErrorsText = flagValue(args, 'max-errors') ?? String(DEFAULT_MAX_ERRORS);
  const maxErrors = /^\d{1,6}$/.test(maxErrorsText) ? Number(maxErrorsText) : NaN;
  if (Number.isNaN(maxErrors)) {
    problems.push(`--max-errors must be a whole number, not "${maxErrorsText}"`);
  }
  const storeFlags: Array<[StoreKind, string, string | undefined, string | undefined]> = [
    ['it', 'IT store', flagValue(args, 'it-url'), flagValue(args, 'it-db')],
    ['ot', 'OT store', flagValue(args, 'ot-url'), flagValue(args, 'ot-db')],
  ];
  const storesGiven = storeFlags.some(([, , url, db]) => url !== undefined || db !== undefined);
  if (inputs.length > 0 && storesGiven) {
    problems.push('give either --input files or the stores, not both');
  } else if (inputs.length === 0 && !storesGiven) {
    problems.push('nothing to analyse: give --input FILE.lp or the stores (--it-url, --it-db, --ot-url, --ot-db)');
  } else if (storesGiven) {
    for (const [kind, , url, db] of storeFlags) {
      if (url === undefined) {
        problems.push(`--${kind}-url is required with the stores`);
      }
      if (db === undefined) {
        problems.push(`--${kind}-db is required with the stores`);
      }
    }
    if (!follow && (flagValue(args, 'from') === undefined || flagValue(args, 'to') === undefined)) {
      problems.push('--from and --to are both required with the stores');
    }
  }
  if (follow && once) {
    problems.push('give --once or --follow, not both');
  }
  if ((follow || once) && inputs.length > 0) {
    problems.push('the analyzer (--once, --follow) reads the stores, not --input files');
  }
  if (!follow && !once && flagValue(args, 'write-url') !== undefined) {
    problems.push('--write-url goes with --once or --follow');
  }
  if (follow && flagValue(args, 'to') !== undefined) {
    problems.push('--follow keeps going: give --once to stop at --to');
  }
  const durationFlag = (name: string, fallback: number): number => {
    const text = flagValue(args, name);
    const ms = text === undefined ? fallback : parseDuration(text);
    if (ms === undefined) {
      problems.push(`--${name} "${text}" is not a duration (30s, 1m, 5m)`);
    }
    return ms ?? fallback;
  };
  const intervalMs = durationFlag('interval', DEFAULT_ANALYZER_TIMING.intervalMs);
  const lagMs = durationFlag('lag', DEFAULT_ANALYZER_TIMING.lagMs);
  const storeTimeoutMs = durationFlag('store-timeout', DEFAULT_STORE_TIMEOUT_MS);
  const metricsPortText = flagValue(args, 'metrics-port');
  const metricsPort = metricsPortText === undefined ? undefined : Number(metricsPortText);
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) {
    problems.push(`--metrics-port must be a port number (0 to 65535), not "${metricsPortText}"`);
  }
  if (problems.length > 0) {
    return fail(io, [...problems, 'run conduit-analyze --help for the options']);
  }

  // Every problem of the input files and the model, found before any analysis, said at once.
  const prepared = await prepareInputs(inputs, stdin);
  cleanups.push(prepared.cleanup);
  const unreadable = [...prepared.problems];
  for (const input of prepared.inputs) {
    if (isZeekLog(input.path)) {
      unreadable.push(
        `cannot analyse ${input.name}: a raw Zeek log; run conduit-import on it first (conduit-import --model FILE ${input.name} > capture.lp)`
      );
    }
  }
  const loaded = loadZoneModel(modelPath ?? '');
  if (!loaded.ok || unreadable.length > 0) {
    return fail(io, [...unreadable, ...(loaded.ok ? [] : loaded.errors)]);
  }
  const totalBytes = prepared.inputs.reduce((sum, input) => sum + input.bytes, 0);
  for (const warning of loaded.warnings) {
    io.stderr(`conduit-analyze: warning: ${warning}\n`);
  }
  const model = loaded.model;
  const bucket = bucketMs ?? DEFAULT_BUCKET_MS;
  if (follow || once) {
    const stores: Partial<Record<StoreKind, InfluxStore>> = {};
    for (const [kind, label, url, db] of storeFlags) {
      if (url !== undefined && db !== undefined) {
        stores[kind] = createInfluxStore(label, url, db, storeTimeoutMs);
      }
    }
    const writeUrl = flagValue(args, 'write-url');
    const otDb = flagValue(args, 'ot-db');
    return runAnalyzer(io, {
      model,
      stores,
      ...(writeUrl === undefined || otDb === undefined
        ? {}
        : { results: createInfluxStore('OT store (results)', writeUrl, otDb, storeTimeoutMs) }),
      shard: flagValue(args, 'shard') ?? 'plant',
      intervalMs,
      lagMs,
      start: from,
      until: once ? to : undefined,
      chainMaxGapMs,
      metricsPort,
    });
  }

  let observations: Observations;
  let malformedTotal = 0;
  if (inputs.length > 0) {
    const accounts: FileAccount[] = [];
    // Either end may be left open: the points decide it.
    const range = from === undefined && to === undefined ? undefined : { from: from ?? -Infinity, to: to ?? Infinity };
    const reading = new ReadTracker('conduit-analyze', inputs, totalBytes, {
      write: (text) => io.stderr(text),
      terminal: io.stderrIsTerminal === true,
      quiet: args.switches.has('quiet'),
      clock,
    });
    try {
      observations = aggregateTelemetry(pointsOf(prepared.inputs, accounts, maxErrors, reading), {
        bucketMs: bucket,
        range,
      });
    } catch (error) {
      reading.finish();
      return fail(io, [error instanceof InputError ? error.message : `analysis failed: ${errorMessage(error)}`]);
    }
    reading.finish();
    for (const account of accounts) {
      io.stderr(accountText(account));
      malformedTotal += account.malformedCount;
    }
    if (accounts.every((account) => account.points === 0)) {
      return fail(io, ['no points to analyse in the input files']);
    }
  } else {
    const stores: Partial<Record<StoreKind, InfluxStore>> = {};
    for (const [kind, label, url, db] of storeFlags) {
      if (url !== undefined && db !== undefined) {
        stores[kind] = createInfluxStore(label, url, db, storeTimeoutMs);
      }
    }
    const fetched = await observationsFromStores(stores, { from: from ?? 0, to: to ?? 0, bucketMs: bucket });
    if ('error' in fetched) {
      return fail(io, [fetched.error]);
    }
    observations = fetched.observations;
    for (const problem of fetched.problems) {
      io.stderr(`conduit-analyze: warning: ${problem}\n`);
    }
  }

  let result: ReturnType<typeof analyseObservations>;
  try {
    result = analyseObservations(model, observations, baselineUntil, chainMaxGapMs);
  } catch (error) {
    return fail(io, [`analysis failed: ${errorMessage(error)}`]);
  }
  for (const problem of result.problems) {
    io.stderr(`conduit-analyze: warning: ${problem}\n`);
  }
  if (format === 'json') {
    const writer = bufferedWriter((text) => io.stdout(text));
    for (const line of reportJsonLines(result)) {
      writer.add(line);
    }
    writer.flush();
  } else {
    io.stdout(formatReportTable(result));
  }

  if (malformedTotal > 0) {
    const strict = args.switches.has('strict');
    io.stderr(
      `conduit-analyze: ${strict ? 'error' : 'warning'}: ${malformedTotal} malformed ${malformedTotal === 1 ? 'line was' : 'lines were'} not analysed\n`
    );
    if (strict) {
      return EXIT_WARNINGS;
    }
  }
  return EXIT_OK;
}

/** Entry point of the bin script. */
export function main(argv: readonly string[]): Promise<number> {
  return runAnalyze(argv);
}
