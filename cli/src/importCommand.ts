/**
 * conduit-import: Zeek conn.log and Modbus logs (ICSNPP modbus_detailed.log, Zeek modbus.log), TSV or
 * JSON, into the IT and OT telemetry stores, or printed as line protocol. Addresses are attributed to
 * zones and assets through the zone model; every malformed line is reported with its number and reason.
 */
import type { Readable } from 'node:stream';

import {
  attributeByModel,
  createTimestampNudger,
  createZeekImporter,
  encodePoint,
  type ImportResult,
  type StoreKind,
  type TelemetryPoint,
  ZEEK_LOG_FORMATS,
  ZEEK_LOG_KINDS,
  type ZeekLogFormat,
  type ZeekLogKind,
  type ZoneModel,
} from '@conduit/core';

import {
  bufferedWriter,
  type CommandIo,
  errorMessage,
  EXIT_ERROR,
  EXIT_OK,
  EXIT_WARNINGS,
  processIo,
} from './commandIo';
import { type FlagSpec, flagValue, formatHelp, type ParsedArguments, parseArguments } from './commandLine';
import { createInfluxStore, type InfluxStore, StoreError } from './influxStore';
import { type PreparedInput, prepareInputs } from './inputFile';
import { openLines } from './lineFile';
import { ReadTracker } from './readProgress';
import { createStoreRouter } from './storeRouting';
import { loadZoneModel } from './zoneModelInput';

export const IMPORT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'model',
    value: 'FILE',
    description: 'zone model (YAML or JSON) that attributes addresses to zones and assets (required)',
  },
  {
    name: 'kind',
    value: `auto|${ZEEK_LOG_KINDS.join('|')}`,
    description: 'what the logs are; auto reads #path/_path or the fields',
  },
  { name: 'format', value: 'auto|tsv|json', description: 'Zeek TSV or JSON lines; auto reads the first line' },
  { name: 'it-url', value: 'URL', description: 'IT store (InfluxDB 1.x) base URL, e.g. http://localhost:8086' },
  { name: 'it-db', value: 'DB', description: 'IT store database' },
  { name: 'ot-url', value: 'URL', description: 'OT store base URL' },
  { name: 'ot-db', value: 'DB', description: 'OT store database' },
  { name: 'print', description: 'print line protocol to standard output (the default when no store is given)' },
  { name: 'strict', description: 'exit 1 when any line is malformed (default: warn and exit 0)' },
  { name: 'max-errors', value: 'N', description: 'malformed lines listed per file on standard error (default 20)' },
  { name: 'quiet', description: 'no progress line on standard error while the logs are read' },
  { name: 'help', description: 'show this help' },
];

const USAGE = 'conduit-import --model FILE [options] LOG...';
const DESCRIPTION = `Imports Zeek conn.log and the industrial protocols' logs of Zeek and ICSNPP (Modbus: modbus_detailed.log,
modbus.log; DNP3: dnp3.log, dnp3_control.log, dnp3_objects.log; S7comm: s7comm.log, s7comm_plus.log; EtherNet/IP
and CIP: cip.log, enip.log; BACnet: bacnet.log; OPC UA: opcua_binary.log), in Zeek TSV or JSON, as flow and
ot_operation points attributed to the zone model's zones and assets.

Routing: OT operations go to the OT store; a flow goes to the OT store when either end is in a zone
at Purdue level 3 or below, else to the IT store. Give the store(s) the logs need; points for a store
that was not given are counted and not written (exit 1). Without any store, line protocol is printed.
Exit codes: 0 done, 1 points left unwritten or (with --strict) malformed lines, 2 could not run.`;

const BATCH_POINTS = 5000;
const DEFAULT_MAX_ERRORS = 20;

export function importHelp(): string {
  return formatHelp(USAGE, DESCRIPTION, IMPORT_FLAGS);
}

interface StoreTarget {
  store: InfluxStore;
  label: string;
  batch: string[];
  written: number;
}

function fail(io: CommandIo, messages: string[]): number {
  io.stderr(messages.map((m) => `conduit-import: ${m}\n`).join(''));
  return EXIT_ERROR;
}

function summary(file: string, result: ImportResult, maxErrors: number): string {
  const { stats } = result;
  const what =
    result.kind === undefined ? '' : ` ${result.kind}${result.format === undefined ? '' : ` (${result.format})`},`;
  const extras = [
    stats.merged > 0 ? `${stats.merged} responses folded into their requests` : '',
    stats.housekeeping > 0 ? `${stats.housekeeping} session messages that perform no operation` : '',
    stats.nudged > 0 ? `${stats.nudged} moved 1 ns apart from a twin` : '',
  ].filter((e) => e !== '');
  let text = `${file}:${what} ${stats.lines} lines: ${stats.imported} imported, ${stats.skipped} skipped, ${stats.malformedCount} malformed${
    extras.length > 0 ? `; ${extras.join(', ')}` : ''
  }\n`;
  const listed = stats.malformed.slice(0, maxErrors);
  for (const m of listed) {
    text += `  line ${m.line}: ${m.message}\n`;
  }
  if (stats.malformedCount > listed.length) {
    text += `  ... and ${stats.malformedCount - listed.length} more malformed lines\n`;
  }
  return text;
}

/** Runs the command; resolves to the exit code. Never throws. */
export async function runImport(
  argv: readonly string[],
  io: CommandIo = processIo,
  clock: () => number = Date.now,
  stdin: Readable = process.stdin
): Promise<number> {
  const parsed = parseArguments(argv, IMPORT_FLAGS);
  if (!parsed.ok) {
    return fail(io, [parsed.error, 'run conduit-import --help for the options']);
  }
  const { args } = parsed;
  if (args.switches.has('help')) {
    io.stdout(importHelp());
    return EXIT_OK;
  }

  const problems: string[] = [];
  const modelPath = flagValue(args, 'model');
  if (modelPath === undefined) {
    problems.push('--model FILE is required');
  }
  const kindText = flagValue(args, 'kind') ?? 'auto';
  const kind = kindText === 'auto' ? 'auto' : ZEEK_LOG_KINDS.find((k) => k === kindText);
  if (kind === undefined) {
    problems.push(`--kind must be auto or one of ${ZEEK_LOG_KINDS.join(', ')}, not "${kindText}"`);
  }
  const formatText = flagValue(args, 'format') ?? 'auto';
  const format = formatText === 'auto' ? 'auto' : ZEEK_LOG_FORMATS.find((f) => f === formatText);
  if (format === undefined) {
    problems.push(`--format must be auto, tsv or json, not "${formatText}"`);
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
  for (const [kindOfStore, , url, db] of storeFlags) {
    if ((url === undefined) !== (db === undefined)) {
      problems.push(`--${kindOfStore}-url and --${kindOfStore}-db go together`);
    }
  }
  if (args.positionals.length === 0) {
    problems.push('no log files given');
  }
  if (problems.length > 0) {
    return fail(io, [...problems, 'run conduit-import --help for the options']);
  }

  // Every problem of the logs, the model and the stores, found before anything is imported, said at once.
  const prepared = await prepareInputs(args.positionals, stdin);
  try {
    const loaded = loadZoneModel(modelPath ?? '');
    const targets: Partial<Record<StoreKind, StoreTarget>> = {};
    for (const [storeKind, label, url, db] of storeFlags) {
      if (url !== undefined && db !== undefined) {
        targets[storeKind] = { store: createInfluxStore(label, url, db), label, batch: [], written: 0 };
      }
    }
    const unready = [...prepared.problems, ...(loaded.ok ? [] : loaded.errors)];
    for (const target of Object.values(targets)) {
      try {
        await target.store.check();
      } catch (error) {
        unready.push(errorMessage(error));
      }
    }
    if (!loaded.ok || unready.length > 0) {
      return fail(io, unready);
    }
    for (const warning of loaded.warnings) {
      io.stderr(`conduit-import: warning: ${warning}\n`);
    }
    // The flags were checked above: kind and format are known here.
    const options: ImportOptions = { kind: kind ?? 'auto', format: format ?? 'auto', maxErrors };
    return await importInputs(io, clock, args, loaded.model, prepared.inputs, targets, options);
  } finally {
    prepared.cleanup();
  }
}

interface ImportOptions {
  kind: ZeekLogKind | 'auto';
  format: ZeekLogFormat | 'auto';
  maxErrors: number;
}

async function importInputs(
  io: CommandIo,
  clock: () => number,
  args: ParsedArguments,
  model: ZoneModel,
  inputs: readonly PreparedInput[],
  targets: Partial<Record<StoreKind, StoreTarget>>,
  { kind, format, maxErrors }: ImportOptions
): Promise<number> {
  const print = args.switches.has('print') || Object.keys(targets).length === 0;
  const printer = bufferedWriter((text) => io.stdout(text));
  const route = createStoreRouter(model);
  const attribute = attributeByModel(model);
  const nudger = createTimestampNudger();
  const unrouted: Record<StoreKind, number> = { it: 0, ot: 0 };
  let unencodable = 0;
  let firstUnencodable = '';
  let malformedTotal = 0;

  const reading = new ReadTracker(
    'conduit-import',
    inputs.map((input) => input.name),
    inputs.reduce((sum, input) => sum + input.bytes, 0),
    {
      write: (text) => io.stderr(text),
      terminal: io.stderrIsTerminal === true,
      quiet: args.switches.has('quiet'),
      clock,
    }
  );
  const onPoint = (point: TelemetryPoint) => {
    reading.points++;
    let line: string;
    try {
      line = encodePoint(point);
    } catch (error) {
      unencodable++;
      firstUnencodable ||= errorMessage(error);
      return;
    }
    if (print) {
      printer.add(`${line}\n`);
    }
    if (Object.keys(targets).length === 0) {
      return;
    }
    const storeKind = route(point);
    const target = targets[storeKind];
    if (target === undefined) {
      unrouted[storeKind]++;
    } else {
      target.batch.push(line);
    }
  };

  const batchFull = () => Object.values(targets).some((target) => target.batch.length >= BATCH_POINTS);
  const flush = async (force: boolean) => {
    for (const target of Object.values(targets)) {
      if (target.batch.length > 0 && (force || target.batch.length >= BATCH_POINTS)) {
        const lines = target.batch;
        target.batch = [];
        await target.store.write(lines.join('\n'));
        target.written += lines.length;
      }
    }
  };

  const empty: string[] = [];
  for (const input of inputs) {
    const importer = createZeekImporter({
      kind,
      format,
      attribute,
      onPoint,
      nudger,
      maxMalformedListed: maxErrors,
    });
    const file = input.via.length === 0 ? input.name : `${input.name} (${input.via.join(', ')})`;
    reading.startFile(input.name);
    try {
      for (const line of openLines(input.path, reading.onRead)) {
        importer.pushLine(line);
        if (batchFull()) {
          await flush(false);
        }
      }
      const result = importer.finish();
      await flush(true);
      printer.flush();
      reading.finish();
      malformedTotal += result.stats.malformedCount;
      io.stderr(summary(file, result, maxErrors));
      if (result.stats.imported === 0) {
        empty.push(nothingImported(input.name, result));
      }
    } catch (error) {
      printer.flush();
      reading.finish();
      const message = errorMessage(error);
      return fail(io, [error instanceof StoreError ? message : `cannot read ${input.name}: ${message}`]);
    }
  }

  let code = EXIT_OK;
  const written = Object.values(targets).map((t) => `${t.written} to the ${t.label} (${t.store.database})`);
  if (written.length > 0) {
    io.stderr(`conduit-import: wrote ${written.join(', ')}\n`);
  }
  for (const storeKind of ['it', 'ot'] as const) {
    if (unrouted[storeKind] > 0) {
      io.stderr(
        `conduit-import: warning: ${unrouted[storeKind]} points belong to the ${storeKind.toUpperCase()} store, which was not given (--${storeKind}-url, --${storeKind}-db); they were not written\n`
      );
      code = EXIT_WARNINGS;
    }
  }
  if (unencodable > 0) {
    io.stderr(
      `conduit-import: warning: ${unencodable} points could not be encoded as line protocol (${firstUnencodable})\n`
    );
    code = EXIT_WARNINGS;
  }
  if (malformedTotal > 0) {
    io.stderr(
      `conduit-import: ${args.switches.has('strict') ? 'error' : 'warning'}: ${malformedTotal} malformed ${malformedTotal === 1 ? 'line was' : 'lines were'} not imported\n`
    );
    if (args.switches.has('strict')) {
      code = EXIT_WARNINGS;
    }
  }
  if (empty.length > 0) {
    io.stderr(empty.map((message) => `conduit-import: error: ${message}\n`).join(''));
    code = EXIT_ERROR;
  }
  return code;
}

/** Why a file gave no point, in words that say what to do. */
function nothingImported(name: string, result: ImportResult): string {
  if (result.kind === undefined) {
    return `${name}: nothing imported; no line reads as a Zeek conn log or an industrial protocol's log (TSV with its #fields header, or JSON)`;
  }
  const first = result.stats.malformed[0];
  if (first !== undefined) {
    return `${name}: nothing imported; ${first.message}`;
  }
  return `${name}: nothing imported from this ${result.kind} log (${result.stats.lines} lines, none a record)`;
}

/** Entry point of the bin script. */
export function main(argv: readonly string[]): Promise<number> {
  return runImport(argv);
}
