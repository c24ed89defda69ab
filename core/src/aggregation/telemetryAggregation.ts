/**
 * The core's own aggregation of raw telemetry into observations: the same totals and statistics that
 * `observationQueries` asks InfluxDB for, so the command line (raw files, the simulator in-process) and the
 * datasource (the store) feed one detector code.
 *
 * One pass over the points, grouped through a trie of tag values (see seriesTrie.ts). While it runs, times
 * are kept as offsets from the first point's bucket and buckets as slot numbers, small whole numbers that
 * never need a heap box; no record allocates anything but amortised room in the log of process values.
 * The observations, with epoch milliseconds, are made once at the end.
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
  type BucketClock,
  descend,
  matchSeries,
  mergeSeries,
  Series,
  type SeriesTags,
  type TrieNode,
  trieNode,
} from './seriesTrie';
import { sortedRunDistinct, sortedRunMedian, sortRun } from './sortedValues';
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

type Tags = SeriesTags;
type Fields = Record<string, number | string | boolean | undefined>;

/** A series that counts its records (or a count each carries) and keeps their first and last time, per bucket. */
abstract class TallySeries<R> extends Series<R> {
  count = 0;
  firstOffset = 0;
  lastOffset = 0;

  /** Adds `count` at `offset` to the bucket at `slot`; true when that bucket is new. */
  protected tally(slot: number, offset: number, count: number): boolean {
    if (slot !== this.slot && this.moveTo(slot)) {
      this.count = count;
      this.firstOffset = offset;
      this.lastOffset = offset;
      return true;
    }
    this.count += count;
    if (offset < this.firstOffset) {
      this.firstOffset = offset;
    }
    if (offset > this.lastOffset) {
      this.lastOffset = offset;
    }
    return false;
  }

  /** Takes a closed bucket's tally back. */
  protected loadTally(count: number, firstSeen: number, lastSeen: number): void {
    this.count = count;
    this.firstOffset = firstSeen - this.clock.anchor;
    this.lastOffset = lastSeen - this.clock.anchor;
  }
}

/** Connections and bytes of one flow series, one bucket at a time. */
class FlowSeries extends TallySeries<FlowAggregate> {
  private readonly srcIp: string;
  private readonly dstIp: string;
  private readonly dstPort: number;
  bytes = 0;

  constructor(clock: BucketClock, tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) {
    super(clock, r0, r1, r2, r3, r4, r5);
    this.srcIp = text(tags.src_ip);
    this.dstIp = text(tags.dst_ip);
    this.dstPort = portNumber(tags.dst_port);
  }

  protected save(into: FlowAggregate | undefined): FlowAggregate {
    const { anchor, bucketMs } = this.clock;
    if (into !== undefined) {
      into.connections = this.count;
      into.bytes = this.bytes;
      into.firstSeen = anchor + this.firstOffset;
      into.lastSeen = anchor + this.lastOffset;
      return into;
    }
    return {
      bucketStart: anchor + this.slot * bucketMs,
      bucketMs,
      srcIp: this.srcIp,
      dstIp: this.dstIp,
      srcAsset: this.r2,
      dstAsset: this.r3,
      srcZone: this.r4,
      dstZone: this.r5,
      transport: this.r1,
      service: this.r0,
      dstPort: this.dstPort,
      connections: this.count,
      bytes: this.bytes,
      firstSeen: anchor + this.firstOffset,
      lastSeen: anchor + this.lastOffset,
    };
  }

  protected load(flow: FlowAggregate): void {
    this.loadTally(flow.connections, flow.firstSeen, flow.lastSeen);
    this.bytes = flow.bytes;
  }

  record(slot: number, offset: number, bytes: number): void {
    if (this.tally(slot, offset, 1)) {
      this.bytes = bytes;
    } else {
      this.bytes += bytes;
    }
  }
}

/** Attempts of one authentication series, one bucket at a time. */
class AuthSeries extends TallySeries<AuthAggregate> {
  private readonly asset: string;
  private readonly srcIp: string;
  private readonly result: string;

  constructor(clock: BucketClock, tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) {
    super(clock, r0, r1, r2, r3, r4, r5);
    this.asset = text(tags.asset);
    this.srcIp = text(tags.src_ip);
    this.result = text(tags.result);
  }

  protected save(into: AuthAggregate | undefined): AuthAggregate {
    const { anchor, bucketMs } = this.clock;
    if (into !== undefined) {
      into.count = this.count;
      into.firstSeen = anchor + this.firstOffset;
      into.lastSeen = anchor + this.lastOffset;
      return into;
    }
    return {
      bucketStart: anchor + this.slot * bucketMs,
      bucketMs,
      asset: this.asset,
      zone: this.r2,
      srcIp: this.srcIp,
      srcAsset: this.r3,
      srcZone: this.r4,
      user: this.r0,
      method: this.r1,
      result: this.result,
      count: this.count,
      firstSeen: anchor + this.firstOffset,
      lastSeen: anchor + this.lastOffset,
    };
  }

  protected load(auth: AuthAggregate): void {
    this.loadTally(auth.count, auth.firstSeen, auth.lastSeen);
  }

  record(slot: number, offset: number, attempts: number): void {
    this.tally(slot, offset, attempts);
  }
}

/** OT requests of one series, one bucket at a time; NaN stands for a value not seen yet. */
class OtSeries extends TallySeries<OtOperationAggregate> {
  private readonly srcIp: string;
  private readonly dstIp: string;
  private readonly functionCode: string;
  /** The time of each closed bucket's last value, by record index, for a reopened bucket to break ties. */
  private readonly lastValueOffsets: number[] = [];
  minAddress = Number.NaN;
  maxAddress = Number.NaN;
  lastValue = Number.NaN;
  lastValueOffset = -Infinity;

  constructor(clock: BucketClock, tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) {
    super(clock, r0, r1, r2, r3, r4, r5);
    this.srcIp = text(tags.src_ip);
    this.dstIp = text(tags.dst_ip);
    this.functionCode = text(tags.function_code);
  }

  protected save(into: OtOperationAggregate | undefined, index: number): OtOperationAggregate {
    const { anchor, bucketMs } = this.clock;
    this.lastValueOffsets[index] = this.lastValueOffset;
    const operation = into ?? {
      bucketStart: anchor + this.slot * bucketMs,
      bucketMs,
      srcIp: this.srcIp,
      dstIp: this.dstIp,
      srcAsset: this.r2,
      dstAsset: this.r3,
      srcZone: this.r4,
      dstZone: this.r5,
      protocol: this.r0,
      operation: this.r1,
      functionCode: this.functionCode,
      count: 0,
      minAddress: null,
      maxAddress: null,
      lastValue: null,
      firstSeen: 0,
      lastSeen: 0,
    };
    operation.count = this.count;
    operation.minAddress = orNull(this.minAddress);
    operation.maxAddress = orNull(this.maxAddress);
    operation.lastValue = orNull(this.lastValue);
    operation.firstSeen = anchor + this.firstOffset;
    operation.lastSeen = anchor + this.lastOffset;
    return operation;
  }

  protected load(operation: OtOperationAggregate, index: number): void {
    this.loadTally(operation.count, operation.firstSeen, operation.lastSeen);
    this.minAddress = operation.minAddress ?? Number.NaN;
    this.maxAddress = operation.maxAddress ?? Number.NaN;
    this.lastValue = operation.lastValue ?? Number.NaN;
    this.lastValueOffset = this.lastValueOffsets[index];
  }

  record(slot: number, offset: number, fields: Fields): void {
    if (this.tally(slot, offset, 1)) {
      this.minAddress = Number.NaN;
      this.maxAddress = Number.NaN;
      this.lastValue = Number.NaN;
      this.lastValueOffset = -Infinity;
    }
    const address = fields.address;
    if (typeof address === 'number' && Number.isFinite(address)) {
      if (!(address >= this.minAddress)) {
        this.minAddress = address;
      }
      if (!(address <= this.maxAddress)) {
        this.maxAddress = address;
      }
    }
    // Ties go to the later record, as a store keeps the last write of a series at one timestamp.
    const value = fields.value;
    if (typeof value === 'number' && Number.isFinite(value) && offset >= this.lastValueOffset) {
      this.lastValue = value;
      this.lastValueOffset = offset;
    }
  }
}

/** One process point's samples, one bucket at a time. */
class ProcessSeries extends Series<ProcessPointStat> {
  private readonly asset: string;
  private readonly point: string;
  /** The open bucket's values in the first `size` places; reused from bucket to bucket. */
  private values = new Float64Array(16);
  /**
   * What a reopened bucket needs again and its statistic does not carry: each closed bucket's values, one
   * after another in one array (a typed array per bucket costs far more to allocate than its values), its
   * exact sum (the mean times the count may differ in the last bits) and its first and last sample times,
   * by record index.
   */
  private readonly closedValues: number[] = [];
  private readonly valuesStart: number[] = [];
  private readonly sums: number[] = [];
  private readonly firstOffsets: number[] = [];
  private readonly lastOffsets: number[] = [];
  size = 0;
  sum = 0;
  min = 0;
  max = 0;
  first = 0;
  last = 0;
  firstOffset = 0;
  lastOffset = 0;

  constructor(clock: BucketClock, tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) {
    super(clock, r0, r1, r2, r3, r4, r5);
    this.asset = text(tags.asset);
    this.point = text(tags.point);
  }

  protected save(into: ProcessPointStat | undefined, index: number): ProcessPointStat {
    const { anchor, bucketMs } = this.clock;
    const size = this.size;
    const values = this.values;
    sortRun(values, 0, size);
    this.valuesStart[index] = this.closedValues.length;
    for (let i = 0; i < size; i++) {
      this.closedValues.push(values[i]);
    }
    this.sums[index] = this.sum;
    this.firstOffsets[index] = this.firstOffset;
    this.lastOffsets[index] = this.lastOffset;
    const stat = into ?? {
      bucketStart: anchor + this.slot * bucketMs,
      bucketMs,
      asset: this.asset,
      zone: this.r0,
      point: this.point,
      kind: this.r1,
      unit: this.r2,
      count: 0,
      mean: 0,
      median: 0,
      min: 0,
      max: 0,
      first: 0,
      last: 0,
      distinct: 0,
    };
    stat.count = size;
    stat.mean = this.sum / size;
    stat.median = sortedRunMedian(values, 0, size);
    stat.min = this.min;
    stat.max = this.max;
    stat.first = this.first;
    stat.last = this.last;
    stat.distinct = sortedRunDistinct(values, 0, size);
    return stat;
  }

  protected load(stat: ProcessPointStat, index: number): void {
    const start = this.valuesStart[index];
    const size = stat.count;
    this.size = 0;
    this.reserve(size);
    for (let i = 0; i < size; i++) {
      this.values[i] = this.closedValues[start + i];
    }
    this.size = size;
    this.sum = this.sums[index];
    this.min = stat.min;
    this.max = stat.max;
    this.first = stat.first;
    this.last = stat.last;
    this.firstOffset = this.firstOffsets[index];
    this.lastOffset = this.lastOffsets[index];
  }

  record(slot: number, offset: number, value: number): void {
    if (slot !== this.slot && this.moveTo(slot)) {
      this.size = 0;
      this.sum = 0;
      this.min = value;
      this.max = value;
      this.first = value;
      this.last = value;
      this.firstOffset = offset;
      this.lastOffset = offset;
    }
    const size = this.size;
    if (size === this.values.length) {
      this.reserve(size + 1);
    }
    this.values[size] = value;
    this.size = size + 1;
    this.sum += value;
    if (value < this.min) {
      this.min = value;
    }
    if (value > this.max) {
      this.max = value;
    }
    if (offset < this.firstOffset) {
      this.firstOffset = offset;
      this.first = value;
    }
    if (offset >= this.lastOffset) {
      this.lastOffset = offset;
      this.last = value;
    }
  }

  private reserve(length: number): void {
    if (length <= this.values.length) {
      return;
    }
    const grown = new Float64Array(Math.max(length, this.values.length * 2));
    grown.set(this.values.subarray(0, this.size));
    this.values = grown;
  }
}

type Trie<S> = TrieNode<S[]>;

function text(value: string | undefined): string {
  return value === undefined ? '' : value;
}

function fieldText(value: number | string | boolean | undefined): string {
  return value === undefined ? '' : String(value);
}

function fieldNumber(value: number | string | boolean | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
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
function candidatesAt<S>(node: Trie<S>): S[] {
  let candidates = node.leaf;
  if (candidates === undefined) {
    candidates = [];
    node.leaf = candidates;
  }
  return candidates;
}

class Aggregator implements BucketClock {
  readonly flowTrie: Trie<FlowSeries> = trieNode();
  readonly flowSeries: FlowSeries[] = [];
  readonly otTrie: Trie<OtSeries> = trieNode();
  readonly otSeries: OtSeries[] = [];
  readonly processTrie: Trie<ProcessSeries> = trieNode();
  readonly processSeries: ProcessSeries[] = [];
  readonly authTrie: Trie<AuthSeries> = trieNode();
  readonly authSeries: AuthSeries[] = [];
  readonly controllerStates: ControllerStateSample[] = [];
  readonly alerts: AlertRecord[] = [];
  readonly assets: AssetRecord[] = [];

  /** Epoch milliseconds of slot 0, the first point's bucket; offsets and slots count from here. */
  anchor = Number.NaN;
  /**
   * The current point's time as an offset from the anchor and its bucket's slot. The walk sets them in
   * place for the handlers, as a number passed in a call would be boxed on the heap on every point.
   */
  offset = 0;
  slot = 0;

  constructor(readonly bucketMs: number) {}

  flow(tags: Tags, fields: Fields): void {
    const node = descend(descend(descend(this.flowTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''), tags.dst_port ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.flowSeries,
      FlowSeries,
      this,
      tags,
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
    series.record(this.slot, this.offset, bytes);
  }

  otOperation(tags: Tags, fields: Fields): void {
    const node = descend(descend(descend(this.otTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''), tags.function_code ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.otSeries,
      OtSeries,
      this,
      tags,
      tags.protocol ?? '',
      tags.operation ?? '',
      tags.src_asset ?? '',
      tags.dst_asset ?? '',
      tags.src_zone ?? '',
      tags.dst_zone ?? ''
    );
    series.record(this.slot, this.offset, fields);
  }

  processValue(tags: Tags, fields: Fields): boolean {
    const value = fields.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return false;
    }
    const node = descend(descend(this.processTrie, tags.asset ?? ''), tags.point ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.processSeries,
      ProcessSeries,
      this,
      tags,
      tags.zone ?? '',
      tags.kind ?? '',
      tags.unit ?? '',
      '',
      '',
      ''
    );
    series.record(this.slot, this.offset, value);
    return true;
  }

  auth(tags: Tags, fields: Fields): void {
    const node = descend(descend(descend(this.authTrie, tags.asset ?? ''), tags.src_ip ?? ''), tags.result ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.authSeries,
      AuthSeries,
      this,
      tags,
      tags.user ?? '',
      tags.method ?? '',
      tags.zone ?? '',
      tags.src_asset ?? '',
      tags.src_zone ?? '',
      ''
    );
    series.record(this.slot, this.offset, fieldNumber(fields.count) ?? 1);
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
    observations.flows = mergeSeries(this.flowSeries, compareFlowSeries);
    observations.otOperations = mergeSeries(this.otSeries, compareOtOperationSeries);
    observations.processStats = mergeSeries(this.processSeries, compareProcessSeries);
    observations.auth = mergeSeries(this.authSeries, compareAuthSeries);
    observations.controllerStates = this.controllerStates.sort(compareControllerStates);
    observations.alerts = this.alerts.sort(compareAlerts);
    observations.assets = this.assets.sort(compareAssets);
    return observations;
  }
}

/** Points taken from an iterable at a time, so a stream is walked by the array loop without being held whole. */
const CHUNK = 4096;

/** Aggregates raw points into observations; points of measurements outside the contract are ignored. */
export function aggregateTelemetry(points: Iterable<TelemetryPoint>, options: AggregationOptions): Observations {
  const bucketMs = normaliseBucketMs(options.bucketMs);
  const limit = options.range;
  const from = limit !== undefined && Number.isFinite(limit.from) ? limit.from : -Infinity;
  const to = limit !== undefined && Number.isFinite(limit.to) ? limit.to : Infinity;
  const aggregator = new Aggregator(bucketMs);
  // The earliest and latest time of a point kept, carried from chunk to chunk.
  const seen = Float64Array.of(Infinity, -Infinity);
  if (Array.isArray(points)) {
    addPoints(aggregator, points as readonly TelemetryPoint[], from, to, seen);
  } else {
    let chunk: TelemetryPoint[] = [];
    for (const point of points) {
      chunk.push(point);
      if (chunk.length === CHUNK) {
        addPoints(aggregator, chunk, from, to, seen);
        chunk = [];
      }
    }
    addPoints(aggregator, chunk, from, to, seen);
  }
  const range =
    limit !== undefined
      ? { from: limit.from, to: limit.to }
      : seen[0] <= seen[1]
        ? { from: bucketStartOf(seen[0], bucketMs), to: bucketStartOf(seen[1], bucketMs) + bucketMs }
        : { from: 0, to: 0 };
  return aggregator.finish(range);
}

/**
 * One pass over `list`. It ends with its loop and hands its result back in a typed array: a property
 * store after the loop would have no type feedback when the loop is optimised mid-run, and the optimised
 * code would be thrown away there on every call.
 */
function addPoints(
  aggregator: Aggregator,
  list: readonly TelemetryPoint[],
  from: number,
  to: number,
  seen: Float64Array
): void {
  const bucketMs = aggregator.bucketMs;
  let anchor = aggregator.anchor;
  let minTime = seen[0];
  let maxTime = seen[1];
  let lastNs: bigint | number | undefined;
  let lastMs = Number.NaN;
  let lastSlot = 0;
  let slotStart = Number.NaN;
  for (let index = 0; index < list.length; index++) {
    const point = list[index];
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
      if (!(lastMs >= slotStart && lastMs < slotStart + bucketMs)) {
        slotStart = bucketStartOf(lastMs, bucketMs);
        if (anchor !== anchor) {
          anchor = slotStart;
          aggregator.anchor = anchor;
        }
        lastSlot = (slotStart - anchor) / bucketMs;
      }
    }
    const time = lastMs;
    if (!(time >= from && time < to)) {
      continue;
    }
    const tags: Tags = point.tags ?? {};
    const fields: Fields = point.fields ?? {};
    aggregator.offset = time - anchor;
    aggregator.slot = lastSlot;
    let kept = true;
    switch (point.measurement) {
      case 'flow':
        aggregator.flow(tags, fields);
        break;
      case 'ot_operation':
        aggregator.otOperation(tags, fields);
        break;
      case 'process_value':
        kept = aggregator.processValue(tags, fields);
        break;
      case 'auth':
        aggregator.auth(tags, fields);
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
  seen[0] = minTime;
  seen[1] = maxTime;
}
