/**
 * The core's own aggregation of raw telemetry into observations: the same totals and statistics that
 * `observationQueries` asks InfluxDB for, so the command line (raw files, the simulator in-process) and the
 * datasource (the store) feed one detector code.
 *
 * One pass over the points, grouped through a trie of tag values (see seriesTrie.ts). While it runs, a
 * point's time stays the bigint it came with: it is compared with the open bucket's bounds and with a
 * series' first and last times, which allocates nothing, where turning each into a number would allocate a
 * heap number per point. Buckets are slot numbers, small whole numbers from the first point's bucket, and
 * times become epoch milliseconds once per bucket, when the bucket closes.
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
/** A point's time as it came: nanoseconds since the epoch. */
type Nanoseconds = bigint;

/** A series that counts its records (or a count each carries) and keeps their first and last time, per bucket. */
abstract class TallySeries<R> extends Series<R> {
  count = 0;
  firstNs: Nanoseconds = 0n;
  lastNs: Nanoseconds = 0n;
  /** Each closed bucket's exact first and last time, by record index, for a reopened bucket to go on from. */
  private readonly closedFirstNs: Nanoseconds[] = [];
  private readonly closedLastNs: Nanoseconds[] = [];

  /** Adds `count` at `ns` to the bucket at `slot`; true when that bucket is new. */
  protected tally(slot: number, ns: Nanoseconds, count: number): boolean {
    if (slot !== this.slot && this.moveTo(slot)) {
      this.count = count;
      this.firstNs = ns;
      this.lastNs = ns;
      return true;
    }
    this.count += count;
    if (ns < this.firstNs) {
      this.firstNs = ns;
    }
    if (ns > this.lastNs) {
      this.lastNs = ns;
    }
    return false;
  }

  /** Keeps the open bucket's exact times for a reopening. */
  protected saveTally(index: number): void {
    this.closedFirstNs[index] = this.firstNs;
    this.closedLastNs[index] = this.lastNs;
  }

  /** Takes a closed bucket's tally back. */
  protected loadTally(count: number, index: number): void {
    this.count = count;
    this.firstNs = this.closedFirstNs[index];
    this.lastNs = this.closedLastNs[index];
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

  protected save(into: FlowAggregate | undefined, index: number): FlowAggregate {
    const { anchor, bucketMs } = this.clock;
    this.saveTally(index);
    if (into !== undefined) {
      into.connections = this.count;
      into.bytes = this.bytes;
      into.firstSeen = nanosecondsToMs(this.firstNs);
      into.lastSeen = nanosecondsToMs(this.lastNs);
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
      firstSeen: nanosecondsToMs(this.firstNs),
      lastSeen: nanosecondsToMs(this.lastNs),
    };
  }

  protected load(flow: FlowAggregate, index: number): void {
    this.loadTally(flow.connections, index);
    this.bytes = flow.bytes;
  }

  record(slot: number, ns: Nanoseconds, bytes: number): void {
    if (this.tally(slot, ns, 1)) {
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

  protected save(into: AuthAggregate | undefined, index: number): AuthAggregate {
    const { anchor, bucketMs } = this.clock;
    this.saveTally(index);
    if (into !== undefined) {
      into.count = this.count;
      into.firstSeen = nanosecondsToMs(this.firstNs);
      into.lastSeen = nanosecondsToMs(this.lastNs);
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
      firstSeen: nanosecondsToMs(this.firstNs),
      lastSeen: nanosecondsToMs(this.lastNs),
    };
  }

  protected load(auth: AuthAggregate, index: number): void {
    this.loadTally(auth.count, index);
  }

  record(slot: number, ns: Nanoseconds, attempts: number): void {
    this.tally(slot, ns, attempts);
  }
}

/** OT requests of one series, one bucket at a time; NaN stands for a value not seen yet. */
class OtSeries extends TallySeries<OtOperationAggregate> {
  private readonly srcIp: string;
  private readonly dstIp: string;
  private readonly functionCode: string;
  /** The time of each closed bucket's last value, by record index, for a reopened bucket to break ties. */
  private readonly closedLastValueNs: Nanoseconds[] = [];
  minAddress = Number.NaN;
  maxAddress = Number.NaN;
  lastValue = Number.NaN;
  /** The time of `lastValue`; meaningless while `lastValue` is NaN. */
  lastValueNs: Nanoseconds = 0n;

  constructor(clock: BucketClock, tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) {
    super(clock, r0, r1, r2, r3, r4, r5);
    this.srcIp = text(tags.src_ip);
    this.dstIp = text(tags.dst_ip);
    this.functionCode = text(tags.function_code);
  }

  protected save(into: OtOperationAggregate | undefined, index: number): OtOperationAggregate {
    const { anchor, bucketMs } = this.clock;
    this.saveTally(index);
    this.closedLastValueNs[index] = this.lastValueNs;
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
    operation.firstSeen = nanosecondsToMs(this.firstNs);
    operation.lastSeen = nanosecondsToMs(this.lastNs);
    return operation;
  }

  protected load(operation: OtOperationAggregate, index: number): void {
    this.loadTally(operation.count, index);
    this.minAddress = operation.minAddress ?? Number.NaN;
    this.maxAddress = operation.maxAddress ?? Number.NaN;
    this.lastValue = operation.lastValue ?? Number.NaN;
    this.lastValueNs = this.closedLastValueNs[index];
  }

  record(slot: number, ns: Nanoseconds, fields: Fields): void {
    if (this.tally(slot, ns, 1)) {
      this.minAddress = Number.NaN;
      this.maxAddress = Number.NaN;
      this.lastValue = Number.NaN;
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
    if (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (Number.isNaN(this.lastValue) || ns >= this.lastValueNs)
    ) {
      this.lastValue = value;
      this.lastValueNs = ns;
    }
  }
}

/** One process point's samples, one bucket at a time. */
class ProcessSeries extends Series<ProcessPointStat> {
  private readonly asset: string;
  private readonly point: string;
  /**
   * Every value of the series, bucket after bucket: the open bucket's are `log[openStart, size)`, and a closed
   * bucket's stay where they were written, sorted, for a reopened bucket to take back. Written once into
   * one growing typed array, they are never copied value by value nor boxed, and the garbage collector never
   * walks them.
   */
  private log = new Float64Array(64);
  private openStart = 0;
  private size = 0;
  /**
   * What else a reopened bucket needs again and its statistic does not carry, by record index: where its
   * values start in the log, its exact sum (the mean times the count may differ in the last bits) and its
   * exact first and last sample times.
   */
  private readonly valuesStart: number[] = [];
  private readonly sums: number[] = [];
  private readonly closedFirstNs: Nanoseconds[] = [];
  private readonly closedLastNs: Nanoseconds[] = [];
  sum = 0;
  min = 0;
  max = 0;
  first = 0;
  last = 0;
  firstNs: Nanoseconds = 0n;
  lastNs: Nanoseconds = 0n;

  constructor(clock: BucketClock, tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string) {
    super(clock, r0, r1, r2, r3, r4, r5);
    this.asset = text(tags.asset);
    this.point = text(tags.point);
  }

  protected save(into: ProcessPointStat | undefined, index: number): ProcessPointStat {
    const { anchor, bucketMs } = this.clock;
    const start = this.openStart;
    const end = this.size;
    const log = this.log;
    sortRun(log, start, end);
    this.valuesStart[index] = start;
    this.sums[index] = this.sum;
    this.closedFirstNs[index] = this.firstNs;
    this.closedLastNs[index] = this.lastNs;
    this.openStart = end;
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
    stat.count = end - start;
    stat.mean = this.sum / (end - start);
    stat.median = sortedRunMedian(log, start, end);
    stat.min = this.min;
    stat.max = this.max;
    stat.first = this.first;
    stat.last = this.last;
    stat.distinct = sortedRunDistinct(log, start, end);
    return stat;
  }

  /** Copies the closed bucket's values to the end of the log as the open bucket's; their old place is left unused. */
  protected load(stat: ProcessPointStat, index: number): void {
    const start = this.valuesStart[index];
    const count = stat.count;
    this.reserve(this.size + count);
    this.log.copyWithin(this.size, start, start + count);
    this.openStart = this.size;
    this.size += count;
    this.sum = this.sums[index];
    this.min = stat.min;
    this.max = stat.max;
    this.first = stat.first;
    this.last = stat.last;
    this.firstNs = this.closedFirstNs[index];
    this.lastNs = this.closedLastNs[index];
  }

  record(slot: number, ns: Nanoseconds, value: number): void {
    if (slot !== this.slot && this.moveTo(slot)) {
      this.sum = 0;
      this.min = value;
      this.max = value;
      this.first = value;
      this.last = value;
      this.firstNs = ns;
      this.lastNs = ns;
    }
    const size = this.size;
    if (size === this.log.length) {
      this.reserve(size + 1);
    }
    this.log[size] = value;
    this.size = size + 1;
    this.sum += value;
    if (value < this.min) {
      this.min = value;
    }
    if (value > this.max) {
      this.max = value;
    }
    if (ns < this.firstNs) {
      this.firstNs = ns;
      this.first = value;
    }
    if (ns >= this.lastNs) {
      this.lastNs = ns;
      this.last = value;
    }
  }

  private reserve(length: number): void {
    if (length <= this.log.length) {
      return;
    }
    const grown = new Float64Array(Math.max(length, this.log.length * 2));
    grown.set(this.log.subarray(0, this.size));
    this.log = grown;
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

/**
 * The state of one aggregation. It is made by an object literal, not a class: a literal's shape is kept by
 * the code that makes it, while a class instance's shape is rebuilt once a full garbage collection has freed
 * every instance, which throws away the optimised code and the type feedback of the walk on every later call.
 */
interface Aggregator extends BucketClock {
  readonly bucketMs: number;
  readonly flowTrie: Trie<FlowSeries>;
  readonly flowSeries: FlowSeries[];
  readonly otTrie: Trie<OtSeries>;
  readonly otSeries: OtSeries[];
  readonly processTrie: Trie<ProcessSeries>;
  readonly processSeries: ProcessSeries[];
  readonly authTrie: Trie<AuthSeries>;
  readonly authSeries: AuthSeries[];
  readonly controllerStates: ControllerStateSample[];
  readonly alerts: AlertRecord[];
  readonly assets: AssetRecord[];
  /** Epoch milliseconds of slot 0, the first point's bucket; slots count from here. */
  anchor: number;
  /** The current point's slot, set by the walk for the handlers. */
  slot: number;
}

function newAggregator(bucketMs: number): Aggregator {
  return {
    bucketMs,
    flowTrie: trieNode(),
    flowSeries: [],
    otTrie: trieNode(),
    otSeries: [],
    processTrie: trieNode(),
    processSeries: [],
    authTrie: trieNode(),
    authSeries: [],
    controllerStates: [],
    alerts: [],
    assets: [],
    anchor: Number.NaN,
    slot: 0,
  };
}

function addFlow(aggregator: Aggregator, tags: Tags, fields: Fields, ns: Nanoseconds): void {
  const node = descend(
    descend(descend(aggregator.flowTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''),
    tags.dst_port ?? ''
  );
  const series = matchSeries(
    candidatesAt(node),
    aggregator.flowSeries,
    FlowSeries,
    aggregator,
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
  series.record(aggregator.slot, ns, bytes);
}

function addOtOperation(aggregator: Aggregator, tags: Tags, fields: Fields, ns: Nanoseconds): void {
  const node = descend(
    descend(descend(aggregator.otTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''),
    tags.function_code ?? ''
  );
  const series = matchSeries(
    candidatesAt(node),
    aggregator.otSeries,
    OtSeries,
    aggregator,
    tags,
    tags.protocol ?? '',
    tags.operation ?? '',
    tags.src_asset ?? '',
    tags.dst_asset ?? '',
    tags.src_zone ?? '',
    tags.dst_zone ?? ''
  );
  series.record(aggregator.slot, ns, fields);
}

function addProcessValue(aggregator: Aggregator, tags: Tags, fields: Fields, ns: Nanoseconds): boolean {
  const value = fields.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return false;
  }
  const node = descend(descend(aggregator.processTrie, tags.asset ?? ''), tags.point ?? '');
  const series = matchSeries(
    candidatesAt(node),
    aggregator.processSeries,
    ProcessSeries,
    aggregator,
    tags,
    tags.zone ?? '',
    tags.kind ?? '',
    tags.unit ?? '',
    '',
    '',
    ''
  );
  series.record(aggregator.slot, ns, value);
  return true;
}

function addAuth(aggregator: Aggregator, tags: Tags, fields: Fields, ns: Nanoseconds): void {
  const node = descend(descend(descend(aggregator.authTrie, tags.asset ?? ''), tags.src_ip ?? ''), tags.result ?? '');
  const series = matchSeries(
    candidatesAt(node),
    aggregator.authSeries,
    AuthSeries,
    aggregator,
    tags,
    tags.user ?? '',
    tags.method ?? '',
    tags.zone ?? '',
    tags.src_asset ?? '',
    tags.src_zone ?? '',
    ''
  );
  series.record(aggregator.slot, ns, fieldNumber(fields.count) ?? 1);
}

function addControllerState(aggregator: Aggregator, tags: Tags, fields: Fields, time: number): boolean {
  const mode = fields.mode;
  const programHash = fields.program_hash;
  const firmware = fields.firmware;
  // A sample carrying only health figures says nothing about mode or identity, as the store's query skips it.
  if (mode === undefined && programHash === undefined && firmware === undefined) {
    return false;
  }
  aggregator.controllerStates.push({
    time,
    asset: text(tags.asset),
    zone: text(tags.zone),
    mode: fieldText(mode),
    programHash: fieldText(programHash),
    firmware: fieldText(firmware),
  });
  return true;
}

function addAlert(aggregator: Aggregator, tags: Tags, fields: Fields, time: number): void {
  aggregator.alerts.push({
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

function addAsset(aggregator: Aggregator, tags: Tags, fields: Fields, time: number): void {
  aggregator.assets.push({
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

function finishAggregation(aggregator: Aggregator, range: { from: number; to: number }): Observations {
  const observations = emptyObservations(range.from, range.to);
  observations.flows = mergeSeries(aggregator.flowSeries, compareFlowSeries);
  observations.otOperations = mergeSeries(aggregator.otSeries, compareOtOperationSeries);
  observations.processStats = mergeSeries(aggregator.processSeries, compareProcessSeries);
  observations.auth = mergeSeries(aggregator.authSeries, compareAuthSeries);
  observations.controllerStates = aggregator.controllerStates.sort(compareControllerStates);
  observations.alerts = aggregator.alerts.sort(compareAlerts);
  observations.assets = aggregator.assets.sort(compareAssets);
  return observations;
}

/** Points taken from an iterable at a time, so a stream is walked by the array loop without being held whole. */
const CHUNK = 4096;

/** Aggregates raw points into observations; points of measurements outside the contract are ignored. */
export function aggregateTelemetry(points: Iterable<TelemetryPoint>, options: AggregationOptions): Observations {
  const bucketMs = normaliseBucketMs(options.bucketMs);
  const limit = options.range;
  const aggregator = newAggregator(bucketMs);
  // A point's time t in whole milliseconds is within [from, to) exactly when its nanoseconds are within
  // [ceil(from), ceil(to)) milliseconds' worth; bounds far outside any timestamp stand for no bound.
  const bounds = [
    limit !== undefined && Number.isFinite(limit.from) ? BigInt(Math.ceil(limit.from)) * NS_PER_MS : -NO_BOUND,
    limit !== undefined && Number.isFinite(limit.to) ? BigInt(Math.ceil(limit.to)) * NS_PER_MS : NO_BOUND,
  ];
  // The first and last slot of a point kept, carried from chunk to chunk.
  const seen = Float64Array.of(Infinity, -Infinity);
  if (Array.isArray(points)) {
    addPoints(aggregator, points as readonly TelemetryPoint[], bounds, seen);
  } else {
    let chunk: TelemetryPoint[] = [];
    for (const point of points) {
      chunk.push(point);
      if (chunk.length === CHUNK) {
        addPoints(aggregator, chunk, bounds, seen);
        chunk = [];
      }
    }
    addPoints(aggregator, chunk, bounds, seen);
  }
  const range =
    limit !== undefined
      ? { from: limit.from, to: limit.to }
      : seen[0] <= seen[1]
        ? { from: aggregator.anchor + seen[0] * bucketMs, to: aggregator.anchor + (seen[1] + 1) * bucketMs }
        : { from: 0, to: 0 };
  return finishAggregation(aggregator, range);
}

const NS_PER_MS = 1_000_000n;
/** Beyond any timestamp: 2^200 nanoseconds. */
const NO_BOUND = 1n << 200n;

/**
 * One pass over `list`. It ends with its loop and hands its result back in a typed array: a property
 * store after the loop would have no type feedback when the loop is optimised mid-run, and the optimised
 * code would be thrown away there on every call.
 */
function addPoints(
  aggregator: Aggregator,
  list: readonly TelemetryPoint[],
  bounds: readonly bigint[],
  seen: Float64Array
): void {
  const bucketMs = aggregator.bucketMs;
  const bucketNs = BigInt(bucketMs) * NS_PER_MS;
  const fromNs = bounds[0];
  const toNs = bounds[1];
  let anchor = aggregator.anchor;
  let firstSlot = seen[0];
  let lastSlot = seen[1];
  // The open bucket's bounds in nanoseconds, empty until the first point, and its slot.
  let bucketFromNs = 1n;
  let bucketToNs = 0n;
  let slot = 0;
  for (let index = 0; index < list.length; index++) {
    const point = list[index];
    if (point === null || typeof point !== 'object' || point.tags === null || point.fields === null) {
      continue;
    }
    const ns = point.timestampNs;
    // Consecutive points mostly share a bucket, and a comparison of bigints allocates nothing.
    if (!(ns >= bucketFromNs && ns < bucketToNs)) {
      const ms = nanosecondsToMs(ns);
      if (!Number.isFinite(ms)) {
        continue;
      }
      const bucketStart = bucketStartOf(ms, bucketMs);
      if (anchor !== anchor) {
        anchor = bucketStart;
        aggregator.anchor = anchor;
      }
      slot = (bucketStart - anchor) / bucketMs;
      bucketFromNs = BigInt(bucketStart) * NS_PER_MS;
      bucketToNs = bucketFromNs + bucketNs;
    }
    if (!(ns >= fromNs && ns < toNs)) {
      continue;
    }
    const tags: Tags = point.tags ?? {};
    const fields: Fields = point.fields ?? {};
    aggregator.slot = slot;
    let kept = true;
    switch (point.measurement) {
      case 'flow':
        addFlow(aggregator, tags, fields, ns);
        break;
      case 'ot_operation':
        addOtOperation(aggregator, tags, fields, ns);
        break;
      case 'process_value':
        kept = addProcessValue(aggregator, tags, fields, ns);
        break;
      case 'auth':
        addAuth(aggregator, tags, fields, ns);
        break;
      case 'controller_state':
        kept = addControllerState(aggregator, tags, fields, nanosecondsToMs(ns));
        break;
      case 'alert':
        addAlert(aggregator, tags, fields, nanosecondsToMs(ns));
        break;
      case 'asset':
        addAsset(aggregator, tags, fields, nanosecondsToMs(ns));
        break;
      default:
        kept = false;
    }
    if (kept) {
      if (slot < firstSlot) {
        firstSlot = slot;
      }
      if (slot > lastSlot) {
        lastSlot = slot;
      }
    }
  }
  seen[0] = firstSlot;
  seen[1] = lastSlot;
}
