/**
 * The core's own aggregation of raw telemetry into observations: the same totals and statistics that
 * `observationQueries` asks InfluxDB for, so the command line (raw files, the simulator in-process) and the
 * datasource (the store) feed one detector code.
 *
 * One pass over the points, grouped through a trie of tag values (see seriesTrie.ts), so no record
 * allocates anything but amortised room for the values a median needs.
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
import {
  compareAlerts,
  compareAssets,
  compareAuthSeries,
  compareControllerStates,
  compareFlowSeries,
  compareOtOperationSeries,
  compareProcessSeries,
  emptyObservations,
} from './observationOrder';
import {
  type Bucketed,
  descend,
  matchSeries,
  mergeSeries,
  type SeriesBuckets,
  type TrieNode,
  trieNode,
} from './seriesTrie';
import { sortedRunMedian, sortedRunDistinct, sortRun } from './sortedValues';
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
  bucketStart: number;
  stat: ProcessPointStat;
  /** The bucket's values in arrival order, in the first `size` places. */
  values: Float64Array;
  size: number;
  sum: number;
  firstTime: number;
  lastTime: number;
}

interface OtAccumulator {
  bucketStart: number;
  aggregate: OtOperationAggregate;
  lastValueTime: number;
}

type Trie<A extends Bucketed> = TrieNode<Array<SeriesBuckets<A>>>;

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

/** The sibling series under a trie node, created on first use. */
function candidatesAt<A extends Bucketed>(node: Trie<A>): Array<SeriesBuckets<A>> {
  let candidates = node.leaf;
  if (candidates === undefined) {
    candidates = [];
    node.leaf = candidates;
  }
  return candidates;
}

class Aggregator {
  readonly flowTrie: Trie<FlowAggregate> = trieNode();
  readonly flowSeries: Array<SeriesBuckets<FlowAggregate>> = [];
  readonly otTrie: Trie<OtAccumulator> = trieNode();
  readonly otSeries: Array<SeriesBuckets<OtAccumulator>> = [];
  readonly processTrie: Trie<ProcessAccumulator> = trieNode();
  readonly processSeries: Array<SeriesBuckets<ProcessAccumulator>> = [];
  readonly authTrie: Trie<AuthAggregate> = trieNode();
  readonly authSeries: Array<SeriesBuckets<AuthAggregate>> = [];
  readonly controllerStates: ControllerStateSample[] = [];
  readonly alerts: AlertRecord[] = [];
  readonly assets: AssetRecord[] = [];

  /**
   * Times reach the hot methods as offsets from this anchor (the first point's bucket): small whole
   * numbers, which V8 passes without boxing, where epoch milliseconds would be boxed on every call.
   */
  anchor = Number.NaN;

  constructor(private readonly bucketMs: number) {}

  flow(tags: Tags, fields: Fields, timeOffset: number, bucketOffset: number): void {
    const time = this.anchor + timeOffset;
    const bucket = this.anchor + bucketOffset;
    const node = descend(descend(descend(this.flowTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''), tags.dst_port ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.flowSeries,
      tags.service ?? '',
      tags.transport ?? '',
      tags.src_asset ?? '',
      tags.dst_asset ?? '',
      tags.src_zone ?? '',
      tags.dst_zone ?? ''
    );
    const bytesOut = fields.bytes_out;
    const bytesIn = fields.bytes_in;
    const bytes = (typeof bytesOut === 'number' ? bytesOut : 0) + (typeof bytesIn === 'number' ? bytesIn : 0);
    const found = series.find(bucket);
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
    series.add({
      bucketStart: bucket,
      bucketMs: this.bucketMs,
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

  otOperation(tags: Tags, fields: Fields, timeOffset: number, bucketOffset: number): void {
    const time = this.anchor + timeOffset;
    const bucket = this.anchor + bucketOffset;
    const node = descend(descend(descend(this.otTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''), tags.function_code ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.otSeries,
      tags.protocol ?? '',
      tags.operation ?? '',
      tags.src_asset ?? '',
      tags.dst_asset ?? '',
      tags.src_zone ?? '',
      tags.dst_zone ?? ''
    );
    let found = series.find(bucket);
    if (found === undefined) {
      found = {
        bucketStart: bucket,
        aggregate: {
          bucketStart: bucket,
          bucketMs: this.bucketMs,
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
      series.add(found);
    }
    const aggregate = found.aggregate;
    aggregate.count++;
    if (time < aggregate.firstSeen) {
      aggregate.firstSeen = time;
    }
    if (time > aggregate.lastSeen) {
      aggregate.lastSeen = time;
    }
    const address = fields.address;
    if (typeof address === 'number' && Number.isFinite(address)) {
      if (aggregate.minAddress === null || address < aggregate.minAddress) {
        aggregate.minAddress = address;
      }
      if (aggregate.maxAddress === null || address > aggregate.maxAddress) {
        aggregate.maxAddress = address;
      }
    }
    // Ties go to the later record, as a store keeps the last write of a series at one timestamp.
    const value = fields.value;
    if (typeof value === 'number' && Number.isFinite(value) && time >= found.lastValueTime) {
      aggregate.lastValue = value;
      found.lastValueTime = time;
    }
  }

  processValue(tags: Tags, fields: Fields, timeOffset: number, bucketOffset: number): boolean {
    const time = this.anchor + timeOffset;
    const bucket = this.anchor + bucketOffset;
    const value = fields.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return false;
    }
    const node = descend(descend(this.processTrie, tags.asset ?? ''), tags.point ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.processSeries,
      tags.zone ?? '',
      tags.kind ?? '',
      tags.unit ?? '',
      '',
      '',
      ''
    );
    let found = series.find(bucket);
    if (found === undefined) {
      found = {
        bucketStart: bucket,
        stat: {
          bucketStart: bucket,
          bucketMs: this.bucketMs,
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
      series.add(found);
    }
    let values = found.values;
    const size = found.size;
    if (size === values.length) {
      const grown = new Float64Array(size * 2);
      grown.set(values);
      values = grown;
      found.values = grown;
    }
    values[size] = value;
    found.size = size + 1;
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

  auth(tags: Tags, fields: Fields, timeOffset: number, bucketOffset: number): void {
    const time = this.anchor + timeOffset;
    const bucket = this.anchor + bucketOffset;
    const node = descend(descend(descend(this.authTrie, tags.asset ?? ''), tags.src_ip ?? ''), tags.result ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.authSeries,
      tags.user ?? '',
      tags.method ?? '',
      tags.zone ?? '',
      tags.src_asset ?? '',
      tags.src_zone ?? '',
      ''
    );
    const attempts = fieldNumber(fields.count) ?? 1;
    const found = series.find(bucket);
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
    series.add({
      bucketStart: bucket,
      bucketMs: this.bucketMs,
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

  controllerState(tags: Tags, fields: Fields, time: number): boolean {
    const mode = fields.mode;
    const programHash = fields.program_hash;
    const firmware = fields.firmware;
    // A sample carrying only health figures says nothing about mode or identity, as the store's query skips it.
    if (mode === undefined && programHash === undefined && firmware === undefined) {
      return false;
    }
    this.controllerStates.push({
      time,
      asset: text(tags.asset),
      zone: text(tags.zone),
      mode: fieldText(mode),
      programHash: fieldText(programHash),
      firmware: fieldText(firmware),
    });
    return true;
  }

  alert(tags: Tags, fields: Fields, time: number): void {
    this.alerts.push({
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
  }

  asset(tags: Tags, fields: Fields, time: number): void {
    this.assets.push({
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
  }

  finish(range: { from: number; to: number }): Observations {
    const observations = emptyObservations(range.from, range.to);
    observations.flows = mergeSeries(this.flowSeries, compareFlowSeries, (a) => a);
    observations.otOperations = mergeSeries(
      this.otSeries,
      (a, b) => compareOtOperationSeries(a.aggregate, b.aggregate),
      (a) => a.aggregate
    );
    observations.processStats = mergeSeries(
      this.processSeries,
      (a, b) => compareProcessSeries(a.stat, b.stat),
      finishProcessStat
    );
    observations.auth = mergeSeries(this.authSeries, compareAuthSeries, (a) => a);
    observations.controllerStates = this.controllerStates.sort(compareControllerStates);
    observations.alerts = this.alerts.sort(compareAlerts);
    observations.assets = this.assets.sort(compareAssets);
    return observations;
  }
}

/** Aggregates raw points into observations; points of measurements outside the contract are ignored. */
export function aggregateTelemetry(points: Iterable<TelemetryPoint>, options: AggregationOptions): Observations {
  const bucketMs = normaliseBucketMs(options.bucketMs);
  const limit = options.range;
  const from = limit !== undefined && Number.isFinite(limit.from) ? limit.from : -Infinity;
  const to = limit !== undefined && Number.isFinite(limit.to) ? limit.to : Infinity;
  const aggregator = new Aggregator(bucketMs);
  let minTime = Infinity;
  let maxTime = -Infinity;
  let lastNs: bigint | number | undefined;
  let lastMs = Number.NaN;
  let lastBucket = Number.NaN;

  // Arrays are walked by index, which the JIT turns into a tighter loop than the iterator protocol.
  const list = Array.isArray(points) ? (points as readonly TelemetryPoint[]) : undefined;
  const iterator = list === undefined ? points[Symbol.iterator]() : undefined;
  for (let index = 0; ; index++) {
    let point: TelemetryPoint;
    if (list !== undefined) {
      if (index >= list.length) {
        break;
      }
      point = list[index];
    } else {
      const step = (iterator as Iterator<TelemetryPoint>).next();
      if (step.done === true) {
        break;
      }
      point = step.value;
    }
    if (point === null || typeof point !== 'object' || point.tags === null || point.fields === null) {
      continue;
    }
    // Points sampled together share a timestamp, which is then converted once.
    const timestampNs = point.timestampNs;
    if (timestampNs !== lastNs) {
      lastNs = timestampNs;
      // nanosecondsToMs's common case inline, so the millisecond is never boxed for a return.
      const approx = Number(timestampNs) / 1e6;
      const floor = Math.floor(approx);
      const fraction = approx - floor;
      lastMs = fraction > 1e-3 && fraction < 1 - 1e-3 ? floor : nanosecondsToMs(timestampNs);
      // A remainder of epoch milliseconds is a floating-point modulo; consecutive points mostly share a bucket.
      if (!(lastMs >= lastBucket && lastMs < lastBucket + bucketMs)) {
        lastBucket = lastMs - (((lastMs % bucketMs) + bucketMs) % bucketMs);
      }
    }
    const time = lastMs;
    if (!(time >= from && time < to)) {
      continue;
    }
    const tags: Tags = point.tags ?? {};
    const fields: Fields = point.fields ?? {};
    const bucket = lastBucket;
    if (Number.isNaN(aggregator.anchor)) {
      aggregator.anchor = bucket;
    }
    const timeOffset = time - aggregator.anchor;
    const bucketOffset = bucket - aggregator.anchor;
    let kept = true;
    switch (point.measurement) {
      case 'flow':
        aggregator.flow(tags, fields, timeOffset, bucketOffset);
        break;
      case 'ot_operation':
        aggregator.otOperation(tags, fields, timeOffset, bucketOffset);
        break;
      case 'process_value':
        kept = aggregator.processValue(tags, fields, timeOffset, bucketOffset);
        break;
      case 'auth':
        aggregator.auth(tags, fields, timeOffset, bucketOffset);
        break;
      case 'controller_state':
        kept = aggregator.controllerState(tags, fields, time);
        break;
      case 'alert':
        aggregator.alert(tags, fields, time);
        break;
      case 'asset':
        aggregator.asset(tags, fields, time);
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
  return aggregator.finish(range);
}

function finishProcessStat(accumulator: ProcessAccumulator): ProcessPointStat {
  const stat = accumulator.stat;
  const size = accumulator.size;
  const values = accumulator.values;
  sortRun(values, 0, size);
  stat.count = size;
  stat.mean = accumulator.sum / size;
  stat.median = sortedRunMedian(values, 0, size);
  stat.distinct = sortedRunDistinct(values, 0, size);
  return stat;
}
