/**
 * The core's own aggregation of raw telemetry into observations: the same totals and statistics that
 * `observationQueries` asks InfluxDB for, so the command line (raw files, the simulator in-process) and the
 * datasource (the store) feed one detector code.
 *
 * One pass over the points, grouped through a trie of tag values (see seriesTrie.ts). While it runs, a
 * point's time stays the bigint it came with: it is compared with the open bucket's bounds and with a
 * series' first and last times, which allocates nothing, where turning each into a number would allocate a
 * heap number per point. Buckets are slot numbers, small whole numbers from the first point's bucket, and
 * times become epoch milliseconds once per bucket, when the bucket closes. A closed bucket's figures are
 * numbers in its series' array, and its record is made only when something asks for it (see
 * `finishedSeries`).
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
import {
  handOverSeries,
  makePointSeries,
  type Series as ObservationSeries,
  STAT,
  STAT_FIGURES,
} from '../observationSeries';
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
  closedBuckets,
  descend,
  finishSeries,
  matchSeries,
  mergeRuns,
  moveTo,
  NO_SLOT,
  runOrders,
  type Series,
  type SeriesFactory,
  type SeriesKind,
  type SeriesTags,
  siblingsClash,
  type TrieNode,
  trieNode,
} from './seriesTrie';
import { medianInPlace } from './bucketMedian';
import { bucketStartOf, nanosecondsToMs } from './telemetryTime';

export interface AggregationOptions {
  /** Bucket width in milliseconds; anything but a positive whole number falls back to one minute. */
  bucketMs: number;
  /**
   * Only points in [from, to) count, as a store query's WHERE clause would have it. Without a range, the
   * range is the buckets the points fall in; an end that is not finite (`-Infinity`, `Infinity`) is open, and the
   * points decide it.
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

/**
 * The open bucket's figures of a series that counts its records (or a count each carries) and keeps their
 * first and last time.
 */
interface Tally {
  count: number;
  firstNs: Nanoseconds;
  lastNs: Nanoseconds;
}

/** Adds `count` at `ns` to the bucket at `slot`; true when that bucket is new. */
function tally<S extends Series & Tally>(
  series: S,
  kind: SeriesKind<S>,
  slot: number,
  ns: Nanoseconds,
  count: number
): boolean {
  if (slot !== series.slot && moveTo(series, kind, slot)) {
    series.count = count;
    series.firstNs = ns;
    series.lastNs = ns;
    return true;
  }
  series.count += count;
  if (ns < series.firstNs) {
    series.firstNs = ns;
  }
  if (ns > series.lastNs) {
    series.lastNs = ns;
  }
  return false;
}

/**
 * Takes a closed bucket's tally back. Its first and last time go on from the start of their millisecond:
 * the record keeps no finer time, and none is needed, since the earliest and latest of a bucket's times
 * fall in the same milliseconds whichever times of those milliseconds are compared.
 */
function loadTally(series: Tally, count: number, firstSeen: number, lastSeen: number): void {
  series.count = count;
  series.firstNs = BigInt(firstSeen) * NS_PER_MS;
  series.lastNs = BigInt(lastSeen) * NS_PER_MS;
}

/**
 * A series' closed buckets' figures: `stride` numbers per bucket, by index. A new bucket's are written at the
 * end, so the array stays a packed array of doubles, unboxed. Figures cost eight bytes each this way, where a
 * record per bucket would be an object and a heap number for each of its times, all kept to the end; and an
 * array on the heap costs far less to make than a typed array, whose memory is allocated outside it.
 */
type Figures = number[];

/** Connections and bytes of one flow series, one bucket at a time. */
interface FlowSeries extends Series, Tally {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly dstPort: number;
  bytes: number;
  /** Each closed bucket's connections, bytes, first and last time in epoch milliseconds, by index. */
  figures: Figures;
}

const FLOW_FIGURES = 4;

const newFlowSeries: SeriesFactory<FlowSeries> = (clock, tags, r0, r1, r2, r3, r4, r5, r6) => ({
  clock,
  r0,
  r1,
  r2,
  r3,
  r4,
  r5,
  r6,
  slot: NO_SLOT,
  closed: closedBuckets(),
  count: 0,
  firstNs: 0n,
  lastNs: 0n,
  srcIp: text(tags.src_ip),
  dstIp: text(tags.dst_ip),
  dstPort: portNumber(tags.dst_port),
  bytes: 0,
  figures: [],
});

const FLOW: SeriesKind<FlowSeries> = {
  save(flow, index) {
    const at = index * FLOW_FIGURES;
    const figures = flow.figures;
    figures[at] = flow.count;
    figures[at + 1] = flow.bytes;
    figures[at + 2] = nanosecondsToMs(flow.firstNs);
    figures[at + 3] = nanosecondsToMs(flow.lastNs);
  },
  load(flow, index) {
    const at = index * FLOW_FIGURES;
    const figures = flow.figures;
    loadTally(flow, figures[at], figures[at + 2], figures[at + 3]);
    flow.bytes = figures[at + 1];
  },
};

/** What every bucket of a flow series shares. */
type FlowTags = Omit<FlowAggregate, 'bucketStart' | 'connections' | 'bytes' | 'firstSeen' | 'lastSeen'>;

function flowTags(flow: FlowSeries): FlowTags {
  return {
    bucketMs: flow.clock.bucketMs,
    srcIp: flow.srcIp,
    dstIp: flow.dstIp,
    srcAsset: flow.r2,
    dstAsset: flow.r3,
    srcZone: flow.r4,
    dstZone: flow.r5,
    transport: flow.r1,
    service: flow.r0,
    dstPort: flow.dstPort,
  };
}

function flowRecord(tags: FlowTags, bucketStarts: Float64Array, figures: Figures, i: number): FlowAggregate {
  const at = i * FLOW_FIGURES;
  return {
    bucketStart: bucketStarts[i],
    bucketMs: tags.bucketMs,
    srcIp: tags.srcIp,
    dstIp: tags.dstIp,
    srcAsset: tags.srcAsset,
    dstAsset: tags.dstAsset,
    srcZone: tags.srcZone,
    dstZone: tags.dstZone,
    transport: tags.transport,
    service: tags.service,
    dstPort: tags.dstPort,
    connections: figures[at],
    bytes: figures[at + 1],
    firstSeen: figures[at + 2],
    lastSeen: figures[at + 3],
  };
}

function recordFlow(series: FlowSeries, slot: number, ns: Nanoseconds, bytes: number): void {
  if (tally(series, FLOW, slot, ns, 1)) {
    series.bytes = bytes;
  } else {
    series.bytes += bytes;
  }
}

/** Attempts of one authentication series, one bucket at a time. */
interface AuthSeries extends Series, Tally {
  readonly asset: string;
  readonly srcIp: string;
  readonly result: string;
  /** Each closed bucket's attempts, first and last time in epoch milliseconds, by index. */
  figures: Figures;
}

const AUTH_FIGURES = 3;

const newAuthSeries: SeriesFactory<AuthSeries> = (clock, tags, r0, r1, r2, r3, r4, r5, r6) => ({
  clock,
  r0,
  r1,
  r2,
  r3,
  r4,
  r5,
  r6,
  slot: NO_SLOT,
  closed: closedBuckets(),
  count: 0,
  firstNs: 0n,
  lastNs: 0n,
  asset: text(tags.asset),
  srcIp: text(tags.src_ip),
  result: text(tags.result),
  figures: [],
});

const AUTH: SeriesKind<AuthSeries> = {
  save(auth, index) {
    const at = index * AUTH_FIGURES;
    const figures = auth.figures;
    figures[at] = auth.count;
    figures[at + 1] = nanosecondsToMs(auth.firstNs);
    figures[at + 2] = nanosecondsToMs(auth.lastNs);
  },
  load(auth, index) {
    const at = index * AUTH_FIGURES;
    const figures = auth.figures;
    loadTally(auth, figures[at], figures[at + 1], figures[at + 2]);
  },
};

/** What every bucket of a logon series shares. */
type AuthTags = Omit<AuthAggregate, 'bucketStart' | 'count' | 'firstSeen' | 'lastSeen'>;

function authTags(auth: AuthSeries): AuthTags {
  return {
    bucketMs: auth.clock.bucketMs,
    asset: auth.asset,
    zone: auth.r2,
    srcIp: auth.srcIp,
    srcAsset: auth.r3,
    srcZone: auth.r4,
    user: auth.r0,
    method: auth.r1,
    result: auth.result,
  };
}

function authRecord(tags: AuthTags, bucketStarts: Float64Array, figures: Figures, i: number): AuthAggregate {
  const at = i * AUTH_FIGURES;
  return {
    bucketStart: bucketStarts[i],
    bucketMs: tags.bucketMs,
    asset: tags.asset,
    zone: tags.zone,
    srcIp: tags.srcIp,
    srcAsset: tags.srcAsset,
    srcZone: tags.srcZone,
    user: tags.user,
    method: tags.method,
    result: tags.result,
    count: figures[at],
    firstSeen: figures[at + 1],
    lastSeen: figures[at + 2],
  };
}

/** OT requests of one series, one bucket at a time; NaN stands for a value not seen yet. */
interface OtSeries extends Series, Tally {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly functionCode: string;
  /** The time of each closed bucket's last value, by index, for a reopened bucket to break ties. */
  readonly closedLastValueNs: Nanoseconds[];
  minAddress: number;
  maxAddress: number;
  lastValue: number;
  /** The time of `lastValue`; meaningless while `lastValue` is NaN. */
  lastValueNs: Nanoseconds;
  /**
   * Each closed bucket's requests, lowest and highest address, last value (NaN where none was seen), first
   * and last time in epoch milliseconds, by index.
   */
  figures: Figures;
}

const OT_FIGURES = 6;

const newOtSeries: SeriesFactory<OtSeries> = (clock, tags, r0, r1, r2, r3, r4, r5, r6) => ({
  clock,
  r0,
  r1,
  r2,
  r3,
  r4,
  r5,
  r6,
  slot: NO_SLOT,
  closed: closedBuckets(),
  count: 0,
  firstNs: 0n,
  lastNs: 0n,
  srcIp: text(tags.src_ip),
  dstIp: text(tags.dst_ip),
  functionCode: text(tags.function_code),
  closedLastValueNs: [],
  minAddress: Number.NaN,
  maxAddress: Number.NaN,
  lastValue: Number.NaN,
  lastValueNs: 0n,
  figures: [],
});

const OT_OPERATION: SeriesKind<OtSeries> = {
  save(ot, index) {
    ot.closedLastValueNs[index] = ot.lastValueNs;
    const at = index * OT_FIGURES;
    const figures = ot.figures;
    figures[at] = ot.count;
    figures[at + 1] = ot.minAddress;
    figures[at + 2] = ot.maxAddress;
    figures[at + 3] = ot.lastValue;
    figures[at + 4] = nanosecondsToMs(ot.firstNs);
    figures[at + 5] = nanosecondsToMs(ot.lastNs);
  },
  load(ot, index) {
    const at = index * OT_FIGURES;
    const figures = ot.figures;
    loadTally(ot, figures[at], figures[at + 4], figures[at + 5]);
    ot.minAddress = figures[at + 1];
    ot.maxAddress = figures[at + 2];
    ot.lastValue = figures[at + 3];
    ot.lastValueNs = ot.closedLastValueNs[index];
  },
};

/** What every bucket of an OT request series shares. */
type OtTags = Omit<
  OtOperationAggregate,
  'bucketStart' | 'count' | 'minAddress' | 'maxAddress' | 'lastValue' | 'firstSeen' | 'lastSeen'
>;

function otTags(ot: OtSeries): OtTags {
  return {
    bucketMs: ot.clock.bucketMs,
    srcIp: ot.srcIp,
    dstIp: ot.dstIp,
    srcAsset: ot.r2,
    dstAsset: ot.r3,
    srcZone: ot.r4,
    dstZone: ot.r5,
    protocol: ot.r0,
    operation: ot.r1,
    functionCode: ot.functionCode,
  };
}

function otRecord(tags: OtTags, bucketStarts: Float64Array, figures: Figures, i: number): OtOperationAggregate {
  const at = i * OT_FIGURES;
  return {
    bucketStart: bucketStarts[i],
    bucketMs: tags.bucketMs,
    srcIp: tags.srcIp,
    dstIp: tags.dstIp,
    srcAsset: tags.srcAsset,
    dstAsset: tags.dstAsset,
    srcZone: tags.srcZone,
    dstZone: tags.dstZone,
    protocol: tags.protocol,
    operation: tags.operation,
    functionCode: tags.functionCode,
    count: figures[at],
    minAddress: orNull(figures[at + 1]),
    maxAddress: orNull(figures[at + 2]),
    lastValue: orNull(figures[at + 3]),
    firstSeen: figures[at + 4],
    lastSeen: figures[at + 5],
  };
}

function recordOtOperation(series: OtSeries, slot: number, ns: Nanoseconds, fields: Fields): void {
  if (tally(series, OT_OPERATION, slot, ns, 1)) {
    series.minAddress = Number.NaN;
    series.maxAddress = Number.NaN;
    series.lastValue = Number.NaN;
  }
  const address = fields.address;
  if (typeof address === 'number' && Number.isFinite(address)) {
    if (!(address >= series.minAddress)) {
      series.minAddress = address;
    }
    if (!(address <= series.maxAddress)) {
      series.maxAddress = address;
    }
  }
  // Ties go to the later record, as a store keeps the last write of a series at one timestamp.
  const value = fields.value;
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (Number.isNaN(series.lastValue) || ns >= series.lastValueNs)
  ) {
    series.lastValue = value;
    series.lastValueNs = ns;
  }
}

/** A new series' first page, in values: most points sample every second or so, a page a minute. */
const FIRST_PAGE = 64;
/** Pages grow to this many values (32 KiB); a bucket that outgrows one moves to a page twice its size. */
const PAGE = 4096;

/** A reopened bucket's values: `values[0, size)`, in no order until the aggregation ends. */
interface RevisitedValues {
  values: Float64Array;
  size: number;
}

/** One process point's samples, one bucket at a time. */
interface ProcessSeries extends Series {
  readonly asset: string;
  readonly point: string;
  /** Each closed bucket's statistic as `STAT_FIGURES` numbers in the order of `STAT`, by index. */
  figures: Figures;
  /**
   * The values of the series, bucket after bucket, in typed arrays ("pages"): the open bucket's are
   * `log[openStart, size)`, and a closed bucket's stay where they were written (reordered by the median's
   * selection) until the bucket is reopened and they move to `revisited`. A full page is not copied into a
   * bigger one: the open bucket alone moves to a new page and the closed ones stay in the old. So a value is
   * written once while its bucket is not reopened, and memory grows by what the values need rather than by
   * doubling.
   */
  log: Float64Array;
  openStart: number;
  size: number;
  /**
   * What else a reopened bucket needs again and its statistic does not carry, by index: the page and
   * place of its values, its exact sum (the mean times the count may differ in the last bits) and its exact
   * first and last sample times.
   */
  readonly valuesPage: Float64Array[];
  readonly valuesStart: number[];
  readonly sums: number[];
  /** The values of buckets that were reopened, by index, kept apart from the pages (see `revisit`). */
  readonly revisited: Map<number, RevisitedValues>;
  readonly closedFirstNs: Nanoseconds[];
  readonly closedLastNs: Nanoseconds[];
  sum: number;
  min: number;
  max: number;
  first: number;
  last: number;
  firstNs: Nanoseconds;
  lastNs: Nanoseconds;
}

// The figures start as NaN, not a small integer, so the shape holds them as doubles from the start.
const newProcessSeries: SeriesFactory<ProcessSeries> = (clock, tags, r0, r1, r2, r3, r4, r5, r6) => ({
  clock,
  r0,
  r1,
  r2,
  r3,
  r4,
  r5,
  r6,
  slot: NO_SLOT,
  closed: closedBuckets(),
  asset: text(tags.asset),
  point: text(tags.point),
  figures: [],
  log: new Float64Array(FIRST_PAGE),
  openStart: 0,
  size: 0,
  valuesPage: [],
  valuesStart: [],
  sums: [],
  revisited: new Map(),
  closedFirstNs: [],
  closedLastNs: [],
  sum: Number.NaN,
  min: Number.NaN,
  max: Number.NaN,
  first: Number.NaN,
  last: Number.NaN,
  firstNs: 0n,
  lastNs: 0n,
});

const PROCESS_VALUE: SeriesKind<ProcessSeries> = {
  save(series, index, reopened) {
    series.sums[index] = series.sum;
    series.closedFirstNs[index] = series.firstNs;
    series.closedLastNs[index] = series.lastNs;
    if (reopened) {
      revisit(series, index);
      return;
    }
    const start = series.openStart;
    const end = series.size;
    const log = series.log;
    series.valuesPage[index] = log;
    series.valuesStart[index] = start;
    series.openStart = end;
    const count = end - start;
    const min = series.min;
    const max = series.max;
    const at = index * STAT_FIGURES;
    const figures = series.figures;
    figures[at + STAT.count] = count;
    figures[at + STAT.mean] = series.sum / count;
    figures[at + STAT.median] = medianInPlace(log, start, end);
    figures[at + STAT.min] = min;
    figures[at + STAT.max] = max;
    figures[at + STAT.first] = series.first;
    figures[at + STAT.last] = series.last;
    figures[at + STAT.distinct] = distinctOf(min, max);
  },
  // The open bucket starts with no values of its own: what it gets is added to the closed bucket's at closing.
  load(series, index) {
    const at = index * STAT_FIGURES;
    const figures = series.figures;
    series.sum = series.sums[index];
    series.min = figures[at + STAT.min];
    series.max = figures[at + STAT.max];
    series.first = figures[at + STAT.first];
    series.last = figures[at + STAT.last];
    series.firstNs = series.closedFirstNs[index];
    series.lastNs = series.closedLastNs[index];
  },
};

/** What every bucket of a process point's series shares. */
type ProcessTags = Pick<ProcessPointStat, 'bucketMs' | 'asset' | 'zone' | 'point' | 'kind' | 'unit'>;

/**
 * A finished process series' tags, once the medians of its reopened buckets are selected: each once every
 * bucket is closed, among all its values.
 */
function processTags(series: ProcessSeries): ProcessTags {
  for (const [index, { values, size }] of series.revisited) {
    series.figures[index * STAT_FIGURES + STAT.median] = medianInPlace(values, 0, size);
  }
  return {
    bucketMs: series.clock.bucketMs,
    asset: series.asset,
    zone: series.r0,
    point: series.point,
    kind: series.r1,
    unit: series.r2,
  };
}

function processRecord(tags: ProcessTags, bucketStarts: Float64Array, figures: Figures, i: number): ProcessPointStat {
  const at = i * STAT_FIGURES;
  return {
    bucketStart: bucketStarts[i],
    bucketMs: tags.bucketMs,
    asset: tags.asset,
    zone: tags.zone,
    point: tags.point,
    kind: tags.kind,
    unit: tags.unit,
    count: figures[at + STAT.count],
    mean: figures[at + STAT.mean],
    median: figures[at + STAT.median],
    min: figures[at + STAT.min],
    max: figures[at + STAT.max],
    first: figures[at + STAT.first],
    last: figures[at + STAT.last],
    distinct: figures[at + STAT.distinct],
  };
}

/**
 * Closes a reopened bucket. Its values move out of the page once, into an array of their own that later
 * visits add to, and the open bucket's place in the page is free again: copying a bucket's values back on
 * every visit would cost its size each time, which points arriving out of order can make quadratic. Its
 * median waits for the end, when it is selected once among all its values.
 */
function revisit(series: ProcessSeries, index: number): void {
  const at = index * STAT_FIGURES;
  const figures = series.figures;
  let kept = series.revisited.get(index);
  if (kept === undefined) {
    const count = figures[at + STAT.count];
    const start = series.valuesStart[index];
    const values = new Float64Array(Math.max(FIRST_PAGE, 2 * count));
    values.set(series.valuesPage[index].subarray(start, start + count));
    kept = { values, size: count };
    series.revisited.set(index, kept);
  }
  const start = series.openStart;
  const added = series.size - start;
  if (kept.size + added > kept.values.length) {
    const grown = new Float64Array(2 * (kept.size + added));
    grown.set(kept.values.subarray(0, kept.size));
    kept.values = grown;
  }
  kept.values.set(series.log.subarray(start, series.size), kept.size);
  kept.size += added;
  series.size = start;
  figures[at + STAT.count] = kept.size;
  figures[at + STAT.mean] = series.sum / kept.size;
  figures[at + STAT.min] = series.min;
  figures[at + STAT.max] = series.max;
  figures[at + STAT.first] = series.first;
  figures[at + STAT.last] = series.last;
  figures[at + STAT.distinct] = distinctOf(series.min, series.max);
}

/**
 * A bucket's distinct-value count as both ways of making observations give it: 1 when every value was the
 * same, else 2. The store's builder has no count of distinct values, and the detectors ask only whether a
 * point moved.
 */
function distinctOf(min: number, max: number): number {
  return min === max ? 1 : 2;
}

function recordProcessValue(series: ProcessSeries, slot: number, ns: Nanoseconds, value: number): void {
  if (slot !== series.slot && moveTo(series, PROCESS_VALUE, slot)) {
    series.sum = 0;
    series.min = value;
    series.max = value;
    series.first = value;
    series.last = value;
    series.firstNs = ns;
    series.lastNs = ns;
  }
  if (series.size === series.log.length) {
    turnPage(series);
  }
  const at = series.size;
  series.log[at] = value;
  series.size = at + 1;
  series.sum += value;
  if (value < series.min) {
    series.min = value;
  }
  if (value > series.max) {
    series.max = value;
  }
  if (ns < series.firstNs) {
    series.firstNs = ns;
    series.first = value;
  }
  if (ns >= series.lastNs) {
    series.lastNs = ns;
    series.last = value;
  }
}

/** Moves the open bucket's values to a new page with room for as many again; the closed buckets stay. */
function turnPage(series: ProcessSeries): void {
  const open = series.size - series.openStart;
  const page = new Float64Array(Math.max(Math.min(PAGE, series.log.length * 2), 2 * (open + 1)));
  page.set(series.log.subarray(series.openStart, series.size));
  series.log = page;
  series.openStart = 0;
  series.size = open;
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

/** The state of one aggregation, made by an object literal as the series are (see `Series` in seriesTrie.ts). */
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
  };
}

function addFlow(aggregator: Aggregator, tags: Tags, fields: Fields, slot: number, ns: Nanoseconds): void {
  const node = descend(descend(aggregator.flowTrie, tags.src_ip ?? ''), tags.dst_ip ?? '');
  const series = matchSeries(
    candidatesAt(node),
    aggregator.flowSeries,
    newFlowSeries,
    aggregator,
    tags,
    tags.service ?? '',
    tags.transport ?? '',
    tags.src_asset ?? '',
    tags.dst_asset ?? '',
    tags.src_zone ?? '',
    tags.dst_zone ?? '',
    tags.dst_port ?? ''
  );
  const bytesOut = fields.bytes_out;
  const bytesIn = fields.bytes_in;
  const bytes = (typeof bytesOut === 'number' ? bytesOut : 0) + (typeof bytesIn === 'number' ? bytesIn : 0);
  recordFlow(series, slot, ns, bytes);
}

function addOtOperation(aggregator: Aggregator, tags: Tags, fields: Fields, slot: number, ns: Nanoseconds): void {
  const node = descend(descend(aggregator.otTrie, tags.src_ip ?? ''), tags.dst_ip ?? '');
  const series = matchSeries(
    candidatesAt(node),
    aggregator.otSeries,
    newOtSeries,
    aggregator,
    tags,
    tags.protocol ?? '',
    tags.operation ?? '',
    tags.src_asset ?? '',
    tags.dst_asset ?? '',
    tags.src_zone ?? '',
    tags.dst_zone ?? '',
    tags.function_code ?? ''
  );
  recordOtOperation(series, slot, ns, fields);
}

function addProcessValue(aggregator: Aggregator, tags: Tags, fields: Fields, slot: number, ns: Nanoseconds): boolean {
  const value = fields.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return false;
  }
  const node = descend(aggregator.processTrie, tags.point ?? '');
  const series = matchSeries(
    candidatesAt(node),
    aggregator.processSeries,
    newProcessSeries,
    aggregator,
    tags,
    tags.zone ?? '',
    tags.kind ?? '',
    tags.unit ?? '',
    tags.asset ?? '',
    '',
    '',
    ''
  );
  recordProcessValue(series, slot, ns, value);
  return true;
}

function addAuth(aggregator: Aggregator, tags: Tags, fields: Fields, slot: number, ns: Nanoseconds): void {
  const node = descend(descend(aggregator.authTrie, tags.asset ?? ''), tags.src_ip ?? '');
  const series = matchSeries(
    candidatesAt(node),
    aggregator.authSeries,
    newAuthSeries,
    aggregator,
    tags,
    tags.user ?? '',
    tags.method ?? '',
    tags.zone ?? '',
    tags.src_asset ?? '',
    tags.src_zone ?? '',
    tags.result ?? '',
    ''
  );
  tally(series, AUTH, slot, ns, fieldNumber(fields.count) ?? 1);
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

/**
 * The finished series of flows, OT requests or logons: each one's figures in time order, its bucket starts
 * in a share of one typed array, and its records made from them and its tags when asked for. They hold
 * nothing of the aggregation, which can go once it ends.
 */
function finishedSeries<S extends Series & { figures: Figures }, T, R>(
  all: readonly S[],
  kind: SeriesKind<S>,
  stride: number,
  tagsOf: (series: S) => T,
  recordOf: (tags: T, bucketStarts: Float64Array, figures: Figures, i: number) => R
): Array<ObservationSeries<R> & { figures: Figures }> {
  const orders = all.map((series) => finishSeries(series, kind));
  let total = 0;
  for (const series of all) {
    total += series.closed.slots.length;
  }
  const starts = new Float64Array(total);
  let offset = 0;
  return all.map((series, n) => {
    // Before the figures are put in time order: a kind may complete them here.
    const tags = tagsOf(series);
    const order = orders[n];
    const slots = series.closed.slots;
    const size = slots.length;
    const { anchor, bucketMs } = series.clock;
    const bucketStarts = starts.subarray(offset, offset + size);
    offset += size;
    let figures = series.figures;
    if (order === undefined) {
      for (let i = 0; i < size; i++) {
        bucketStarts[i] = anchor + slots[i] * bucketMs;
      }
    } else {
      const unordered = figures;
      figures = [];
      for (let i = 0; i < size; i++) {
        const index = order[i];
        bucketStarts[i] = anchor + slots[index] * bucketMs;
        for (let k = 0; k < stride; k++) {
          figures.push(unordered[index * stride + k]);
        }
      }
    }
    const record = (i: number): R => recordOf(tags, bucketStarts, figures, i);
    return {
      first: record(0),
      size,
      bucketStarts,
      figures,
      record,
      records() {
        const records: R[] = new Array(size);
        for (let i = 0; i < size; i++) {
          records[i] = record(i);
        }
        return records;
      },
    };
  });
}

function finishAggregation(aggregator: Aggregator, range: { from: number; to: number }): Observations {
  const observations = emptyObservations(range.from, range.to);
  const flows = runOrders(
    finishedSeries(aggregator.flowSeries, FLOW, FLOW_FIGURES, flowTags, flowRecord),
    (s) => s.first,
    compareFlowSeries
  );
  const otOperations = runOrders(
    finishedSeries(aggregator.otSeries, OT_OPERATION, OT_FIGURES, otTags, otRecord),
    (s) => s.first,
    compareOtOperationSeries
  );
  const auth = runOrders(
    finishedSeries(aggregator.authSeries, AUTH, AUTH_FIGURES, authTags, authRecord),
    (s) => s.first,
    compareAuthSeries
  );
  const processStats = runOrders(
    finishedSeries(aggregator.processSeries, PROCESS_VALUE, STAT_FIGURES, processTags, processRecord),
    (s) => s.first,
    compareProcessSeries
  );
  observations.controllerStates = aggregator.controllerStates.sort(compareControllerStates);
  observations.alerts = aggregator.alerts.sort(compareAlerts);
  observations.assets = aggregator.assets.sort(compareAssets);
  // The records of flows, OT requests, logons and process statistics are made only when something reads
  // them: the detectors read the series. They group flows by port number and process statistics by asset
  // and point alone, so where two series here are one there (a port written two ways, a point whose kind
  // changed), they group for themselves.
  const clock: BucketClock = { anchor: aggregator.anchor, bucketMs: aggregator.bucketMs };
  const listOf =
    <R extends { bucketStart: number }>(ordered: { byCompare: Array<ObservationSeries<R>> }) =>
    () =>
      mergeRuns(
        ordered.byCompare.map((s) => s.records()),
        clock
      );
  handOverSeries(observations, {
    flows: {
      series: siblingsClash(aggregator.flowTrie, samePortNumber) ? undefined : flows.byAppearance,
      list: listOf(flows),
    },
    otOperations: { series: otOperations.byAppearance, list: listOf(otOperations) },
    auth: { series: auth.byAppearance, list: listOf(auth) },
    processStats: {
      series: siblingsClash(aggregator.processTrie, sameAsset)
        ? undefined
        : processStats.byAppearance.map((s) => makePointSeries(s, s.figures)),
      list: listOf(processStats),
    },
  });
  return observations;
}

/** Flow series that differ only in how their port is written. */
function samePortNumber(a: FlowSeries, b: FlowSeries): boolean {
  return (
    a.dstPort === b.dstPort &&
    a.r0 === b.r0 &&
    a.r1 === b.r1 &&
    a.r2 === b.r2 &&
    a.r3 === b.r3 &&
    a.r4 === b.r4 &&
    a.r5 === b.r5
  );
}

/** Series of one point (siblings share the point) that differ in zone, kind or unit. */
function sameAsset(a: ProcessSeries, b: ProcessSeries): boolean {
  return a.asset === b.asset;
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
  const pointsRange =
    seen[0] <= seen[1]
      ? { from: aggregator.anchor + seen[0] * bucketMs, to: aggregator.anchor + (seen[1] + 1) * bucketMs }
      : undefined;
  return finishAggregation(aggregator, closedRange(limit, pointsRange));
}

/** The range observations cover: the given ends where they are finite, the points' buckets elsewhere. */
function closedRange(
  limit: { from: number; to: number } | undefined,
  pointsRange: { from: number; to: number } | undefined
): { from: number; to: number } {
  const from = limit !== undefined && Number.isFinite(limit.from) ? limit.from : pointsRange?.from;
  const to = limit !== undefined && Number.isFinite(limit.to) ? limit.to : pointsRange?.to;
  // No point kept and an open end: an empty range at the end that is known.
  return { from: from ?? to ?? 0, to: to ?? from ?? 0 };
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
  // The slot of the last point's bucket, and that bucket's bounds in nanoseconds once two points in a row
  // fell in it (empty until then).
  let bucketFromNs = 1n;
  let bucketToNs = 0n;
  let slot = 0;
  for (let index = 0; index < list.length; index++) {
    const point = list[index];
    if (point === null || typeof point !== 'object' || point.tags === null || point.fields === null) {
      continue;
    }
    const ns = point.timestampNs;
    // Consecutive points mostly share a bucket, and a comparison of bigints allocates nothing. The bounds
    // themselves are bigints made for the purpose, so they are made only for a second point in a row in one
    // bucket: points in no order would otherwise make two for every point.
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
      const pointSlot = (bucketStart - anchor) / bucketMs;
      if (pointSlot === slot) {
        bucketFromNs = BigInt(bucketStart) * NS_PER_MS;
        bucketToNs = bucketFromNs + bucketNs;
      } else {
        bucketFromNs = 1n;
        bucketToNs = 0n;
        slot = pointSlot;
      }
    }
    if (!(ns >= fromNs && ns < toNs)) {
      continue;
    }
    const tags: Tags = point.tags ?? {};
    const fields: Fields = point.fields ?? {};
    let kept = true;
    switch (point.measurement) {
      case 'flow':
        addFlow(aggregator, tags, fields, slot, ns);
        break;
      case 'ot_operation':
        addOtOperation(aggregator, tags, fields, slot, ns);
        break;
      case 'process_value':
        kept = addProcessValue(aggregator, tags, fields, slot, ns);
        break;
      case 'auth':
        addAuth(aggregator, tags, fields, slot, ns);
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
