/**
 * Observations from InfluxDB 1.x answers to `observationQueries`: the JSON of `/query`
 * (`{results:[{series:[{name,tags,columns,values}]}]}`), one answer per store or several merged.
 *
 * Series are told apart by measurement name; the analyzer's `conduit_flow_rollup` reads as flows. Nulls and missing
 * columns do not throw: a row that cannot be read is skipped, and each series with a problem gets one message naming
 * it and the column at fault.
 *
 * What the store cannot say, and what is put in its place:
 * - first and last seen within a bucket are the bucket's first and last millisecond;
 * - a process point's distinct-value count is 1 when min equals max and 2 otherwise (a lower bound),
 *   unless the answer carries a `distinct` column, which is then used as is.
 */
import type {
  AlertRecord,
  AssetRecord,
  AuthAggregate,
  ControllerStateSample,
  FlowAggregate,
  Observations,
  OtOperationAggregate,
  ProcessPointStat,
} from '../observations';
import { emptyObservations, sortObservations } from './observationOrder';
import { portNumber, normaliseBucketMs } from './telemetryAggregation';

interface RawSeries {
  name?: unknown;
  tags?: unknown;
  columns?: unknown;
  values?: unknown;
}

export interface InfluxObservationOptions {
  from: number;
  to: number;
  bucketMs: number;
}

export interface InfluxObservations {
  observations: Observations;
  /** One message per answer, statement or series that could not be read in full. */
  problems: string[];
}

type Cell = unknown;

interface SeriesReader {
  label: string;
  tags: Record<string, string>;
  columns: string[];
  rows: Cell[][];
  index(name: string): number;
}

/** Milliseconds from an InfluxDB time cell: epoch numbers (ms, or µs/ns by magnitude) or RFC3339 text. */
export function influxTimeToMs(cell: unknown): number | undefined {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) {
      return undefined;
    }
    const magnitude = Math.abs(cell);
    return Math.floor(magnitude >= 1e17 ? cell / 1e6 : magnitude >= 1e14 ? cell / 1e3 : cell);
  }
  if (typeof cell !== 'string') {
    return undefined;
  }
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(cell);
  if (match === null) {
    return undefined;
  }
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (!Number.isFinite(seconds)) {
    return undefined;
  }
  const fraction = match[2] ?? '';
  return seconds + Number((fraction + '000').slice(0, 3));
}

function numberCell(cell: Cell): number | null {
  if (typeof cell === 'number' && Number.isFinite(cell)) {
    return cell;
  }
  if (typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell))) {
    return Number(cell);
  }
  return null;
}

function textCell(cell: Cell): string {
  if (cell === null || cell === undefined) {
    return '';
  }
  return typeof cell === 'string' ? cell : String(cell);
}

function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      tags[key] = textCell(v);
    }
  }
  return tags;
}

function describeTags(tags: Record<string, string>): string {
  const entries = Object.entries(tags).filter(([, v]) => v !== '');
  return entries.length === 0 ? '' : ` {${entries.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/**
 * The number of points in a row's group: its `count_points` column (the count of the field every point
 * carries), or the largest of the `count_<field>` columns of a `count(*)` row.
 */
function countAll(reader: SeriesReader, row: Cell[]): number | null {
  let best: number | null = null;
  reader.columns.forEach((column, i) => {
    if (column.startsWith('count_')) {
      const n = numberCell(row[i]);
      if (n !== null && (best === null || n > best)) {
        best = n;
      }
    }
  });
  return best;
}

class Collector {
  readonly observations: Observations;
  readonly problems: string[] = [];
  private readonly bucketMs: number;

  constructor(private readonly options: InfluxObservationOptions) {
    this.bucketMs = normaliseBucketMs(options.bucketMs);
    this.observations = emptyObservations(options.from, options.to);
  }

  answer(answer: unknown, label: string): void {
    if (typeof answer !== 'object' || answer === null) {
      this.problems.push(`${label}: not an InfluxDB answer (expected an object with results)`);
      return;
    }
    const { results, error } = answer as { results?: unknown; error?: unknown };
    if (typeof error === 'string' && error !== '') {
      this.problems.push(`${label}: the store answered with an error: ${error}`);
    }
    if (results === undefined && typeof error === 'string') {
      return;
    }
    if (!Array.isArray(results)) {
      this.problems.push(`${label}: results must be a list`);
      return;
    }
    results.forEach((result: unknown, i) => this.result(result, `${label}, statement ${i}`));
  }

  private result(result: unknown, label: string): void {
    if (typeof result !== 'object' || result === null) {
      this.problems.push(`${label}: not a statement result`);
      return;
    }
    const { series, error } = result as { series?: unknown; error?: unknown };
    if (typeof error === 'string' && error !== '') {
      this.problems.push(`${label}: ${error}`);
    }
    if (series === undefined) {
      return;
    }
    if (!Array.isArray(series)) {
      this.problems.push(`${label}: series must be a list`);
      return;
    }
    series.forEach((s: unknown, i) => this.series(s, `${label}, series ${i}`));
  }

  private series(raw: unknown, label: string): void {
    if (typeof raw !== 'object' || raw === null) {
      this.problems.push(`${label}: not a series`);
      return;
    }
    const s = raw as RawSeries;
    const name = typeof s.name === 'string' ? s.name : '';
    const tags = tagsOf(s.tags);
    const where = `${label} (${name === '' ? 'unnamed' : name}${describeTags(tags)})`;
    if (!Array.isArray(s.columns) || !s.columns.every((c) => typeof c === 'string')) {
      this.problems.push(`${where}: columns must be a list of names`);
      return;
    }
    if (!Array.isArray(s.values)) {
      this.problems.push(`${where}: values must be a list of rows`);
      return;
    }
    const columns = s.columns as string[];
    const reader: SeriesReader = {
      label: where,
      tags,
      columns,
      rows: s.values.filter((row): row is Cell[] => Array.isArray(row)),
      index: (column) => columns.indexOf(column),
    };
    if (reader.rows.length !== s.values.length) {
      this.problems.push(`${where}: ${s.values.length - reader.rows.length} values are not rows and were skipped`);
    }
    if (reader.index('time') < 0) {
      this.problems.push(`${where}: no time column`);
      return;
    }
    switch (name) {
      case 'flow':
      case 'conduit_flow_rollup':
        this.flows(reader);
        break;
      case 'ot_operation':
        this.otOperations(reader);
        break;
      case 'process_value':
        this.processStats(reader);
        break;
      case 'controller_state':
        this.controllerStates(reader);
        break;
      case 'auth':
        this.auth(reader);
        break;
      case 'alert':
        this.alerts(reader);
        break;
      case 'asset':
        this.assets(reader);
        break;
      default:
        this.problems.push(`${where}: not a measurement observations are made of`);
    }
  }

  /** Calls `read` for every row with a readable time; reports unreadable times and missing columns once. */
  private eachRow(reader: SeriesReader, required: string[], read: (row: Cell[], time: number) => boolean): void {
    const missing = required.filter((c) =>
      c === 'count_*' ? !reader.columns.some((x) => x.startsWith('count_')) : reader.index(c) < 0
    );
    if (missing.length > 0) {
      this.problems.push(`${reader.label}: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
    }
    const timeIndex = reader.index('time');
    let badTimes = 0;
    let unreadable = 0;
    for (const row of reader.rows) {
      const time = influxTimeToMs(row[timeIndex]);
      if (time === undefined) {
        badTimes++;
        continue;
      }
      if (!read(row, time)) {
        unreadable++;
      }
    }
    if (badTimes > 0) {
      this.problems.push(
        `${reader.label}: ${badTimes} row${badTimes === 1 ? '' : 's'} with an unreadable time skipped`
      );
    }
    if (unreadable > 0) {
      this.problems.push(`${reader.label}: ${unreadable} row${unreadable === 1 ? '' : 's'} without values skipped`);
    }
  }

  private bucketBounds(time: number): { bucketStart: number; firstSeen: number; lastSeen: number } {
    return { bucketStart: time, firstSeen: time, lastSeen: time + this.bucketMs - 1 };
  }

  private flows(reader: SeriesReader): void {
    const t = reader.tags;
    // The analyzer's rollup carries both directions in one `bytes` column.
    const both = reader.index('bytes');
    const out = reader.index('bytes_out');
    const inn = reader.index('bytes_in');
    this.eachRow(reader, both >= 0 ? ['count_*', 'bytes'] : ['count_*', 'bytes_out', 'bytes_in'], (row, time) => {
      const connections = countAll(reader, row);
      if (connections === null || connections <= 0) {
        return false;
      }
      const flow: FlowAggregate = {
        ...this.bucketBounds(time),
        bucketMs: this.bucketMs,
        srcIp: t.src_ip ?? '',
        dstIp: t.dst_ip ?? '',
        srcAsset: t.src_asset ?? '',
        dstAsset: t.dst_asset ?? '',
        srcZone: t.src_zone ?? '',
        dstZone: t.dst_zone ?? '',
        transport: t.transport ?? '',
        service: t.service ?? '',
        dstPort: portNumber(t.dst_port),
        connections,
        bytes: both >= 0 ? (numberCell(row[both]) ?? 0) : (numberCell(row[out]) ?? 0) + (numberCell(row[inn]) ?? 0),
      };
      this.observations.flows.push(flow);
      return true;
    });
  }

  private otOperations(reader: SeriesReader): void {
    const t = reader.tags;
    const minAddress = reader.index('min_address');
    const maxAddress = reader.index('max_address');
    const lastValue = reader.index('last_value');
    this.eachRow(reader, ['count_*'], (row, time) => {
      const count = countAll(reader, row);
      if (count === null || count <= 0) {
        return false;
      }
      const op: OtOperationAggregate = {
        ...this.bucketBounds(time),
        bucketMs: this.bucketMs,
        srcIp: t.src_ip ?? '',
        dstIp: t.dst_ip ?? '',
        srcAsset: t.src_asset ?? '',
        dstAsset: t.dst_asset ?? '',
        srcZone: t.src_zone ?? '',
        dstZone: t.dst_zone ?? '',
        protocol: t.protocol ?? '',
        operation: t.operation ?? '',
        functionCode: t.function_code ?? '',
        count,
        minAddress: numberCell(row[minAddress]),
        maxAddress: numberCell(row[maxAddress]),
        lastValue: numberCell(row[lastValue]),
      };
      this.observations.otOperations.push(op);
      return true;
    });
  }

  private processStats(reader: SeriesReader): void {
    const t = reader.tags;
    const names = ['count', 'mean', 'median', 'min', 'max', 'first', 'last'] as const;
    const at = names.map((n) => reader.index(n));
    const distinctIndex = reader.index('distinct');
    this.eachRow(reader, [...names], (row, time) => {
      const [count, mean, med, min, max, first, last] = at.map((i) => numberCell(row[i]));
      if (count === null || count <= 0 || mean === null || med === null || min === null || max === null) {
        return false;
      }
      const distinct = numberCell(row[distinctIndex]) ?? (min === max ? 1 : Math.min(2, count));
      const stat: ProcessPointStat = {
        bucketStart: time,
        bucketMs: this.bucketMs,
        asset: t.asset ?? '',
        zone: t.zone ?? '',
        point: t.point ?? '',
        kind: t.kind ?? '',
        unit: t.unit ?? '',
        count,
        mean,
        median: med,
        min,
        max,
        first: first ?? min,
        last: last ?? max,
        distinct,
      };
      this.observations.processStats.push(stat);
      return true;
    });
  }

  private controllerStates(reader: SeriesReader): void {
    const t = reader.tags;
    const mode = reader.index('mode');
    const hash = reader.index('program_hash');
    const firmware = reader.index('firmware');
    this.eachRow(reader, ['mode', 'program_hash', 'firmware'], (row, time) => {
      const sample: ControllerStateSample = {
        time,
        asset: t.asset ?? '',
        zone: t.zone ?? '',
        mode: textCell(row[mode]),
        programHash: textCell(row[hash]),
        firmware: textCell(row[firmware]),
      };
      if (sample.mode === '' && sample.programHash === '' && sample.firmware === '') {
        return false;
      }
      this.observations.controllerStates.push(sample);
      return true;
    });
  }

  private auth(reader: SeriesReader): void {
    const t = reader.tags;
    const attempts = reader.index('attempts');
    this.eachRow(reader, ['attempts'], (row, time) => {
      const count = numberCell(row[attempts]) ?? countAll(reader, row);
      if (count === null || count <= 0) {
        return false;
      }
      const aggregate: AuthAggregate = {
        ...this.bucketBounds(time),
        bucketMs: this.bucketMs,
        asset: t.asset ?? '',
        zone: t.zone ?? '',
        srcIp: t.src_ip ?? '',
        srcAsset: t.src_asset ?? '',
        srcZone: t.src_zone ?? '',
        user: t.user ?? '',
        method: t.method ?? '',
        result: t.result ?? '',
        count,
      };
      this.observations.auth.push(aggregate);
      return true;
    });
  }

  private alerts(reader: SeriesReader): void {
    const t = reader.tags;
    const signature = reader.index('signature');
    const category = reader.index('category');
    const message = reader.index('message');
    this.eachRow(reader, ['signature', 'category', 'message'], (row, time) => {
      const alert: AlertRecord = {
        time,
        source: t.source ?? '',
        severity: t.severity ?? '',
        asset: t.asset ?? '',
        zone: t.zone ?? '',
        srcIp: t.src_ip ?? '',
        dstIp: t.dst_ip ?? '',
        technique: t.technique ?? '',
        signature: textCell(row[signature]),
        category: textCell(row[category]),
        message: textCell(row[message]),
      };
      this.observations.alerts.push(alert);
      return true;
    });
  }

  private assets(reader: SeriesReader): void {
    const t = reader.tags;
    const at = (name: string) => reader.index(name);
    const [ip, firmware, criticality, vulnCount, known, cvss] = [
      'ip',
      'firmware',
      'criticality',
      'vuln_count',
      'vuln_known_exploited',
      'cvss_max',
    ].map(at);
    this.eachRow(reader, ['ip'], (row, time) => {
      const asset: AssetRecord = {
        time,
        asset: t.asset ?? '',
        zone: t.zone ?? '',
        role: t.role ?? '',
        vendor: t.vendor ?? '',
        model: t.model ?? '',
        ip: textCell(row[ip]),
        firmware: textCell(row[firmware]),
        criticality: numberCell(row[criticality]) ?? 0,
        vulnCount: numberCell(row[vulnCount]) ?? 0,
        vulnKnownExploited: numberCell(row[known]) ?? 0,
        cvssMax: numberCell(row[cvss]) ?? 0,
      };
      this.observations.assets.push(asset);
      return true;
    });
  }
}

/**
 * Observations from one InfluxDB answer or a list of them (one per store and statement batch).
 * Never throws; what could not be read is named in `problems`.
 */
export function observationsFromInfluxResults(answers: unknown, options: InfluxObservationOptions): InfluxObservations {
  const collector = new Collector(options);
  const list = Array.isArray(answers) ? answers : [answers];
  list.forEach((answer: unknown, i) => collector.answer(answer, list.length === 1 ? 'answer' : `answer ${i}`));
  return { observations: sortObservations(collector.observations), problems: collector.problems };
}
