/**
 * The core's own aggregation of raw telemetry into observations: the same totals and statistics that
 * `observationQueries` asks InfluxDB for, so the command line (raw files, the simulator in-process) and the
 * datasource (the store) feed one detector code.
 *
 * One pass over the points; the only allocation per point is the grouping key, plus amortised growth of
 * the per-bucket value buffers that the median needs.
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
import type { TelemetryPoint } from '../telemetryContract';
import { emptyObservations, sortObservations } from './observationOrder';
import { bucketStartOf, nanosecondsToMs } from './telemetryTime';

export interface AggregationOptions {
  /** Bucket width in milliseconds; anything but a positive whole number falls back to one minute. */
  bucketMs: number;
  /**
   * Only points in [from, to) count, as a store query's WHERE clause would have it. Without a range, the
   * range is the buckets the points fall in.
   */
  range?: { from: number; to: number };
}

export const DEFAULT_BUCKET_MS = 60_000;

/** A bucket width that is safe to divide by. */
export function normaliseBucketMs(bucketMs: number): number {
  return Number.isFinite(bucketMs) && bucketMs >= 1 ? Math.floor(bucketMs) : DEFAULT_BUCKET_MS;
}

type Tags = Record<string, string | undefined>;
type Fields = Record<string, number | string | boolean | undefined>;

interface ProcessAccumulator {
  stat: ProcessPointStat;
  values: Float64Array;
  size: number;
  sum: number;
  firstTime: number;
  lastTime: number;
}

interface OtAccumulator {
  aggregate: OtOperationAggregate;
  lastValueTime: number;
}

const SEP = '\u0001';

function text(value: string | undefined): string {
  return value === undefined ? '' : value;
}

function fieldText(value: number | string | boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

function fieldNumber(value: number | string | boolean | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A port tag as a number; an absent or malformed tag is port 0, as it is when the store answers. */
export function portNumber(tag: string | undefined): number {
  if (tag === undefined || tag === '') {
    return 0;
  }
  const port = Number(tag);
  return Number.isFinite(port) ? port : 0;
}

/** Aggregates raw points into observations; points of measurements outside the contract are ignored. */
export function aggregateTelemetry(points: Iterable<TelemetryPoint>, options: AggregationOptions): Observations {
  const bucketMs = normaliseBucketMs(options.bucketMs);
  const limit = options.range;
  const from = limit !== undefined && Number.isFinite(limit.from) ? limit.from : -Infinity;
  const to = limit !== undefined && Number.isFinite(limit.to) ? limit.to : Infinity;

  const flows = new Map<string, FlowAggregate>();
  const otOperations = new Map<string, OtAccumulator>();
  const processStats = new Map<string, ProcessAccumulator>();
  const auth = new Map<string, AuthAggregate>();
  const controllerStates: ControllerStateSample[] = [];
  const alerts: AlertRecord[] = [];
  const assets: AssetRecord[] = [];
  let minTime = Infinity;
  let maxTime = -Infinity;

  for (const point of points) {
    if (point === null || typeof point !== 'object' || point.tags === null || point.fields === null) {
      continue;
    }
    const time = nanosecondsToMs(point.timestampNs);
    if (!(time >= from && time < to)) {
      continue;
    }
    const tags: Tags = point.tags ?? {};
    const fields: Fields = point.fields ?? {};
    const bucket = bucketStartOf(time, bucketMs);
    let kept = true;
    switch (point.measurement) {
      case 'flow':
        addFlow(flows, tags, fields, time, bucket, bucketMs);
        break;
      case 'ot_operation':
        addOtOperation(otOperations, tags, fields, time, bucket, bucketMs);
        break;
      case 'process_value':
        kept = addProcessValue(processStats, tags, fields, time, bucket, bucketMs);
        break;
      case 'auth':
        addAuth(auth, tags, fields, time, bucket, bucketMs);
        break;
      case 'controller_state':
        kept = addControllerState(controllerStates, tags, fields, time);
        break;
      case 'alert':
        alerts.push({
          time,
          source: text(tags.source),
          severity: text(tags.severity),
          asset: text(tags.asset),
          zone: text(tags.zone),
          srcIp: text(tags.src_ip),
          dstIp: text(tags.dst_ip),
          technique: text(tags.technique),
          signature: fieldText(fields.signature),
          category: fieldText(fields.category),
          message: fieldText(fields.message),
        });
        break;
      case 'asset':
        assets.push({
          time,
          asset: text(tags.asset),
          zone: text(tags.zone),
          role: text(tags.role),
          vendor: text(tags.vendor),
          model: text(tags.model),
          ip: fieldText(fields.ip),
          firmware: fieldText(fields.firmware),
          criticality: fieldNumber(fields.criticality) ?? 0,
          vulnCount: fieldNumber(fields.vuln_count) ?? 0,
          vulnKnownExploited: fieldNumber(fields.vuln_known_exploited) ?? 0,
          cvssMax: fieldNumber(fields.cvss_max) ?? 0,
        });
        break;
      default:
        kept = false;
    }
    if (kept) {
      if (time < minTime) {
        minTime = time;
      }
      if (time > maxTime) {
        maxTime = time;
      }
    }
  }

  const range =
    limit !== undefined
      ? { from: limit.from, to: limit.to }
      : minTime <= maxTime
        ? { from: bucketStartOf(minTime, bucketMs), to: bucketStartOf(maxTime, bucketMs) + bucketMs }
        : { from: 0, to: 0 };
  const observations = emptyObservations(range.from, range.to);
  observations.flows = Array.from(flows.values());
  observations.otOperations = Array.from(otOperations.values(), (a) => a.aggregate);
  observations.processStats = Array.from(processStats.values(), finishProcessStat);
  observations.auth = Array.from(auth.values());
  observations.controllerStates = controllerStates;
  observations.alerts = alerts;
  observations.assets = assets;
  return sortObservations(observations);
}

function addFlow(
  flows: Map<string, FlowAggregate>,
  tags: Tags,
  fields: Fields,
  time: number,
  bucket: number,
  bucketMs: number
): void {
  const key =
    bucket +
    SEP +
    (tags.src_ip ?? '') +
    SEP +
    (tags.dst_ip ?? '') +
    SEP +
    (tags.src_asset ?? '') +
    SEP +
    (tags.dst_asset ?? '') +
    SEP +
    (tags.src_zone ?? '') +
    SEP +
    (tags.dst_zone ?? '') +
    SEP +
    (tags.transport ?? '') +
    SEP +
    (tags.service ?? '') +
    SEP +
    (tags.dst_port ?? '');
  const bytesOut = fields.bytes_out;
  const bytesIn = fields.bytes_in;
  const bytes = (typeof bytesOut === 'number' ? bytesOut : 0) + (typeof bytesIn === 'number' ? bytesIn : 0);
  const found = flows.get(key);
  if (found !== undefined) {
    found.connections++;
    found.bytes += bytes;
    if (time < found.firstSeen) {
      found.firstSeen = time;
    }
    if (time > found.lastSeen) {
      found.lastSeen = time;
    }
    return;
  }
  flows.set(key, {
    bucketStart: bucket,
    bucketMs,
    srcIp: text(tags.src_ip),
    dstIp: text(tags.dst_ip),
    srcAsset: text(tags.src_asset),
    dstAsset: text(tags.dst_asset),
    srcZone: text(tags.src_zone),
    dstZone: text(tags.dst_zone),
    transport: text(tags.transport),
    service: text(tags.service),
    dstPort: portNumber(tags.dst_port),
    connections: 1,
    bytes,
    firstSeen: time,
    lastSeen: time,
  });
}

function addOtOperation(
  operations: Map<string, OtAccumulator>,
  tags: Tags,
  fields: Fields,
  time: number,
  bucket: number,
  bucketMs: number
): void {
  const key =
    bucket +
    SEP +
    (tags.src_ip ?? '') +
    SEP +
    (tags.dst_ip ?? '') +
    SEP +
    (tags.src_asset ?? '') +
    SEP +
    (tags.dst_asset ?? '') +
    SEP +
    (tags.src_zone ?? '') +
    SEP +
    (tags.dst_zone ?? '') +
    SEP +
    (tags.protocol ?? '') +
    SEP +
    (tags.operation ?? '') +
    SEP +
    (tags.function_code ?? '');
  const address = fields.address;
  const value = fields.value;
  let found = operations.get(key);
  if (found === undefined) {
    found = {
      aggregate: {
        bucketStart: bucket,
        bucketMs,
        srcIp: text(tags.src_ip),
        dstIp: text(tags.dst_ip),
        srcAsset: text(tags.src_asset),
        dstAsset: text(tags.dst_asset),
        srcZone: text(tags.src_zone),
        dstZone: text(tags.dst_zone),
        protocol: text(tags.protocol),
        operation: text(tags.operation),
        functionCode: text(tags.function_code),
        count: 0,
        minAddress: null,
        maxAddress: null,
        lastValue: null,
        firstSeen: time,
        lastSeen: time,
      },
      lastValueTime: -Infinity,
    };
    operations.set(key, found);
  }
  const aggregate = found.aggregate;
  aggregate.count++;
  if (time < aggregate.firstSeen) {
    aggregate.firstSeen = time;
  }
  if (time > aggregate.lastSeen) {
    aggregate.lastSeen = time;
  }
  if (typeof address === 'number' && Number.isFinite(address)) {
    if (aggregate.minAddress === null || address < aggregate.minAddress) {
      aggregate.minAddress = address;
    }
    if (aggregate.maxAddress === null || address > aggregate.maxAddress) {
      aggregate.maxAddress = address;
    }
  }
  // Ties go to the later record, as a store keeps the last write of a series at one timestamp.
  if (typeof value === 'number' && Number.isFinite(value) && time >= found.lastValueTime) {
    aggregate.lastValue = value;
    found.lastValueTime = time;
  }
}

function addProcessValue(
  stats: Map<string, ProcessAccumulator>,
  tags: Tags,
  fields: Fields,
  time: number,
  bucket: number,
  bucketMs: number
): boolean {
  const value = fields.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return false;
  }
  const key =
    bucket +
    SEP +
    (tags.asset ?? '') +
    SEP +
    (tags.zone ?? '') +
    SEP +
    (tags.point ?? '') +
    SEP +
    (tags.kind ?? '') +
    SEP +
    (tags.unit ?? '');
  let found = stats.get(key);
  if (found === undefined) {
    found = {
      stat: {
        bucketStart: bucket,
        bucketMs,
        asset: text(tags.asset),
        zone: text(tags.zone),
        point: text(tags.point),
        kind: text(tags.kind),
        unit: text(tags.unit),
        count: 0,
        mean: 0,
        median: 0,
        min: value,
        max: value,
        first: value,
        last: value,
        distinct: 0,
      },
      values: new Float64Array(16),
      size: 0,
      sum: 0,
      firstTime: time,
      lastTime: time,
    };
    stats.set(key, found);
  }
  if (found.size === found.values.length) {
    const grown = new Float64Array(found.values.length * 2);
    grown.set(found.values);
    found.values = grown;
  }
  found.values[found.size++] = value;
  found.sum += value;
  const stat = found.stat;
  if (value < stat.min) {
    stat.min = value;
  }
  if (value > stat.max) {
    stat.max = value;
  }
  if (time < found.firstTime) {
    found.firstTime = time;
    stat.first = value;
  }
  if (time >= found.lastTime) {
    found.lastTime = time;
    stat.last = value;
  }
  return true;
}

function finishProcessStat(accumulator: ProcessAccumulator): ProcessPointStat {
  const stat = accumulator.stat;
  const size = accumulator.size;
  const values = accumulator.values.subarray(0, size).sort();
  stat.count = size;
  stat.mean = accumulator.sum / size;
  const middle = size >> 1;
  // The store's median: the middle value, or the mean of the two middle values of an even count.
  stat.median = size % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  let distinct = size > 0 ? 1 : 0;
  for (let i = 1; i < size; i++) {
    if (values[i] !== values[i - 1]) {
      distinct++;
    }
  }
  stat.distinct = distinct;
  return stat;
}

function addAuth(
  auth: Map<string, AuthAggregate>,
  tags: Tags,
  fields: Fields,
  time: number,
  bucket: number,
  bucketMs: number
): void {
  const key =
    bucket +
    SEP +
    (tags.asset ?? '') +
    SEP +
    (tags.zone ?? '') +
    SEP +
    (tags.src_ip ?? '') +
    SEP +
    (tags.src_asset ?? '') +
    SEP +
    (tags.src_zone ?? '') +
    SEP +
    (tags.user ?? '') +
    SEP +
    (tags.method ?? '') +
    SEP +
    (tags.result ?? '');
  const attempts = fieldNumber(fields.count) ?? 1;
  const found = auth.get(key);
  if (found !== undefined) {
    found.count += attempts;
    if (time < found.firstSeen) {
      found.firstSeen = time;
    }
    if (time > found.lastSeen) {
      found.lastSeen = time;
    }
    return;
  }
  auth.set(key, {
    bucketStart: bucket,
    bucketMs,
    asset: text(tags.asset),
    zone: text(tags.zone),
    srcIp: text(tags.src_ip),
    srcAsset: text(tags.src_asset),
    srcZone: text(tags.src_zone),
    user: text(tags.user),
    method: text(tags.method),
    result: text(tags.result),
    count: attempts,
    firstSeen: time,
    lastSeen: time,
  });
}

function addControllerState(states: ControllerStateSample[], tags: Tags, fields: Fields, time: number): boolean {
  const mode = fields.mode;
  const programHash = fields.program_hash;
  const firmware = fields.firmware;
  // A sample carrying only health figures says nothing about mode or identity, as the store's query skips it.
  if (mode === undefined && programHash === undefined && firmware === undefined) {
    return false;
  }
  states.push({
    time,
    asset: text(tags.asset),
    zone: text(tags.zone),
    mode: fieldText(mode),
    programHash: fieldText(programHash),
    firmware: fieldText(firmware),
  });
  return true;
}
