/**
 * Observations regrouped by series (every tag equal, buckets in time order), shared by the detectors:
 * most judgements (is this path allowed, was it seen in the baseline) depend on the series, not the
 * bucket, so each series is judged once. Built once per observations and remembered, because several
 * detectors ask for the same grouping of the same arrays; the aggregation, which groups records as it makes
 * them, hands its grouping over instead (see `handOverSeries`).
 */
import { compareOtOperations } from './aggregation/observationOrder';
import { descend, type TrieNode, trieNode } from './aggregation/seriesTrie';
import type {
  AuthAggregate,
  FlowAggregate,
  Observations,
  OtOperationAggregate,
  ProcessPointStat,
} from './observations';

/**
 * One series of buckets: every tag equal, buckets in time order. Its records may be made only when asked
 * for (the aggregation keeps flows, OT requests, logons and process statistics as figures, not records), so
 * a detector that judges a series by its tags and bucket times makes none.
 */
export interface Series<T> {
  /** The first bucket's record; the series' tags are its tags. */
  readonly first: T;
  /** How many buckets. */
  readonly size: number;
  /** Each bucket's start, in epoch milliseconds and time order. */
  readonly bucketStarts: Float64Array;
  /** The record of the bucket at `index` in time order. */
  record(index: number): T;
  /** Every bucket's record, in time order; the caller must not change the list. */
  records(): readonly T[];
}

/** Where each figure of a process statistic lies among a bucket's `STAT_FIGURES` numbers. */
export const STAT = { count: 0, mean: 1, median: 2, min: 3, max: 4, first: 5, last: 6, distinct: 7 } as const;
export const STAT_FIGURES = 8;

/**
 * A process point's statistics (its asset and point name; the first statistic's zone, kind and unit) in
 * time order: their figures as numbers, `STAT_FIGURES` per bucket in the order of `STAT`, and each record
 * made when asked for.
 */
export interface PointSeries extends Series<ProcessPointStat> {
  key: string;
  asset: string;
  zone: string;
  point: string;
  kind: string;
  unit: string;
  /** Every bucket's width (the first bucket's). */
  bucketMs: number;
  /** The caller must not change them. */
  figures: readonly number[];
  /** The unit of the bucket at `index`: the series' own, unless its records say otherwise. */
  unitOf(index: number): string;
}

/** What was built from one list of records, and how long the list was then. */
export interface Remembered<V> {
  length: number;
  value: V;
}

const flowMemory = new WeakMap<readonly FlowAggregate[], Remembered<Array<Series<FlowAggregate>>>>();
const otMemory = new WeakMap<readonly OtOperationAggregate[], Remembered<Array<Series<OtOperationAggregate>>>>();
const authMemory = new WeakMap<readonly AuthAggregate[], Remembered<Array<Series<AuthAggregate>>>>();
const pointMemory = new WeakMap<readonly ProcessPointStat[], Remembered<PointSeries[]>>();

/** What `build` makes of `records`, built once per list (again if the list has grown or shrunk since). */
export function remembered<T, V>(
  memory: WeakMap<readonly T[], Remembered<V>>,
  records: readonly T[],
  build: (records: readonly T[]) => V
): V {
  const known = memory.get(records);
  if (known !== undefined && known.length === records.length) {
    return known.value;
  }
  const value = build(records);
  memory.set(records, { length: records.length, value });
  return value;
}

/**
 * Groups records into runs, one per series: a trie on the first tag values (the addresses, where series
 * differ most) leads to a few siblings, told apart by comparing the other tags with `same`. Two map levels
 * and a short scan cost far less than a map level per tag. Runs come in order of first appearance, each in
 * time order.
 */
function group<T extends { bucketStart: number }>(
  records: readonly T[],
  path: (root: TrieNode<T[][]>, record: T) => TrieNode<T[][]>,
  same: (a: T, b: T) => boolean
): T[][] {
  const root = trieNode<T[][]>();
  const all: T[][] = [];
  const unordered = new Set<T[]>();
  for (const record of records) {
    const node = path(root, record);
    let siblings = node.leaf;
    if (siblings === undefined) {
      siblings = [];
      node.leaf = siblings;
    }
    let run: T[] | undefined;
    for (let i = 0; i < siblings.length; i++) {
      if (same(siblings[i][0], record)) {
        run = siblings[i];
        break;
      }
    }
    if (run === undefined) {
      run = [record];
      siblings.push(run);
      all.push(run);
    } else {
      if (run[run.length - 1].bucketStart > record.bucketStart) {
        unordered.add(run);
      }
      run.push(record);
    }
  }
  for (const run of unordered) {
    run.sort((a, b) => a.bucketStart - b.bucketStart);
  }
  return all;
}

/** A series over records that exist already, non-empty and in time order. */
function seriesOfRecords<T extends { bucketStart: number }>(items: readonly T[]): Series<T> {
  let starts: Float64Array | undefined;
  return {
    first: items[0],
    size: items.length,
    get bucketStarts() {
      if (starts === undefined) {
        starts = new Float64Array(items.length);
        for (let i = 0; i < items.length; i++) {
          starts[i] = items[i].bucketStart;
        }
      }
      return starts;
    },
    record: (index) => items[index],
    records: () => items,
  };
}

/** A process point's series from a series of its statistics and their figures in time order. */
export function makePointSeries(
  series: Series<ProcessPointStat>,
  figures: readonly number[],
  unitOf?: (index: number) => string
): PointSeries {
  const s = series.first;
  return {
    first: s,
    size: series.size,
    bucketStarts: series.bucketStarts,
    record: series.record,
    records: series.records,
    key: `${s.asset}|${s.point}`,
    asset: s.asset,
    zone: s.zone,
    point: s.point,
    kind: s.kind,
    unit: s.unit,
    bucketMs: s.bucketMs,
    figures,
    unitOf: unitOf ?? (() => s.unit),
  };
}

/** The figures of statistics, `STAT_FIGURES` per statistic in the order of `STAT`. */
function statFigures(stats: readonly ProcessPointStat[]): number[] {
  const figures: number[] = [];
  for (const s of stats) {
    figures.push(s.count, s.mean, s.median, s.min, s.max, s.first, s.last, s.distinct);
  }
  return figures;
}

/** A process point's series over statistics that exist already, non-empty and in time order. */
function pointSeriesOfStats(stats: readonly ProcessPointStat[]): PointSeries {
  return makePointSeries(seriesOfRecords(stats), statFigures(stats), (index) => stats[index].unit);
}

function byKey(a: PointSeries, b: PointSeries): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The lists whose records a maker of observations may make only when they are read. */
type ListedOnRead = 'flows' | 'otOperations' | 'auth' | 'processStats';

/** Series handed over with observations whose list is made when read, and that list once it is. */
interface Handover<T, S = Series<T>> {
  series: S[] | undefined;
  list: T[] | undefined;
  length: number;
}

const flowHandover = new WeakMap<Observations, Handover<FlowAggregate>>();
const otHandover = new WeakMap<Observations, Handover<OtOperationAggregate>>();
const authHandover = new WeakMap<Observations, Handover<AuthAggregate>>();
const pointHandover = new WeakMap<Observations, Handover<ProcessPointStat, PointSeries>>();

/**
 * Makes `obs[key]` a list that `make` builds when it is first read, and `series` (when given) the grouping
 * the detectors use as long as that list is not replaced or resized. The maker vouches for the series: the
 * same series, records and order that grouping the list would give.
 */
function listOnRead<T, S>(
  obs: Observations,
  key: ListedOnRead,
  handovers: WeakMap<Observations, Handover<T, S>>,
  make: () => T[],
  series: S[] | undefined
): void {
  const handover: Handover<T, S> = { series, list: undefined, length: 0 };
  handovers.set(obs, handover);
  Object.defineProperty(obs, key, {
    configurable: true,
    enumerable: true,
    get(): T[] {
      if (handover.list === undefined) {
        handover.list = make();
        handover.length = handover.list.length;
      }
      return handover.list;
    },
    set(list: T[]) {
      handover.list = list;
      handover.series = undefined;
    },
  });
}

/** The series handed over with `obs`, unless its list has been replaced or resized since. */
function handedOver<T, S>(obs: Observations, handovers: WeakMap<Observations, Handover<T, S>>): S[] | undefined {
  const handover = handovers.get(obs);
  if (handover === undefined || handover.series === undefined) {
    return undefined;
  }
  return handover.list === undefined || handover.list.length === handover.length ? handover.series : undefined;
}

/** Flow, OT request, logon and process point series, and how to make each list of records when it is read. */
export interface SeriesHandover {
  flows: { series: Array<Series<FlowAggregate>> | undefined; list: () => FlowAggregate[] };
  otOperations: { series: Array<Series<OtOperationAggregate>> | undefined; list: () => OtOperationAggregate[] };
  auth: { series: Array<Series<AuthAggregate>> | undefined; list: () => AuthAggregate[] };
  /** In any order: the detectors take them by asset and point. */
  processStats: { series: PointSeries[] | undefined; list: () => ProcessPointStat[] };
}

/**
 * Hands the maker's series of `obs` to the detectors, so they need not group records that the maker had
 * grouped (a series left undefined is grouped from its list when asked for), and makes the lists of flows,
 * OT requests, logons and process statistics only when something reads them.
 */
export function handOverSeries(obs: Observations, handover: SeriesHandover): void {
  listOnRead(obs, 'flows', flowHandover, handover.flows.list, handover.flows.series);
  listOnRead(obs, 'otOperations', otHandover, handover.otOperations.list, handover.otOperations.series);
  listOnRead(obs, 'auth', authHandover, handover.auth.list, handover.auth.series);
  listOnRead(obs, 'processStats', pointHandover, handover.processStats.list, handover.processStats.series?.sort(byKey));
}

/** The series of a list of records, grouped once per list (again if it has grown or shrunk since). */
function groupedOnce<T extends { bucketStart: number }>(
  memory: WeakMap<readonly T[], Remembered<Array<Series<T>>>>,
  records: readonly T[],
  path: (root: TrieNode<T[][]>, record: T) => TrieNode<T[][]>,
  same: (a: T, b: T) => boolean
): Array<Series<T>> {
  return remembered(memory, records, (list) => group(list, path, same).map(seriesOfRecords));
}

/** Flow series, in order of first appearance. */
export function flowSeriesOf(obs: Observations): Array<Series<FlowAggregate>> {
  return (
    handedOver(obs, flowHandover) ??
    groupedOnce(
      flowMemory,
      obs.flows,
      (root, f) => descend(descend(root, f.srcIp), f.dstIp),
      (a, b) =>
        a.dstPort === b.dstPort &&
        a.service === b.service &&
        a.transport === b.transport &&
        a.srcAsset === b.srcAsset &&
        a.dstAsset === b.dstAsset &&
        a.srcZone === b.srcZone &&
        a.dstZone === b.dstZone
    )
  );
}

/** OT request series, in order of first appearance. */
export function otSeriesOf(obs: Observations): Array<Series<OtOperationAggregate>> {
  return (
    handedOver(obs, otHandover) ??
    groupedOnce(
      otMemory,
      obs.otOperations,
      (root, op) => descend(descend(root, op.srcIp), op.dstIp),
      (a, b) =>
        a.functionCode === b.functionCode &&
        a.operation === b.operation &&
        a.protocol === b.protocol &&
        a.srcAsset === b.srcAsset &&
        a.dstAsset === b.dstAsset &&
        a.srcZone === b.srcZone &&
        a.dstZone === b.dstZone
    )
  );
}

/**
 * The records of the OT request series whose tags `wanted` accepts, in the observations' order (by bucket,
 * then by series), without making the records of the others.
 */
export function otRequestsWhere(
  obs: Observations,
  wanted: (op: OtOperationAggregate) => boolean
): OtOperationAggregate[] {
  const requests: OtOperationAggregate[] = [];
  for (const series of otSeriesOf(obs)) {
    if (wanted(series.first)) {
      requests.push(...series.records());
    }
  }
  return requests.sort(compareOtOperations);
}

/** Logon series (target, source, user, method and result), in order of first appearance. */
export function authSeriesOf(obs: Observations): Array<Series<AuthAggregate>> {
  return (
    handedOver(obs, authHandover) ??
    groupedOnce(
      authMemory,
      obs.auth,
      (root, a) => descend(descend(root, a.asset), a.srcIp),
      (a, b) =>
        a.user === b.user &&
        a.method === b.method &&
        a.result === b.result &&
        a.zone === b.zone &&
        a.srcAsset === b.srcAsset &&
        a.srcZone === b.srcZone
    )
  );
}

/** Process point series by asset and point, ordered by asset, then point. */
export function pointSeriesOf(obs: Observations): PointSeries[] {
  return (
    handedOver(obs, pointHandover) ??
    remembered(pointMemory, obs.processStats, (stats) =>
      group(
        stats,
        (root, s) => descend(descend(root, s.asset), s.point),
        // Asset and point name a process point.
        () => true
      )
        .map(pointSeriesOfStats)
        .sort(byKey)
    )
  );
}
