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
import { descend, matchSeries, mergeSeries, Series, type SeriesTags, type TrieNode, trieNode } from './seriesTrie';
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

/** A bucket of a flow series (connections and bytes) or of an authentication series (attempts). */
interface CountBucket {
  slot: number;
  count: number;
  bytes: number;
  firstOffset: number;
  lastOffset: number;
}

class CountSeries extends Series<CountBucket> {
  count = 0;
  bytes = 0;
  firstOffset = 0;
  lastOffset = 0;

  protected save(into: CountBucket | undefined): CountBucket {
    const bucket = into ?? { slot: 0, count: 0, bytes: 0, firstOffset: 0, lastOffset: 0 };
    bucket.slot = this.slot;
    bucket.count = this.count;
    bucket.bytes = this.bytes;
    bucket.firstOffset = this.firstOffset;
    bucket.lastOffset = this.lastOffset;
    return bucket;
  }

  protected load(bucket: CountBucket): void {
    this.count = bucket.count;
    this.bytes = bucket.bytes;
    this.firstOffset = bucket.firstOffset;
    this.lastOffset = bucket.lastOffset;
  }

  /** Counts `count` more at `offset` (`bytes` for flows), in the bucket at `slot`. */
  record(slot: number, offset: number, count: number, bytes: number): void {
    if (slot !== this.slot && this.moveTo(slot)) {
      this.count = count;
      this.bytes = bytes;
      this.firstOffset = offset;
      this.lastOffset = offset;
      return;
    }
    this.count += count;
    this.bytes += bytes;
    if (offset < this.firstOffset) {
      this.firstOffset = offset;
    }
    if (offset > this.lastOffset) {
      this.lastOffset = offset;
    }
  }
}

/** A bucket of OT requests; NaN stands for a value not seen. */
interface OtBucket {
  slot: number;
  count: number;
  minAddress: number;
  maxAddress: number;
  lastValue: number;
  lastValueOffset: number;
  firstOffset: number;
  lastOffset: number;
}

class OtSeries extends Series<OtBucket> {
  count = 0;
  minAddress = Number.NaN;
  maxAddress = Number.NaN;
  lastValue = Number.NaN;
  lastValueOffset = -Infinity;
  firstOffset = 0;
  lastOffset = 0;

  protected save(into: OtBucket | undefined): OtBucket {
    const bucket = into ?? {
      slot: 0,
      count: 0,
      minAddress: Number.NaN,
      maxAddress: Number.NaN,
      lastValue: Number.NaN,
      lastValueOffset: -Infinity,
      firstOffset: 0,
      lastOffset: 0,
    };
    bucket.slot = this.slot;
    bucket.count = this.count;
    bucket.minAddress = this.minAddress;
    bucket.maxAddress = this.maxAddress;
    bucket.lastValue = this.lastValue;
    bucket.lastValueOffset = this.lastValueOffset;
    bucket.firstOffset = this.firstOffset;
    bucket.lastOffset = this.lastOffset;
    return bucket;
  }

  protected load(bucket: OtBucket): void {
    this.count = bucket.count;
    this.minAddress = bucket.minAddress;
    this.maxAddress = bucket.maxAddress;
    this.lastValue = bucket.lastValue;
    this.lastValueOffset = bucket.lastValueOffset;
    this.firstOffset = bucket.firstOffset;
    this.lastOffset = bucket.lastOffset;
  }

  record(slot: number, offset: number, fields: Fields): void {
    if (slot !== this.slot && this.moveTo(slot)) {
      this.count = 0;
      this.minAddress = Number.NaN;
      this.maxAddress = Number.NaN;
      this.lastValue = Number.NaN;
      this.lastValueOffset = -Infinity;
      this.firstOffset = offset;
      this.lastOffset = offset;
    }
    this.count++;
    if (offset < this.firstOffset) {
      this.firstOffset = offset;
    }
    if (offset > this.lastOffset) {
      this.lastOffset = offset;
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

/** A bucket of a process point: its figures and its values, sorted. */
interface ProcessBucket {
  slot: number;
  values: Float64Array;
  sum: number;
  min: number;
  max: number;
  first: number;
  last: number;
  firstOffset: number;
  lastOffset: number;
}

class ProcessSeries extends Series<ProcessBucket> {
  /** The open bucket's values in arrival order, in the first `size` places; reused from bucket to bucket. */
  values = new Float64Array(16);
  size = 0;
  sum = 0;
  min = 0;
  max = 0;
  first = 0;
  last = 0;
  firstOffset = 0;
  lastOffset = 0;

  protected save(into: ProcessBucket | undefined): ProcessBucket {
    sortRun(this.values, 0, this.size);
    const values = this.values.slice(0, this.size);
    const bucket = into ?? {
      slot: 0,
      values,
      sum: 0,
      min: 0,
      max: 0,
      first: 0,
      last: 0,
      firstOffset: 0,
      lastOffset: 0,
    };
    bucket.slot = this.slot;
    bucket.values = values;
    bucket.sum = this.sum;
    bucket.min = this.min;
    bucket.max = this.max;
    bucket.first = this.first;
    bucket.last = this.last;
    bucket.firstOffset = this.firstOffset;
    bucket.lastOffset = this.lastOffset;
    return bucket;
  }

  protected load(bucket: ProcessBucket): void {
    this.size = 0;
    this.append(bucket.values);
    this.sum = bucket.sum;
    this.min = bucket.min;
    this.max = bucket.max;
    this.first = bucket.first;
    this.last = bucket.last;
    this.firstOffset = bucket.firstOffset;
    this.lastOffset = bucket.lastOffset;
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
      this.grow(size * 2);
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

  private append(values: Float64Array): void {
    if (this.size + values.length > this.values.length) {
      this.grow(Math.max(this.values.length * 2, this.size + values.length));
    }
    this.values.set(values, this.size);
    this.size += values.length;
  }

  private grow(length: number): void {
    const grown = new Float64Array(length);
    grown.set(this.values.subarray(0, this.size));
    this.values = grown;
  }
}

function countSeries(tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string): CountSeries {
  return new CountSeries(tags, r0, r1, r2, r3, r4, r5);
}

function otSeries(tags: Tags, r0: string, r1: string, r2: string, r3: string, r4: string, r5: string): OtSeries {
  return new OtSeries(tags, r0, r1, r2, r3, r4, r5);
}

function processSeries(
  tags: Tags,
  r0: string,
  r1: string,
  r2: string,
  r3: string,
  r4: string,
  r5: string
): ProcessSeries {
  return new ProcessSeries(tags, r0, r1, r2, r3, r4, r5);
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

class Aggregator {
  readonly flowTrie: Trie<CountSeries> = trieNode();
  readonly flowSeries: CountSeries[] = [];
  readonly otTrie: Trie<OtSeries> = trieNode();
  readonly otSeries: OtSeries[] = [];
  readonly processTrie: Trie<ProcessSeries> = trieNode();
  readonly processSeries: ProcessSeries[] = [];
  readonly authTrie: Trie<CountSeries> = trieNode();
  readonly authSeries: CountSeries[] = [];
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
      countSeries,
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
    series.record(this.slot, this.offset, 1, bytes);
  }

  otOperation(tags: Tags, fields: Fields): void {
    const node = descend(descend(descend(this.otTrie, tags.src_ip ?? ''), tags.dst_ip ?? ''), tags.function_code ?? '');
    const series = matchSeries(
      candidatesAt(node),
      this.otSeries,
      otSeries,
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
      processSeries,
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
      countSeries,
      tags,
      tags.user ?? '',
      tags.method ?? '',
      tags.zone ?? '',
      tags.src_asset ?? '',
      tags.src_zone ?? '',
      ''
    );
    series.record(this.slot, this.offset, fieldNumber(fields.count) ?? 1, 0);
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
    const { anchor, bucketMs } = this;
    const bucketStart = (slot: number) => anchor + slot * bucketMs;
    observations.flows = mergeSeries(
      this.flowSeries,
      ({ tags }, b): FlowAggregate => ({
        bucketStart: bucketStart(b.slot),
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
        connections: b.count,
        bytes: b.bytes,
        firstSeen: anchor + b.firstOffset,
        lastSeen: anchor + b.lastOffset,
      }),
      compareFlowSeries
    );
    observations.otOperations = mergeSeries(
      this.otSeries,
      ({ tags }, b): OtOperationAggregate => ({
        bucketStart: bucketStart(b.slot),
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
        count: b.count,
        minAddress: orNull(b.minAddress),
        maxAddress: orNull(b.maxAddress),
        lastValue: orNull(b.lastValue),
        firstSeen: anchor + b.firstOffset,
        lastSeen: anchor + b.lastOffset,
      }),
      compareOtOperationSeries
    );
    observations.processStats = mergeSeries(
      this.processSeries,
      ({ tags }, b): ProcessPointStat => {
        const size = b.values.length;
        return {
          bucketStart: bucketStart(b.slot),
          bucketMs,
          asset: text(tags.asset),
          zone: text(tags.zone),
          point: text(tags.point),
          kind: text(tags.kind),
          unit: text(tags.unit),
          count: size,
          mean: b.sum / size,
          median: sortedRunMedian(b.values, 0, size),
          min: b.min,
          max: b.max,
          first: b.first,
          last: b.last,
          distinct: sortedRunDistinct(b.values, 0, size),
        };
      },
      compareProcessSeries
    );
    observations.auth = mergeSeries(
      this.authSeries,
      ({ tags }, b): AuthAggregate => ({
        bucketStart: bucketStart(b.slot),
        bucketMs,
        asset: text(tags.asset),
        zone: text(tags.zone),
        srcIp: text(tags.src_ip),
        srcAsset: text(tags.src_asset),
        srcZone: text(tags.src_zone),
        user: text(tags.user),
        method: text(tags.method),
        result: text(tags.result),
        count: b.count,
        firstSeen: anchor + b.firstOffset,
        lastSeen: anchor + b.lastOffset,
      }),
      compareAuthSeries
    );
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
