/**
 * Imports a Zeek log (conn.log, a Modbus log from ICSNPP or Zeek, or a DNP3, S7comm, EtherNet/IP and CIP, BACnet
 * or OPC UA log: icsProtocolLogs.ts) into telemetry points, one line at
 * a time: memory stays flat however long the log. Every line is accounted for: a record becomes a point
 * (or folds into one), a header or blank line is skipped, anything else is malformed and reported with
 * its line number and the reason. Nothing is dropped silently.
 */
import type { TelemetryPoint } from '../telemetryContract';
import { type AttributeAddress } from './addressAttribution';
import {
  createIcsConverter,
  ICS_LOG_PATHS,
  ICS_PROTOCOL_KINDS,
  ICS_REQUIRED_FIELDS,
  icsKindOfRecord,
  type IcsConversion,
  type IcsProtocolKind,
} from './icsProtocolLogs';
import { createTimestampNudger, type TimestampNudger } from './timestampNudge';
import { CONN_REQUIRED_FIELDS, connRecordToFlow } from './zeekConn';
import { createZeekLogReader, type ZeekLineResult, type ZeekLogFormat, type ZeekRecord } from './zeekLogReader';
import { MODBUS_REQUIRED_FIELDS, createModbusConverter, type ModbusConverter } from './zeekModbus';

export type ZeekLogKind = 'conn' | 'modbus' | IcsProtocolKind;
export const ZEEK_LOG_KINDS: readonly ZeekLogKind[] = ['conn', 'modbus', ...ICS_PROTOCOL_KINDS];

export interface MalformedLine {
  /** 1-based line number in the input. */
  line: number;
  message: string;
}

export interface ImportStats {
  /** Lines read, including headers and blank lines. */
  lines: number;
  /** Points produced. */
  imported: number;
  /** Header directives, comments and blank lines. */
  skipped: number;
  /** Response records folded into their request's point (per-message logs). */
  merged: number;
  /** Protocol messages that perform no operation (session set-up and tear-down), skipped. */
  housekeeping: number;
  /** Points moved forward 1 ns because an earlier point had the same series and time. */
  nudged: number;
  /** The first malformed lines, up to the cap; `malformedCount` counts them all. */
  malformed: MalformedLine[];
  malformedCount: number;
}

export interface ImportResult {
  /** What the log turned out to be; undefined when no line said. */
  kind: ZeekLogKind | undefined;
  format: ZeekLogFormat | undefined;
  stats: ImportStats;
}

export interface ZeekImportOptions {
  /** `auto` (the default) reads the kind from `#path`/`_path`, else from the field names. */
  kind?: ZeekLogKind | 'auto';
  /** `auto` (the default) reads TSV when the log starts with `#`, JSON when it starts with `{`. */
  format?: ZeekLogFormat | 'auto';
  attribute: AttributeAddress;
  onPoint: (point: TelemetryPoint) => void;
  /** Malformed lines kept with their message; the rest are only counted. 100 by default. */
  maxMalformedListed?: number;
  /** Share one nudger across the files written to one store, so twins across files are caught too. */
  nudger?: TimestampNudger;
}

/** Why a log's records cannot be read: listed once for the whole log, or for every line. */
interface KindRefusal {
  error: string;
  once?: boolean;
  /** The kind the log was found to be, when it is known but its header does not serve it. */
  kind?: ZeekLogKind;
}

export interface ZeekImporter {
  pushLine(line: string): void;
  /** Flushes what is still held (unanswered Modbus requests) and returns the account. */
  finish(): ImportResult;
}

export const DEFAULT_MAX_MALFORMED_LISTED = 100;

const KIND_BY_PATH: Record<string, ZeekLogKind> = {
  conn: 'conn',
  modbus: 'modbus',
  modbus_detailed: 'modbus',
  ...ICS_LOG_PATHS,
};

/** The logs read, by the `#path` Zeek gives them, as messages list them (other spellings are read too). */
export const SUPPORTED_LOG_PATHS = [
  'conn',
  'modbus_detailed',
  'modbus',
  'dnp3',
  'dnp3_control',
  'dnp3_objects',
  's7comm',
  's7comm_plus',
  'cip',
  'enip',
  'bacnet',
  'opcua_binary',
];

const REQUIRED_FIELDS: Record<ZeekLogKind, readonly string[]> = {
  conn: CONN_REQUIRED_FIELDS,
  modbus: MODBUS_REQUIRED_FIELDS,
  dnp3: ICS_REQUIRED_FIELDS,
  s7comm: ICS_REQUIRED_FIELDS,
  enip: ICS_REQUIRED_FIELDS,
  bacnet: ICS_REQUIRED_FIELDS,
  opcua: ICS_REQUIRED_FIELDS,
};

/**
 * Guesses the kind from a record's fields: Modbus logs have `func`, each other protocol its own (see
 * icsKindOfRecord), conn.log has `proto` and `conn_state` (checked last: some protocol logs carry `proto` too).
 */
function kindOfRecord(record: ZeekRecord): ZeekLogKind | undefined {
  if (record.has('func')) {
    return 'modbus';
  }
  const ics = icsKindOfRecord(record);
  if (ics !== undefined) {
    return ics;
  }
  if (record.has('proto') || record.has('conn_state')) {
    return 'conn';
  }
  return undefined;
}

export function createZeekImporter(options: ZeekImportOptions): ZeekImporter {
  const reader = createZeekLogReader(options.format ?? 'auto');
  const requestedKind = options.kind === 'auto' ? undefined : options.kind;
  const nudger = options.nudger ?? createTimestampNudger();
  const maxListed = options.maxMalformedListed ?? DEFAULT_MAX_MALFORMED_LISTED;
  const nudgedBefore = nudger.nudged;
  const stats: ImportStats = {
    lines: 0,
    imported: 0,
    skipped: 0,
    merged: 0,
    housekeeping: 0,
    nudged: 0,
    malformed: [],
    malformedCount: 0,
  };
  // JSON logs are one kind throughout, decided by the first record; TSV logs follow their header.
  let jsonKind: ZeekLogKind | undefined;
  let lastKind: ZeekLogKind | undefined;
  let modbus: ModbusConverter | undefined;
  let ics: IcsConversion | undefined;

  const emit = (point: TelemetryPoint) => {
    stats.imported++;
    options.onPoint(nudger.place(point));
  };

  function malformed(line: number, message: string): void {
    stats.malformedCount++;
    if (stats.malformed.length < maxListed) {
      stats.malformed.push({ line, message });
    }
  }

  function decideKind(record: ZeekRecord): ZeekLogKind | KindRefusal {
    if (requestedKind !== undefined) {
      const named = reader.path === undefined ? undefined : KIND_BY_PATH[reader.path];
      if (named !== undefined && named !== requestedKind) {
        return {
          error: `the log's #path says "${reader.path}": a ${named} log, not ${requestedKind} (give --kind ${named}, or leave --kind out)`,
          once: true,
        };
      }
      return requestedKind;
    }
    if (jsonKind !== undefined) {
      return jsonKind;
    }
    const path = reader.path;
    let decided: ZeekLogKind | undefined;
    if (path !== undefined) {
      decided = KIND_BY_PATH[path];
      if (decided === undefined) {
        return { error: `unsupported log "${path}" (supported: ${SUPPORTED_LOG_PATHS.join(', ')})` };
      }
    } else {
      decided = kindOfRecord(record);
      if (decided === undefined) {
        return { error: 'cannot tell what log this is by its fields: give the kind' };
      }
    }
    if (reader.format === 'json') {
      jsonKind = decided;
    }
    return decided;
  }

  /** What a TSV header lacks for its kind. */
  function headerLacks(kind: ZeekLogKind, record: ZeekRecord): string | undefined {
    const missing = REQUIRED_FIELDS[kind].filter((field) => !record.has(field));
    return missing.length > 0 ? `the ${kind} log's #fields header lacks ${missing.join(', ')}` : undefined;
  }

  // A TSV log's kind, or why its records cannot be read, depends on its header only: decided once per header
  // (the reader answers every data line under one header with the same object).
  let decidedFor: ZeekLineResult | undefined;
  let decision: ZeekLogKind | KindRefusal = { error: '' };

  function decideOncePerHeader(result: ZeekLineResult & { type: 'record' }): typeof decision {
    if (result === decidedFor) {
      return decision;
    }
    const kind = decideKind(result.record);
    if (reader.format !== 'tsv') {
      return kind;
    }
    const lacking = typeof kind === 'string' ? headerLacks(kind, result.record) : undefined;
    decidedFor = result;
    decision = typeof kind === 'string' && lacking !== undefined ? { error: lacking, kind } : kind;
    return decision;
  }

  function convert(kind: ZeekLogKind, record: ZeekRecord): string | undefined {
    if (kind === 'conn') {
      const converted = connRecordToFlow(record, options.attribute);
      if ('error' in converted) {
        return converted.error;
      }
      emit(converted.point);
      return undefined;
    }
    if (kind === 'modbus') {
      modbus ??= createModbusConverter(options.attribute);
      return modbus.convert(record, emit);
    }
    ics ??= createIcsConverter(options.attribute);
    return ics.convert(kind, record, emit);
  }

  return {
    pushLine(line) {
      const lineNumber = ++stats.lines;
      const result = reader.readLine(line);
      if (result.type === 'header') {
        stats.skipped++;
        return;
      }
      if (result.type === 'malformed') {
        malformed(lineNumber, result.message);
        return;
      }
      const kind = decideOncePerHeader(result);
      if (typeof kind !== 'string') {
        lastKind = kind.kind ?? lastKind;
        // A refusal that holds for the whole log is listed once and counted for every line.
        if (kind.once === true && stats.malformed.some((listed) => listed.message === kind.error)) {
          stats.malformedCount++;
        } else {
          malformed(lineNumber, kind.error);
        }
        return;
      }
      lastKind = kind;
      const error = convert(kind, result.record);
      if (error !== undefined) {
        malformed(lineNumber, error);
      }
    },
    finish() {
      modbus?.finish(emit);
      stats.merged = (modbus?.merged ?? 0) + (ics?.merged ?? 0);
      stats.housekeeping = ics?.housekeeping ?? 0;
      stats.nudged = nudger.nudged - nudgedBefore;
      return { kind: requestedKind ?? lastKind, format: reader.format, stats };
    },
  };
}

/** Imports a whole log from its lines (a file's lines, a socket's, an array in tests). */
export async function importZeekLog(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ZeekImportOptions
): Promise<ImportResult> {
  const importer = createZeekImporter(options);
  for await (const line of lines) {
    importer.pushLine(line);
  }
  return importer.finish();
}
